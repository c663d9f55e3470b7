import { describe, expect, it } from 'vitest';
import type { Ledger, LedgerSource } from '../vault/ledger.ts';
import { getSection } from '../vault/markdown.ts';
import { renderTaskLine } from '../core/task-line.ts';
import { collectDigest, renderDigest } from './digest.ts';
import { ownerConfig } from './testing/threads.ts';

const config = ownerConfig();

function source(id: string, over: Partial<LedgerSource>): LedgerSource {
  return {
    source_id: id,
    inbox_name: `${id}.md`,
    archived_path: `Sources/Email/2026/${id}.md`,
    note_path: `Meetings/2026/${id}.md`,
    kind: 'email',
    title: id,
    date: '2026-01-05',
    extractor: 'offline',
    run_id: 'r',
    processed_at: '2026-01-05T20:00:00Z',
    outputs: [],
    entities: [],
    duplicates: [],
    ...over,
  };
}

const tls = 'Meetings/2026/2026-01-05 - TLS for Block requested for Google GDC.md';
const ledger: Ledger = {
  version: 1,
  sources: {
    a: source('a', {
      note_path: 'Meetings/2026/2026-01-02 - Red flare.md',
      title: 'Red flare',
      date: '2026-01-02',
      run_id: 'r1',
      processed_at: '2026-01-04T21:00:00Z',
      entities: ['person:jeff-denworth'],
    }),
    b: source('b', {
      note_path: tls,
      title: 'TLS for Block requested for Google GDC',
      run_id: 'r2',
      entities: ['person:jeff-denworth', 'person:itzik-reich'],
    }),
    c: source('c', { title: 'Undone run', run_id: 'r3', entities: ['person:ghost'] }),
  },
  runs: [
    {
      run_id: 'r1',
      started: '2026-01-04T21:00:00Z',
      finished: '2026-01-04T21:01:00Z',
      sources: ['a'],
      failed: [],
      files: [],
      commit: null,
      status: 'applied',
    },
    {
      run_id: 'r2',
      started: '2026-01-05T20:00:00Z',
      finished: '2026-01-05T20:01:00Z',
      sources: ['b'],
      failed: [],
      files: [],
      commit: null,
      status: 'applied',
    },
    {
      run_id: 'r3',
      started: '2026-01-05T22:00:00Z',
      finished: '2026-01-05T22:01:00Z',
      sources: ['c'],
      failed: [],
      files: [],
      commit: null,
      status: 'undone',
    },
  ],
};

const task = (text: string, status: 'proposed' | 'open' | 'done', due: string | null, id: string) =>
  renderTaskLine({ text, owner: 'Myself', due, priority: null, status, id });

const notes = [
  {
    path: tls,
    content: `---\ntype: email\n---\n# TLS\n## Action Items\n${task('Take TLS for Block with Google', 'proposed', '2026-01-09', 't1')}\n`,
  },
  {
    path: 'Meetings/2026/2026-01-02 - Red flare.md',
    content: [
      '# Red flare',
      task('Send the BOM', 'open', '2026-01-06', 't2'),
      task('Call Jeff', 'open', '2026-01-03', 't3'),
      task('Old thing', 'done', '2026-01-01', 't4'),
      task('Not today', 'open', '2026-01-20', 't5'),
      '- Owner of the Microsoft deal is unclear #needs-review',
      '```tasks',
      '- [ ] an example inside a query block 📅 2026-01-01',
      '```',
    ].join('\n'),
  },
  { path: 'People/Itzik Reich/README.md', content: '---\ntype: person\nname: Itzik Reich\n---\n# Itzik Reich\n' },
  {
    path: 'People/Jeff Denworth/README.md',
    content: '---\ntype: person\nname: Jeff Denworth\ntags: [needs-review]\n---\n# Jeff\n',
  },
];

const outbox = [
  {
    path: 'Outbox/2026-01-05 Re TLS.md',
    content:
      '---\nto: Itzik Reich <itzik.reich@vastdata.com>\nsubject: "Re: TLS"\nurgency: normal\nstatus: draft\n---\n',
  },
  { path: 'Outbox/2026-01-04 Re Old.md', content: '---\nto: x <x@y.z>\nsubject: "Re: Old"\nstatus: discarded\n---\n' },
  { path: 'Outbox/2026-01-08 Sync.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
];

describe('digest', () => {
  const input = { date: '2026-01-05', ledger, notes, outbox, config };

  it('collects the day: sources of applied runs, new vs changed entities, tasks, drafts, flags', () => {
    const d = collectDigest(input);
    expect(d.cameIn.map((s) => s.source_id)).toEqual(['b']);
    expect(d.newEntities).toEqual(['person:itzik-reich']);
    expect(d.changedEntities).toEqual(['person:jeff-denworth']);
    expect(d.proposed.map((t) => t.id)).toEqual(['t1']);
    expect(d.due.map((t) => t.id)).toEqual(['t3', 't2']);
    expect(d.drafts.map((x) => x.path)).toEqual(['Outbox/2026-01-05 Re TLS.md']);
    expect(d.flagged.map((f) => f.path)).toEqual([
      'Meetings/2026/2026-01-02 - Red flare.md',
      'People/Jeff Denworth/README.md',
    ]);
  });

  it('renders linked sections', () => {
    const md = renderDigest(input);
    expect(md.startsWith('---\ntype: digest\ndate: 2026-01-05\n')).toBe(true);
    expect(getSection(md, 'What Came In')).toContain(
      '- [[Meetings/2026/2026-01-05 - TLS for Block requested for Google GDC|TLS for Block requested for Google GDC]] (email, 2026-01-05)',
    );
    expect(getSection(md, 'New and Changed Entities')).toContain('- new: [[People/Itzik Reich/README|Itzik Reich]]');
    expect(getSection(md, 'New and Changed Entities')).toContain(
      '- updated: [[People/Jeff Denworth/README|Jeff Denworth]]',
    );
    expect(getSection(md, 'Tasks Proposed')).toContain('Take TLS for Block with Google (@Myself) due 2026-01-09');
    expect(getSection(md, 'Tasks Due')).toMatch(/Call Jeff .* \*\*overdue\*\*/);
    expect(getSection(md, 'Tasks Due')).not.toContain('Not today');
    expect(getSection(md, 'Drafts Waiting')).toContain(
      '[[Outbox/2026-01-05 Re TLS|Re: TLS]] to Itzik Reich <itzik.reich@vastdata.com> (normal)',
    );
    expect(getSection(md, 'Flagged for Review')).toContain('Owner of the Microsoft deal is unclear #needs-review');
  });

  it('says so when nothing happened', () => {
    const md = renderDigest({ ...input, date: '2026-02-01', notes: [], outbox: [] });
    expect(getSection(md, 'What Came In')).toContain('nothing was processed this day');
    expect(getSection(md, 'Drafts Waiting')).toContain('- none');
  });
});
