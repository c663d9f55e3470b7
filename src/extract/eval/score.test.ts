import { describe, expect, it } from 'vitest';
import { type Extraction, emptyExtraction } from '../schema.ts';
import { GoldLabel } from './labels.ts';
import { buildReport, failedSource, hasPronoun, sameOwner, scoreSource } from './score.ts';

const owners = ['Jason Vallery', 'Jason', 'jason.vallery@vastdata.com'];
const opts = { ownerNames: owners, doneTasks: [], ms: 5 };

function extraction(over: Partial<Extraction>): Extraction {
  return emptyExtraction('s', { title: 'TLS support for Block', date: '2026-01-05', ...over });
}

function task(text: string, evidence: string, owner: string | null = 'TBD', due: string | null = null) {
  return { id: text, text, owner, due, priority: null, status: 'proposed' as const, evidence };
}

function gold(over: Partial<GoldLabel> = {}): GoldLabel {
  return GoldLabel.parse({
    id: 'e-1',
    source_path: 'sources/e-1/source.md',
    kind: 'email',
    title: 'Transport Layer Security (TLS) support for Block',
    date: '2026-01-05',
    participants: ['Jason Vallery', 'Noa Cohen', 'Itzik Reich'],
    tasks: [],
    decisions: [],
    facts: [],
    reply_needed: null,
    ...over,
  });
}

describe('sameOwner', () => {
  it('treats the owner, his aliases, his address and Myself as one person', () => {
    for (const p of ['Myself', 'Jason', 'jason vallery', 'Vallery, Jason', 'jason.vallery@vastdata.com'])
      expect(sameOwner('Jason Vallery', p, owners), p).toBe(true);
    expect(sameOwner('Jason Vallery', 'Jason Taylor', owners)).toBe(false);
    expect(sameOwner('Jason Vallery', 'TBD', owners)).toBe(false);
  });

  it('matches surname and initial, a lone first name, accents and "Last, First"', () => {
    expect(sameOwner('Lior Genzel', 'Lior', owners)).toBe(true);
    expect(sameOwner('Lior', 'Lior Genzel', owners)).toBe(true);
    expect(sameOwner('Jeff Denworth', 'Jeffrey Denworth', owners)).toBe(true);
    expect(sameOwner('Jonsi Stefánsson', 'Stefansson, Jonsi', owners)).toBe(true);
    expect(sameOwner('Jeff Denworth', 'Jeff Bezos', owners)).toBe(false);
    expect(sameOwner('Lior Genzel', 'Noa Cohen', owners)).toBe(false);
  });

  it('takes TBD and null as the same, and as nobody else', () => {
    expect(sameOwner('TBD', null, owners)).toBe(true);
    expect(sameOwner('TBD', 'tbd', owners)).toBe(true);
    expect(sameOwner('TBD', 'Lior Genzel', owners)).toBe(false);
    expect(sameOwner('Lior Genzel', null, owners)).toBe(false);
  });
});

describe('hasPronoun', () => {
  it('finds a standalone first- or second-person pronoun, in any case', () => {
    for (const t of ['I will send the deck', "I'll send it", 'Send us the deck', 'Tell YOUR team', 'Review our plan'])
      expect(hasPronoun(t), t).toBe(true);
    for (const t of ['Send Noa the deck', 'Review the iOS build', 'Meet the youth team', 'Update museum notes'])
      expect(hasPronoun(t), t).toBe(false);
  });
});

describe('scoreSource', () => {
  it('leaves the owner out of participants on both sides and counts a predicted generic label as an error', () => {
    const s = scoreSource(
      gold(),
      extraction({
        participants: [
          { name: 'Myself', email: null },
          { name: 'J. V.', email: 'jason.vallery@vastdata.com' },
          { name: 'Noa Cohen', email: null },
          { name: 'Itzik', email: null },
          { name: 'Speaker 2', email: null },
        ],
      }),
      opts,
    );
    expect(s.participants).toEqual({ expected: 2, predicted: 3, matched: 2, generic_predicted: 1 });
  });

  it('scores tasks one-to-one with owner, due-date and invented-date counts on matched tasks', () => {
    const label = gold({
      tasks: [
        {
          text: 'Ask Google for the TLS date',
          owner: 'Jason Vallery',
          due: '2026-01-09',
          evidence: 'can you please take it with google by Friday',
        },
        {
          text: 'Link the RFE to the right feature',
          owner: 'TBD',
          due: null,
          evidence: 'Link the RFE to the correct Related Feature',
        },
        { text: 'Book the venue for the offsite', owner: 'Noa Cohen', due: null, evidence: 'Noa will book the venue' },
        {
          text: 'Send the pricing deck to Jeff',
          owner: 'Itzik Reich',
          due: '2026-01-20',
          evidence: 'Itzik sends pricing deck',
        },
      ],
    });
    const s = scoreSource(
      label,
      extraction({
        tasks: [
          // evidence match, owner as Myself, right date
          task('Take TLS with Google', '@jason, can you please take it with google by Friday?', 'Myself', '2026-01-09'),
          // evidence match, no owner = TBD, invented date
          task('Link RFE', 'Link the RFE to the correct Related Feature', null, '2026-01-12'),
          // text match, wrong owner, wrong date
          task('Send pricing deck to Jeff', 'something else entirely here', 'Noa Cohen', '2026-01-21'),
          // no match: its date is not counted as invented
          task('Write the blog post', 'blog post draft needed', 'Myself', '2026-02-01'),
        ],
      }),
      opts,
    );
    expect(s.tasks).toEqual({
      expected: 4,
      predicted: 4,
      matched: 3,
      owner_correct: 2,
      due_scored: 3,
      due_correct: 1,
      invented_dates: 1,
      pronoun_tasks: 0,
      reproposed_done: 0,
    });
  });

  it('counts pronoun task texts and tasks re-proposed from the prior summary', () => {
    const s = scoreSource(
      gold(),
      extraction({
        tasks: [task('I will renew the support contract for 2026', 'x'), task('Send Noa the TLS date', 'y')],
      }),
      { ...opts, doneTasks: ['Renew support contract for 2026'] },
    );
    expect(s.tasks.pronoun_tasks).toBe(1);
    expect(s.tasks.reproposed_done).toBe(1);
  });

  it('scores decisions and facts by the same item rule', () => {
    const s = scoreSource(
      gold({
        decisions: [
          {
            text: 'TLS for Block is deferred past 5.6',
            evidence: 'TLS for block was not in 5.6 due to other protocols',
          },
        ],
        facts: [
          {
            text: 'Microsoft has a PoC in Redmond',
            about: 'Microsoft',
            evidence: 'a physical PoC system in the Redmond lab',
          },
          { text: 'Noa runs Block PM', about: 'Noa Cohen', evidence: 'Noa Cohen, PM for Block' },
        ],
      }),
      extraction({
        // Shares tls, block, due, protocol: all of the gold quote's content words ("5.6" is two 1-character tokens).
        decisions: [{ text: 'Deferred', evidence: 'TLS for Block was deferred due to other protocols' }],
        facts: [
          { text: 'PoC', about: null, evidence: 'we have a physical PoC system in the Redmond lab', date: null },
          { text: 'Chit-chat', about: null, evidence: 'happy new year to all', date: null },
        ],
      }),
      opts,
    );
    expect(s.decisions).toEqual({ expected: 1, predicted: 1, matched: 1 });
    expect(s.facts).toEqual({ expected: 2, predicted: 2, matched: 1 });
  });

  it('scores reply-needed for emails only, a missing reply as not needed', () => {
    const asks = gold({ reply_needed: true });
    expect(scoreSource(asks, extraction({}), opts).reply_correct).toBe(false);
    const reply = { needed: true, urgency: 'normal' as const, reasons: [] };
    expect(scoreSource(asks, extraction({ reply }), opts).reply_correct).toBe(true);
    expect(scoreSource(gold({ reply_needed: false }), extraction({}), opts).reply_correct).toBe(true);
    expect(scoreSource(gold({ reply_needed: null }), extraction({}), opts).reply_correct).toBeNull();
    expect(
      scoreSource(gold({ kind: 'transcript', reply_needed: false }), extraction({ reply }), opts).reply_correct,
    ).toBeNull();
  });

  it('checks the title by Jaccard and the date exactly', () => {
    const s = scoreSource(gold(), extraction({}), opts);
    expect([s.title_ok, s.date_ok]).toEqual([true, true]);
    const t = scoreSource(gold(), extraction({ title: 'Pricing for Block', date: '2026-01-06' }), opts);
    expect([t.title_ok, t.date_ok]).toEqual([false, false]);
  });
});

describe('buildReport', () => {
  it('micro-averages per kind and overall and marks the targets', () => {
    const label = gold({
      reply_needed: true,
      tasks: [
        { text: 'Link the RFE', owner: 'TBD', due: null, evidence: 'Link the RFE to the correct Related Feature' },
      ],
    });
    const good = scoreSource(
      label,
      extraction({
        participants: [
          { name: 'Noa Cohen', email: null },
          { name: 'Itzik Reich', email: null },
        ],
        tasks: [task('Link RFE', 'Link the RFE to the correct Related Feature')],
        reply: { needed: true, urgency: 'normal', reasons: [] },
      }),
      { ...opts, ms: 10 },
    );
    const failed = failedSource({ ...label, id: 'e-2' }, 'cannot read', 2, owners);
    const call = scoreSource(
      gold({ id: 't-1', kind: 'transcript', participants: ['Lior Genzel'] }),
      extraction({}),
      opts,
    );
    const report = buildReport('offline', [good, failed, call]);
    expect(report.by_kind.email?.participants).toMatchObject({ precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(report.by_kind.transcript?.participants).toMatchObject({ precision: null, recall: 0, f1: 0 });
    expect(report.overall.tasks).toMatchObject({ precision: 1, recall: 0.5, owner_accuracy: 1, due_accuracy: null });
    expect(report.overall.reply_accuracy).toBe(0.5);
    expect(report.overall.ms_per_source).toBeCloseTo(17 / 3);
    expect(report.sources[1]?.error).toBe('cannot read');
    const target = (name: string) => report.targets.find((t) => t.name === name);
    expect(target('task precision')?.pass).toBe(true);
    expect(target('task recall')?.pass).toBe(false);
    expect(target('due-date accuracy (matched tasks)')).toMatchObject({ value: null, pass: false });
    expect(target('invented due dates')?.pass).toBe(true);
    expect(target('participants F1 (email)')?.pass).toBe(false);
    expect(target('task pronoun rate')).toMatchObject({ value: 0, pass: true });
    expect(report.targets.map((t) => t.name)).toEqual([
      'task precision',
      'task recall',
      'owner accuracy (matched tasks)',
      'due-date accuracy (matched tasks)',
      'invented due dates',
      'decision precision',
      'decision recall',
      'fact precision',
      'fact recall',
      'participants F1 (email)',
      'participants F1 (transcript)',
      'reply needed accuracy (email)',
      'task pronoun rate',
    ]);
  });
});
