import { describe, expect, it } from 'vitest';
import { Config } from '../../vault/config.ts';
import type { ExtractContext } from '../extractor.ts';
import { extractParticipants, ownerMatcher } from '../participants.ts';
import { emailEnvelope } from './build-envelope.ts';
import { extractMentions } from './mentions.ts';
import { unitsOf } from './sentences.ts';

const config = Config.parse({
  owner: { name: 'Jason Vallery', emails: ['jason.vallery@vastdata.com'] },
  entities: { domains: { 'corp.contoso.com': 'Contoso' } },
});
const isOwner = ownerMatcher(config);

function mentionsOf(
  body: string,
  from = { name: 'Adem Sefa', email: 'adem.sefa@microsoft.com' },
  known: ExtractContext['known'] = [],
) {
  const env = emailEnvelope('Intro', [{ from, date: '2025-11-20T14:17:20', body }]);
  const participants = extractParticipants(env, isOwner, ['jason']);
  const units = unitsOf(
    env,
    isOwner,
    participants.map((p) => p.name),
  );
  return extractMentions(env, units, participants, { config, known, today: '2026-01-01' }, isOwner);
}

describe('extractMentions', () => {
  it("names accounts from sender domains, never free mail or the owner's own domain", () => {
    expect(mentionsOf('Hello there, meet my friend.')).toContainEqual({
      kind: 'account',
      name: 'Microsoft',
      email: null,
    });
    const gmail = mentionsOf('Thanks for the intro.', { name: 'Edwin Trogler', email: 'edwintrogler@gmail.com' });
    expect(gmail.filter((m) => m.kind === 'account')).toEqual([]);
    const colleague = mentionsOf('Thanks for the intro.', { name: 'Noa Cohen', email: 'noa@vastdata.com' });
    expect(colleague.filter((m) => m.kind === 'account')).toEqual([]);
    const byOrg = extractMentions(
      emailEnvelope('x', [
        { from: { name: 'Noa Cohen', email: 'noa@vastdata.com' }, date: '2025-11-20T14:17:20', body: 'Hi.' },
      ]),
      [],
      [],
      {
        config: Config.parse({ owner: { name: 'Jason Vallery', organisation: 'VAST Data' } }),
        known: [],
        today: '2026-01-01',
      },
      isOwner,
    );
    expect(byOrg.filter((m) => m.kind === 'account')).toEqual([]);
    const mapped = mentionsOf('Thanks.', { name: 'Ann Lee', email: 'ann@corp.contoso.com' });
    expect(mapped).toContainEqual({ kind: 'account', name: 'Contoso', email: null });
  });

  it("makes no account of a domain named after its own sender (a family's or a person's mail)", () => {
    for (const from of [
      { name: 'James Vallery', email: 'james@vallery.net' },
      { name: 'Jane Doe', email: 'jane@janedoe.com' },
      { name: 'Jane Doe', email: 'me@jdoe.io' },
    ])
      expect(mentionsOf('See the list below.', from).filter((m) => m.kind === 'account')).toEqual([]);
    // a company named like its founder is still an account when the sender is someone else
    expect(mentionsOf('Hi.', { name: 'Ann Lee', email: 'ann@dell.com' })).toContainEqual({
      kind: 'account',
      name: 'Dell',
      email: null,
    });
  });

  it('keeps organisations named in text only when known, and compares names whole', () => {
    const ms = mentionsOf(
      'We met Google and Fabrikam Inc. about AI training; Cloud teams joined.',
      { name: 'Noa Cohen', email: 'noa@vastdata.com' },
      [
        { kind: 'account', name: 'OpenAI', aliases: [], emails: [] },
        { kind: 'account', name: 'Oracle', aliases: ['Oracle Cloud'], emails: [] },
        { kind: 'project', name: 'GCP MVP', aliases: ['Cloud MVP'], emails: [] },
      ],
    );
    const names = ms.map((m) => `${m.kind}:${m.name}`);
    expect(names).toContain('account:Google');
    expect(names).toContain('account:Fabrikam Inc');
    expect(names).not.toContain('account:OpenAI');
    expect(names).not.toContain('account:Oracle');
    expect(names).not.toContain('project:GCP MVP');
  });

  it('adds people named in full in the text, and known projects', () => {
    const ms = mentionsOf(
      'I added Edwin Trogler to the GCP MVP thread.',
      { name: 'Adem Sefa', email: 'adem.sefa@microsoft.com' },
      [{ kind: 'project', name: 'GCP MVP', aliases: [], emails: [] }],
    );
    expect(ms).toContainEqual({ kind: 'person', name: 'Edwin Trogler', email: null });
    expect(ms).toContainEqual({ kind: 'project', name: 'GCP MVP', email: null });
    expect(ms).toContainEqual({ kind: 'person', name: 'Adem Sefa', email: 'adem.sefa@microsoft.com' });
  });
});
