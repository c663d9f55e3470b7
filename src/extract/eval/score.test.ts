import { describe, expect, it } from 'vitest';
import { type Extraction, emptyExtraction } from '../schema.ts';
import { LabelLine } from './labels.ts';
import { buildReport, clusterTasks, failedSource, matchNames, scoreSource } from './score.ts';

function extraction(over: Partial<Extraction>): Extraction {
  return emptyExtraction('s', { title: 'TLS support for Block', date: '2026-01-05', ...over });
}

function task(text: string, owner: string | null = 'TBD', due: string | null = null) {
  return { id: text, text, owner, due, priority: null, status: 'proposed' as const, evidence: text };
}

const label = LabelLine.parse({
  id: 't-1',
  source_path: 'sources/t-1/source.md',
  kind: 'transcript',
  title: 'Weekly call: TLS support for Block',
  date: '2026-01-05',
  participants: ['Jason Vallery', 'Shahar', 'Speaker 1', 'Violet (last name unknown)'],
  tasks: [
    { text: 'Send the pricing deck to Jeff by Friday', owner: 'Myself', due: '2026-01-09' },
    { text: 'Send pricing deck to Jeff on Friday', owner: 'Myself', due: '2026-01-09' },
    { text: 'Book the venue for the offsite', owner: 'Shahar', due: null },
    { text: 'Schedule the Salesforce demo', owner: 'Tomer', due: null, flags: ['echo_of_done_source_task'] },
  ],
  decisions: ['TLS for Block is deferred from release 5.6'],
  facts: ['Microsoft has a PoC system in the Redmond lab'],
});

describe('matchNames', () => {
  it('matches exact names, then a one-word name to the only full name with that first name', () => {
    expect(matchNames(['shahar', 'violet'], ['shahar cohen', 'violet smith'])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(matchNames(['david'], ['david cohen', 'david levi'])).toEqual([]);
    expect(matchNames(['jeff denworth'], ['jeff'])).toEqual([[0, 0]]);
  });
});

describe('clusterTasks', () => {
  it('counts near-duplicate label tasks once', () => {
    expect(clusterTasks(label.tasks.slice(0, 3)).map((c) => c.length)).toEqual([2, 1]);
  });
});

describe('scoreSource', () => {
  const owners = ['myself', 'jason vallery'];

  it('scores participants without the generic labels of the old system, owner as myself', () => {
    const s = scoreSource(
      label,
      extraction({
        participants: [
          { name: 'Myself', email: null },
          { name: 'Shahar Cohen', email: null },
          { name: 'Remote', email: null },
        ],
      }),
      {
        ownerNames: owners,
        doneTasks: [],
        ms: 5,
      },
    );
    expect(s.participants).toEqual({
      expected: 3,
      predicted: 3,
      matched: 2,
      label_generic: 1,
      generic_predicted: 1,
      people_matched: 2,
    });
  });

  it('matches tasks one-to-one against clusters, checks owners and due dates, and flags done echoes', () => {
    const s = scoreSource(
      label,
      extraction({
        tasks: [
          task('Send the pricing deck to Jeff by Friday.', 'Myself', '2026-01-09'),
          task('Book a venue for the offsite.', 'Shahar Cohen', '2026-01-20'),
          task('Schedule the Salesforce demo.', 'Tomer Hagay'),
          task('Write the blog post.'),
        ],
      }),
      { ownerNames: owners, doneTasks: [], ms: 5 },
    );
    expect(s.tasks).toEqual({
      expected: 2,
      predicted: 4,
      matched: 2,
      label_echoes: 1,
      reproposed_done: 1,
      owner_correct: 2,
      due_correct: 1,
      loose_matched: 2,
      extractive_ceiling: null,
    });
  });

  it('measures the extractive ceiling when given the source sentences', () => {
    const sentences = ['Jeff, I will send the pricing deck to you by Friday.', 'We might look at some places later.'];
    const s = scoreSource(label, extraction({}), {
      ownerNames: owners,
      doneTasks: [],
      ms: 1,
      sourceSentences: sentences,
    });
    // "Send the pricing deck to Jeff by Friday" is said almost verbatim; "Book a venue for the offsite" is not.
    expect(s.tasks.extractive_ceiling).toBe(1);
    expect(buildReport('offline', [s]).overall.tasks.ceiling_recall).toBe(0.5);
  });

  it('counts a task matching a done task of the prior summary as re-proposed', () => {
    const s = scoreSource(label, extraction({ tasks: [task('Renew the support contract for 2026.')] }), {
      ownerNames: owners,
      doneTasks: ['Renew support contract for 2026'],
      ms: 1,
    });
    expect(s.tasks.reproposed_done).toBe(1);
  });

  it('recalls decisions and facts by overlap or containment, title by Jaccard, date exactly', () => {
    const s = scoreSource(
      label,
      extraction({
        title: 'Weekly call - TLS support for Block',
        decisions: [{ text: 'TLS for Block was deferred, not in release 5.6, due to other protocols', evidence: 'x' }],
        facts: [
          {
            text: 'As discussed, we have a physical PoC system in the Redmond lab at Microsoft',
            about: null,
            evidence: 'x',
            date: null,
          },
        ],
      }),
      { ownerNames: owners, doneTasks: [], ms: 1 },
    );
    expect(s.decisions).toEqual({ expected: 1, recalled: 1 });
    expect(s.facts).toEqual({ expected: 1, recalled: 1 });
    expect(s.title_ok).toBe(true);
    expect(s.date_ok).toBe(true);
  });
});

describe('buildReport', () => {
  it('totals by kind with micro-averages and marks the targets', () => {
    const good = scoreSource(
      label,
      extraction({
        participants: [
          { name: 'Myself', email: null },
          { name: 'Shahar', email: null },
          { name: 'Violet', email: null },
        ],
      }),
      {
        ownerNames: ['jason vallery'],
        doneTasks: [],
        ms: 10,
      },
    );
    const failed = failedSource({ ...label, id: 't-2' }, 'cannot read', 2);
    const report = buildReport('offline', [good, failed]);
    expect(report.by_kind.transcript?.participants.recall).toBeCloseTo(3 / 6);
    expect(report.by_kind.transcript?.participants.precision).toBe(1);
    expect(report.overall.ms_per_source).toBe(6);
    expect(report.sources[1]?.error).toBe('cannot read');
    const f1 = report.targets.find((t) => t.name === 'participants F1 (transcript)');
    expect(f1?.pass).toBe(false);
    expect(report.targets.find((t) => t.name === 're-proposed done tasks')?.pass).toBe(true);
  });
});
