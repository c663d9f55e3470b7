import { describe, expect, it } from 'vitest';
import { renderTaskLine } from '../core/task-line.ts';
import type { Ledger, LedgerSource } from '../vault/ledger.ts';
import { getSection } from '../vault/markdown.ts';
import { collectDigest, rankTasks, renderDigest } from './digest.ts';
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
    content: [
      '---',
      'type: person',
      'name: Jeff Denworth',
      'tags: [needs-review]',
      '---',
      '# Jeff',
      '## Key Facts',
      '- ~~Owns the Microsoft deal~~ (superseded 2026-01-04) (2025-12-11, [[a]])',
      '- ~~Reports to Renen~~ (superseded 2026-01-05) (2025-12-11, [[a]])',
      '- Owns the Google deal (2026-01-04, [[b]])',
    ].join('\n'),
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

  it('collects the day: sources of applied runs, new vs changed entities, tasks, drafts, flags with reasons', () => {
    const d = collectDigest(input);
    expect(d.cameIn.map((s) => s.source_id)).toEqual(['b']);
    expect(d.newEntities).toEqual(['person:itzik-reich']);
    expect(d.changedEntities).toEqual(['person:jeff-denworth']);
    expect(d.firstSeen.get('person:itzik-reich')).toBe(tls);
    expect(d.proposed.map((t) => t.id)).toEqual(['t1']);
    expect(d.due.map((t) => t.id)).toEqual(['t3', 't2']);
    expect(d.drafts.map((x) => x.path)).toEqual(['Outbox/2026-01-05 Re TLS.md']);
    expect(d.flagged).toEqual([
      {
        path: 'Meetings/2026/2026-01-02 - Red flare.md',
        reasons: ['Owner of the Microsoft deal is unclear', '1 open task past due'],
      },
      { path: 'People/Jeff Denworth/README.md', reasons: ['2 facts superseded by newer sources'] },
    ]);
  });

  it('ranks tasks: overdue first, then priority, then the earliest date; new ones marked', () => {
    const ranked = rankTasks(collectDigest(input), input.date).map(
      ({ task, isNew }) => `${task.id}${isNew ? '*' : ''}`,
    );
    expect(ranked).toEqual(['t3', 't2', 't1*']);
  });

  it('renders the approved digest for a fixed day', async () => {
    await expect(renderDigest(input)).toMatchFileSnapshot('./approvals/digest.approved.md');
  });

  it('stays one screen on a busy day, the rest counted and linked', () => {
    const many = Array.from({ length: 30 }, (_, i) => `s${i}`);
    const busy: Ledger = {
      version: 1,
      sources: Object.fromEntries(
        many.map((id, i) => [
          id,
          source(id, {
            kind: ['email', 'transcript', 'document'][i % 3]!,
            note_path: `Meetings/2026/${id}.md`,
            title: `Source ${id}`,
            entities: [`person:someone-${i}`, 'person:jeff-denworth'],
          }),
        ]),
      ),
      runs: [{ ...ledger.runs[1]!, sources: many }],
    };
    const busyNotes = many.map((id, i) => ({
      path: `Meetings/2026/${id}.md`,
      content: [
        '---',
        'type: email',
        'tags: [needs-review]',
        '---',
        task(`Task ${i}`, 'proposed', `2026-01-0${(i % 6) + 1}`, `b${i}`),
      ].join('\n'),
    }));
    const busyOutbox = many.map((id) => ({
      path: `Outbox/2026-01-05 Re ${id}.md`,
      content: `---\nto: x <x@y.z>\nsubject: "Re: ${id}"\nstatus: draft\n---\n`,
    }));
    const md = renderDigest({ ...input, ledger: busy, notes: busyNotes, outbox: busyOutbox });
    const body = md.slice(md.indexOf('# Digest'));
    expect(body.trimEnd().split('\n').length).toBeLessThanOrEqual(44);
    expect(getSection(md, 'What Came In')).toContain('- 10 emails: [[Meetings/2026/s0|Source s0]], ');
    expect(getSection(md, 'What Came In')).toContain(' and 7 more');
    expect(getSection(md, 'Tasks')?.match(/^- .*`b\d+`$/gm)).toHaveLength(10);
    expect(getSection(md, 'Tasks')).toContain('- …and 20 more in [[Tasks|the Tasks dashboard]]');
    expect(getSection(md, 'Drafts Waiting')).toContain('- …and 27 more in Outbox/');
    expect(getSection(md, 'New Entities to Review')).toContain('- …and 27 more new (`distill entities list`)');
    expect(getSection(md, 'Needs Review')).toContain('no date found in the source');
    expect(getSection(md, 'Needs Review')).toContain('- …and 26 more in [all pages tagged #needs-review]');
  });

  it('says so when nothing happened', () => {
    const md = renderDigest({ ...input, date: '2026-02-01', notes: [], outbox: [] });
    expect(getSection(md, 'What Came In')).toContain('nothing was processed this day');
    expect(getSection(md, 'Drafts Waiting')).toContain('- none');
    expect(getSection(md, 'Needs Review')).toContain('- nothing flagged');
  });
});
