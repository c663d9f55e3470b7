import { existsSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/helpers/vault.ts';
import { parseConfig } from '../vault/config.ts';
import { INDEX_PATH, rebuildIndex, search, updateIndex } from './index.ts';
import { ftsQuery } from './query.ts';

const config = parseConfig('owner: { name: Jason Vallery, aliases: [Jason] }\n');

const note = (o: {
  title: string;
  date: string;
  people: string[];
  accounts?: string[];
  body: string;
  source?: string;
}) =>
  [
    '---',
    'type: meeting',
    `title: ${o.title}`,
    `date: ${o.date}`,
    'participants:',
    ...o.people.map((p) => `  - "[[People/${p}/README|${p === 'Jason Vallery' ? 'Myself' : p}]]"`),
    ...(o.accounts ? ['accounts:', ...o.accounts.map((a) => `  - "[[Accounts/${a}/README|${a}]]"`)] : []),
    ...(o.source ? [`source: "[[${o.source}]]"`] : []),
    '---',
    `# ${o.title}`,
    '',
    o.body,
    '',
  ].join('\n');

const VAULT = {
  'Meetings/2025/2025-12-15 - Azure Blob pricing.md': note({
    title: 'Azure Blob pricing',
    date: '2025-12-15',
    people: ['Jeff Denworth', 'Jason Vallery'],
    accounts: ['Microsoft'],
    source: 'Sources/Email/2025/2025-12-15 pricing.md',
    body: '## Summary\n\nWe compared the flash tier against hard drives.\n\n## Action Items\n\n- [?] Send the pricing sheet to Jeff Denworth @Myself 📅 2025-12-19 #task #proposed 🆔 t0000001\n- [?] Confirm the capacity plan @Jeff Denworth #task #proposed 🆔 t0000002\n',
  }),
  'Meetings/2025/2025-11-02 - Weekly sync.md': note({
    title: 'Weekly sync',
    date: '2025-11-02',
    people: ['Lior Genzel', 'Jason Vallery'],
    body: '## Summary\n\nLior mentioned that pricing came up with the Google team, and the RFP is due.\n',
  }),
  'People/Jeff Denworth/README.md':
    '---\ntype: person\nname: Jeff Denworth\naliases: [Jeffrey Denworth]\norganisation: VAST Data\nlast_contact: 2025-12-15\n---\n# Jeff Denworth\n\n## Key Facts\n\n- Runs marketing (2025-12-15, [[Meetings/2025/2025-12-15 - Azure Blob pricing]])\n',
  'Accounts/Microsoft/README.md': '---\ntype: account\nname: Microsoft\n---\n# Microsoft\n',
  'Sources/Email/2025/2025-12-15 pricing.md': '# Re: pricing\n\nThe quarterly kilowatt figures are attached.\n',
  'Outbox/2025-12-16 Re pricing.md':
    '---\nto: Jeff Denworth <jeff@vastdata.com>\nsubject: "Re: pricing"\nstatus: draft\n---\nDraft reply about the pricing sheet.\n',
};

describe('the search index', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir('distill-search-');
    writeTree(root, VAULT);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('ranks a title match above a passing mention, with a snippet, path and date', () => {
    const hits = search(root, config, 'pricing', { kind: 'note' });
    expect(hits.map((h) => h.path)).toEqual([
      'Meetings/2025/2025-12-15 - Azure Blob pricing.md',
      'Meetings/2025/2025-11-02 - Weekly sync.md',
    ]);
    expect(hits[1]!.snippet).toContain('**pricing**');
    expect(hits[0]!.date).toBe('2025-12-15');
    expect(existsSync(path.join(root, INDEX_PATH))).toBe(true);
  });

  it('has one row per task line, with its id, status and owner', () => {
    const hits = search(root, config, 'capacity plan', { kind: 'task' });
    expect(hits).toHaveLength(1);
    expect(hits[0]!.task).toEqual({ id: 't0000002', status: 'proposed', owner: 'Jeff Denworth', due: null });
  });

  it('filters by person (whole names, the owner under his own name), account, date and kind', () => {
    const jeff = search(root, config, 'pricing', { people: ['jeff denworth'] }).map((h) => `${h.kind}:${h.path}`);
    expect(jeff).toContain('note:Meetings/2025/2025-12-15 - Azure Blob pricing.md');
    expect(jeff).toContain('draft:Outbox/2025-12-16 Re pricing.md');
    expect(jeff).not.toContain('note:Meetings/2025/2025-11-02 - Weekly sync.md');
    // `Myself` in a note links the owner's page: the owner is found under his name.
    expect(search(root, config, 'pricing', { people: ['jason vallery'], kind: 'meeting' })).toHaveLength(2);
    expect(search(root, config, 'pricing', { people: ['jeff'] })).toEqual([]);
    expect(search(root, config, 'pricing', { accounts: ['microsoft'], kind: 'note' })).toHaveLength(1);
    expect(search(root, config, 'pricing', { since: '2025-12-01', kind: 'note' }).map((h) => h.date)).toEqual([
      '2025-12-15',
    ]);
    expect(search(root, config, 'jeffrey', { kind: 'person' }).map((h) => h.path)).toEqual([
      'People/Jeff Denworth/README.md',
    ]);
  });

  it('indexes archived originals under the people and date of the note that links them', () => {
    const hits = search(root, config, 'kilowatt', { people: ['jeff denworth'] });
    expect(hits.map((h) => [h.kind, h.path, h.date])).toEqual([
      ['source', 'Sources/Email/2025/2025-12-15 pricing.md', '2025-12-15'],
    ]);
  });

  it('reads query syntax as words: operators and stray quotes are never an error', () => {
    expect(ftsQuery('AND OR "NEAR')).toBe('"AND" "OR" "NEAR"');
    expect(ftsQuery('pric*')).toBe('"pric"*');
    expect(ftsQuery('"flash tier"')).toBe('"flash tier"');
    expect(ftsQuery('  -- ')).toBeNull();
    // `NOT` is a word here, found nowhere, so the fallback to any word finds the pricing notes.
    expect(search(root, config, 'NOT pricing" (', { kind: 'note' })).toHaveLength(2);
    expect(search(root, config, 'pric*', { kind: 'note' })).toHaveLength(2);
  });

  it('falls back to any word when no item has them all', () => {
    expect(search(root, config, 'kilowatt zeppelin').map((h) => h.path)).toEqual([
      'Sources/Email/2025/2025-12-15 pricing.md',
    ]);
  });

  it('sees edits, new files and deletions on the next search without being told', () => {
    const file = path.join(root, 'Meetings/2025/2025-11-02 - Weekly sync.md');
    writeFileSync(file, note({ title: 'Weekly sync', date: '2025-11-02', people: ['Lior Genzel'], body: 'Zeppelin.' }));
    // Same size and an older mtime would still differ in mtime; make the change unmistakable either way.
    const t = statSync(file).mtime;
    utimesSync(file, t, new Date(t.getTime() + 2000));
    expect(search(root, config, 'zeppelin').map((h) => h.path)).toEqual(['Meetings/2025/2025-11-02 - Weekly sync.md']);
    rmSync(file);
    expect(search(root, config, 'zeppelin')).toEqual([]);
    writeTree(root, {
      'Meetings/2025/2025-11-03 - New.md': note({
        title: 'New',
        date: '2025-11-03',
        people: [],
        body: 'Zeppelin again.',
      }),
    });
    expect(search(root, config, 'zeppelin').map((h) => h.path)).toEqual(['Meetings/2025/2025-11-03 - New.md']);
  });

  it('finds an original archived after the index was built (the archive is checked by folder)', () => {
    expect(search(root, config, 'wombat')).toEqual([]);
    writeTree(root, { 'Sources/Email/2025/2025-12-20 wombat.md': '# Wombat\n\nThe wombat survey results.\n' });
    expect(search(root, config, 'wombat').map((h) => h.path)).toEqual(['Sources/Email/2025/2025-12-20 wombat.md']);
    rmSync(path.join(root, 'Sources/Email/2025/2025-12-20 wombat.md'));
    expect(search(root, config, 'wombat')).toEqual([]);
  });

  it('rebuilds a deleted or corrupt index on the next use', () => {
    const file = path.join(root, INDEX_PATH);
    rmSync(file);
    for (const f of [`${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    expect(search(root, config, 'kilowatt')).toHaveLength(1);
    writeFileSync(file, 'this is not a database');
    for (const f of [`${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    expect(search(root, config, 'kilowatt')).toHaveLength(1);
    const r = rebuildIndex(root, config);
    expect(r.files).toBe(Object.keys(VAULT).length);
  });

  it('updateIndex takes the files a run touched, and a deleted one leaves the index', () => {
    writeTree(root, {
      'Meetings/2025/2025-11-04 - Later.md': note({ title: 'Later', date: '2025-11-04', people: [], body: 'Quokka.' }),
    });
    updateIndex(root, ['Meetings/2025/2025-11-04 - Later.md'], config);
    expect(search(root, config, 'quokka')).toHaveLength(1);
    rmSync(path.join(root, 'Meetings/2025/2025-11-04 - Later.md'));
    updateIndex(root, ['Meetings/2025/2025-11-04 - Later.md'], config);
    expect(search(root, config, 'quokka')).toEqual([]);
  });
});
