import { describe, expect, it } from 'vitest';
import { accountNameForEmail } from './accounts.ts';
import {
  addEntities,
  buildRegistry,
  entityKey,
  folderFor,
  knownEntities,
  lookupKey,
  MAX_FOLDER_BYTES,
  safeFolderName,
} from './registry.ts';
import { demoConfig, page } from './testing.ts';

const config = demoConfig();

describe('buildRegistry', () => {
  const reg = buildRegistry(
    [
      page(
        'People/Jeff Denworth/README.md',
        'type: person\nemail: Jeff@VASTdata.com\naliases: [Jeffrey Denworth]\ncompany: "[[VAST Data]]"',
      ),
      page('People/Jason Vallery/README.md', 'type: person\nrole: VP Product'),
      page('Accounts/Microsoft/README.md', 'type: account\ndomains: [microsoft.com]\naliases: [MSFT]'),
      page('Projects/Azure MAI/README.md', 'type: project'),
      page('People/_Templates/README.md', 'type: person'),
      page('Meetings/2025/README.md', 'type: person'),
    ],
    config,
  );

  it('reads people, accounts and projects from their pages', () => {
    expect(reg.entities.map((e) => `${e.id} ${e.folder}`)).toEqual([
      'account:microsoft Accounts/Microsoft',
      'account:vast-data Accounts/VAST Data',
      'person:jason-vallery People/Jason Vallery',
      'person:jeff-denworth People/Jeff Denworth',
      'project:azure-mai Projects/Azure MAI',
    ]);
    const jeff = reg.byId.get('person:jeff-denworth')!;
    expect(jeff.emails).toEqual(['jeff@vastdata.com']);
    expect(jeff.organisation).toBe('VAST Data');
    expect(reg.byEmail.get('jeff@vastdata.com')).toBe(jeff.id);
    expect(reg.byDomain.get('microsoft.com')).toBe('account:microsoft');
    expect(reg.byDomain.get('vastdata.com')).toBe('account:vast-data');
  });

  it('always has the owner, under the configured name, with Myself as an alias, merged with his own page', () => {
    const owner = reg.byId.get(reg.ownerId)!;
    expect(owner).toMatchObject({ name: 'Jason Vallery', owner: true, role: 'VP Product', organisation: 'VAST Data' });
    expect(owner.aliases).toEqual(['JV', 'Jason', 'Myself']);
    expect(lookupKey(reg, 'person', 'myself')).toEqual([reg.ownerId]);
  });

  it('looks accounts up without legal suffixes, and never by substring', () => {
    expect(entityKey('account', 'Microsoft Corporation')).toBe('microsoft');
    expect(lookupKey(reg, 'account', 'Microsoft Corp.')).toEqual(['account:microsoft']);
    expect(lookupKey(reg, 'account', 'Micro')).toEqual([]);
  });

  it('adds entities created earlier in the run and lists names for extractors', () => {
    const next = addEntities(reg, [
      {
        id: 'person:kushal-datta',
        kind: 'person',
        name: 'Kushal Datta',
        aliases: [],
        emails: [],
        domains: [],
        organisation: 'Microsoft',
        role: null,
        folder: 'People/Kushal Datta',
      },
    ]);
    expect(lookupKey(next, 'person', 'kushal datta')).toEqual(['person:kushal-datta']);
    expect(lookupKey(reg, 'person', 'kushal datta')).toEqual([]);
    expect(knownEntities(next).find((k) => k.name === 'Microsoft')).toEqual({
      kind: 'account',
      name: 'Microsoft',
      aliases: ['MSFT'],
      emails: [],
    });
  });
});

describe('accountNameForEmail', () => {
  it.each([
    ['kushal.datta@microsoft.com', 'Microsoft'],
    ['someone@mail.eu.microsoft.com', 'Microsoft'],
    ['lior@vastdata.com', 'VAST Data'],
    ['jane@gmail.com', null],
    ['no-reply@zoom.us', null],
    ['noreply@coreweave.com', null],
    ['anna@coreweave.com', 'Coreweave'],
    ['x@bbc.co.uk', 'Bbc'],
  ])('%s -> %s', (email, name) => {
    expect(accountNameForEmail(email, config)).toBe(name);
  });
});

describe('safeFolderName', () => {
  it('drops control characters and the characters links and paths refuse', () => {
    expect(safeFolderName('Bob\u0000 \u001b[31mSmith')).toBe('Bob 31mSmith');
    expect(safeFolderName('Bob]] [[People/Jason Vallery/README|Boss')).toBe('Bob People Jason Vallery README Boss');
  });

  it('never ends in a dot or a space', () => {
    expect(safeFolderName('Acme Inc. ')).toBe('Acme Inc');
    expect(safeFolderName(`${'Ab '.repeat(66)}J. Smith`)).not.toMatch(/[. ]$/);
  });

  it('fits in 200 bytes of UTF-8, cut between code points', () => {
    const long = '名'.repeat(100); // 300 bytes, one "word"
    const cut = safeFolderName(long);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(MAX_FOLDER_BYTES);
    expect(cut).toBe('名'.repeat(66));
    const emoji = safeFolderName('😀'.repeat(60));
    expect(Buffer.byteLength(emoji, 'utf8')).toBe(200);
    expect([...emoji].every((c) => c === '😀')).toBe(true);
  });

  it('gives the same folder for a name as before when it was already safe', () => {
    expect(safeFolderName('Jonsi Stefánsson')).toBe('Jonsi Stefánsson');
    expect(folderFor('person', 'Jeff Denworth', config)).toBe('People/Jeff Denworth');
  });
});
