/**
 * Scoring one extraction against one gold label (test/fixtures/gold/GOLD.md). Pure: no disk, no clock (the caller
 * measures time).
 *
 * Rules:
 * - Tasks, decisions, facts: a prediction matches a gold item of the same kind when the content words of their
 *   evidence quotes overlap by >= 0.6 of the smaller set with at least 3 shared words, or their texts have token
 *   Jaccard >= 0.5; one-to-one, best pairs first (match.ts). Precision = matched predictions / predictions,
 *   recall = matched gold / gold.
 * - Owners, on matched tasks: names normalised, the owner's names, aliases, addresses and "Myself" are one person,
 *   same surname and first initial or a lone first name equal to the other's first name match (match.ts
 *   samePerson); null is "TBD".
 * - Due dates, on matched tasks where gold or prediction has one: exact. A predicted date where gold has none is an
 *   invented date.
 * - Participants: the owner is left out on both sides; names matched by matchNames. A predicted generic label
 *   ("Speaker 1", "zoom.us") is an error, counted, and never matches.
 * - Reply needed (emails with a gold answer): `reply?.needed ?? false` equals gold.
 * - Pronouns: predicted task texts with a standalone I/you/we/me/my/your/our/us; task lines should name people.
 * - Re-proposed done tasks: predictions with Jaccard >= 0.5 to a done task of the source's prior summary.
 * - Title: Jaccard >= 0.5. Date: exact.
 * - Totals are micro-averages: counts are summed over sources, then divided.
 */

import { contentTokens, jaccard } from '../../core/text.ts';
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';
import { type Extraction, emptyExtraction } from '../schema.ts';
import type { GoldLabel } from './labels.ts';
import { matchItems, matchNames, normaliseName, samePerson } from './match.ts';

export const DONE_MATCH = 0.5;
export const TITLE_MATCH = 0.5;
const PRONOUN = /\b(?:i|you|we|me|my|your|our|us)\b/i;

export interface Counts {
  expected: number;
  predicted: number;
  matched: number;
}

export interface SourceScore {
  id: string;
  kind: string;
  participants: Counts & { generic_predicted: number };
  tasks: Counts & {
    owner_correct: number;
    /** Matched tasks where gold or prediction has a due date: the denominator of due accuracy. */
    due_scored: number;
    due_correct: number;
    invented_dates: number;
    pronoun_tasks: number;
    reproposed_done: number;
  };
  decisions: Counts;
  facts: Counts;
  /** Null when not scored: not an email, or gold says null. */
  reply_correct: boolean | null;
  title_ok: boolean;
  date_ok: boolean;
  ms: number;
  /** Set when the source could not be read or extracted: nothing was predicted then. */
  error: string | null;
}

export interface ScoreOptions {
  /** The owner's names, aliases and addresses. */
  ownerNames: string[];
  /** Done tasks from the source's prior summary. */
  doneTasks: string[];
  ms: number;
}

export function hasPronoun(text: string): boolean {
  return PRONOUN.test(text);
}

export function sameOwner(gold: string | null, predicted: string | null, ownerNames: string[]): boolean {
  return samePerson(normaliseName(gold ?? 'TBD', ownerNames), normaliseName(predicted ?? 'TBD', ownerNames));
}

function participants(label: GoldLabel, ex: Extraction, owners: string[]): SourceScore['participants'] {
  const expected = [...new Set(label.participants.map((n) => normaliseName(n, owners)))].filter(
    (n) => n !== 'myself' && n !== '',
  );
  const others = ex.participants.filter(
    (p) =>
      normaliseName(p.name, owners) !== 'myself' && (p.email === null || normaliseName(p.email, owners) !== 'myself'),
  );
  const generic = others.filter((p) => isGenericSpeaker(p.name)).length;
  // A generic label keeps its own (unmatchable) key, so it counts against precision.
  const predicted = [
    ...new Set(others.map((p) => (isGenericSpeaker(p.name) ? `\u0000${p.name}` : normaliseName(p.name, owners)))),
  ];
  return {
    expected: expected.length,
    predicted: predicted.length,
    matched: matchNames(expected, predicted).length,
    generic_predicted: generic,
  };
}

function tasks(label: GoldLabel, ex: Extraction, opts: ScoreOptions): SourceScore['tasks'] {
  const pairs = matchItems(label.tasks, ex.tasks);
  let owner = 0;
  let dueScored = 0;
  let dueCorrect = 0;
  let invented = 0;
  for (const [g, p] of pairs) {
    const gold = label.tasks[g];
    const pred = ex.tasks[p];
    if (!gold || !pred) continue;
    if (sameOwner(gold.owner, pred.owner, opts.ownerNames)) owner++;
    if (gold.due === null && pred.due === null) continue;
    dueScored++;
    if (gold.due === pred.due) dueCorrect++;
    else if (gold.due === null) invented++;
  }
  const done = opts.doneTasks.map(contentTokens);
  const reproposed = ex.tasks.filter((t) => {
    const tok = contentTokens(t.text);
    return done.some((d) => jaccard(d, tok) >= DONE_MATCH);
  }).length;
  return {
    expected: label.tasks.length,
    predicted: ex.tasks.length,
    matched: pairs.length,
    owner_correct: owner,
    due_scored: dueScored,
    due_correct: dueCorrect,
    invented_dates: invented,
    pronoun_tasks: ex.tasks.filter((t) => hasPronoun(t.text)).length,
    reproposed_done: reproposed,
  };
}

function items(gold: { text: string; evidence: string }[], predicted: { text: string; evidence: string }[]): Counts {
  return { expected: gold.length, predicted: predicted.length, matched: matchItems(gold, predicted).length };
}

export function scoreSource(label: GoldLabel, ex: Extraction, opts: ScoreOptions): SourceScore {
  return {
    id: label.id,
    kind: label.kind,
    participants: participants(label, ex, opts.ownerNames),
    tasks: tasks(label, ex, opts),
    decisions: items(label.decisions, ex.decisions),
    facts: items(label.facts, ex.facts),
    reply_correct:
      label.kind === 'email' && label.reply_needed !== null ? (ex.reply?.needed ?? false) === label.reply_needed : null,
    title_ok: jaccard(contentTokens(label.title), contentTokens(ex.title)) >= TITLE_MATCH,
    date_ok: label.date === ex.date,
    ms: opts.ms,
    error: null,
  };
}

/** A source that could not be read or extracted still counts: everything expected is missed. */
export function failedSource(label: GoldLabel, error: string, ms: number, ownerNames: string[]): SourceScore {
  const empty = scoreSource(label, emptyExtraction(label.id, { title: '(failed)', extractor: 'none' }), {
    ownerNames,
    doneTasks: [],
    ms,
  });
  return {
    ...empty,
    reply_correct: empty.reply_correct === null ? null : false,
    title_ok: false,
    date_ok: false,
    error,
  };
}

export interface ItemRates extends Counts {
  /** Null when there is nothing to divide by (no predictions, no gold items). */
  precision: number | null;
  recall: number | null;
}

export interface Rates {
  sources: number;
  participants: ItemRates & { f1: number | null; generic_predicted: number };
  tasks: ItemRates & {
    /** Null when no task matched: there is nothing to be accurate about. */
    owner_accuracy: number | null;
    due_accuracy: number | null;
    due_scored: number;
    invented_dates: number;
    /** Share of predicted task texts with a first- or second-person pronoun. */
    pronoun_rate: number | null;
    reproposed_done: number;
  };
  decisions: ItemRates;
  facts: ItemRates;
  reply_accuracy: number | null;
  reply_scored: number;
  title_accuracy: number | null;
  date_accuracy: number | null;
  ms_per_source: number | null;
}

function orNull(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

function itemRates(c: Counts): ItemRates {
  return { ...c, precision: orNull(c.matched, c.predicted), recall: orNull(c.matched, c.expected) };
}

function sumCounts(cs: Counts[]): Counts {
  return {
    expected: cs.reduce((a, c) => a + c.expected, 0),
    predicted: cs.reduce((a, c) => a + c.predicted, 0),
    matched: cs.reduce((a, c) => a + c.matched, 0),
  };
}

export function rates(scores: SourceScore[]): Rates {
  const sum = (f: (s: SourceScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const part = sumCounts(scores.map((s) => s.participants));
  const task = sumCounts(scores.map((s) => s.tasks));
  const replies = scores.filter((s) => s.reply_correct !== null);
  return {
    sources: scores.length,
    participants: {
      ...itemRates(part),
      // 2·matched / (expected + predicted) is the harmonic mean of P and R, and 0 when one side is empty.
      f1: orNull(2 * part.matched, part.expected + part.predicted),
      generic_predicted: sum((s) => s.participants.generic_predicted),
    },
    tasks: {
      ...itemRates(task),
      owner_accuracy: orNull(
        sum((s) => s.tasks.owner_correct),
        task.matched,
      ),
      due_accuracy: orNull(
        sum((s) => s.tasks.due_correct),
        sum((s) => s.tasks.due_scored),
      ),
      due_scored: sum((s) => s.tasks.due_scored),
      invented_dates: sum((s) => s.tasks.invented_dates),
      pronoun_rate: orNull(
        sum((s) => s.tasks.pronoun_tasks),
        task.predicted,
      ),
      reproposed_done: sum((s) => s.tasks.reproposed_done),
    },
    decisions: itemRates(sumCounts(scores.map((s) => s.decisions))),
    facts: itemRates(sumCounts(scores.map((s) => s.facts))),
    reply_accuracy: orNull(replies.filter((s) => s.reply_correct).length, replies.length),
    reply_scored: replies.length,
    title_accuracy: orNull(
      sum((s) => (s.title_ok ? 1 : 0)),
      scores.length,
    ),
    date_accuracy: orNull(
      sum((s) => (s.date_ok ? 1 : 0)),
      scores.length,
    ),
    ms_per_source: orNull(
      sum((s) => s.ms),
      scores.length,
    ),
  };
}

export interface Target {
  name: string;
  /** Null when the measure is undefined on this data (e.g. due accuracy with no dated match): never a pass. */
  value: number | null;
  /** A rate prints with two decimals, a count as a whole number. */
  unit: 'rate' | 'count';
  goal: string;
  pass: boolean;
}

function atLeast(name: string, value: number | null, goal: number): Target {
  return { name, value, unit: 'rate', goal: `>= ${goal.toFixed(2)}`, pass: value !== null && value >= goal };
}

function atMost(name: string, value: number | null, goal: number): Target {
  return { name, value, unit: 'rate', goal: `<= ${goal.toFixed(2)}`, pass: value !== null && value <= goal };
}

/** The acceptance targets, evaluated on the totals. */
export function targets(byKind: Record<string, Rates>, overall: Rates): Target[] {
  const { tasks: t, decisions: d, facts: f } = overall;
  const out = [
    atLeast('task precision', t.precision, 0.6),
    atLeast('task recall', t.recall, 0.6),
    atLeast('owner accuracy (matched tasks)', t.owner_accuracy, 0.8),
    atLeast('due-date accuracy (matched tasks)', t.due_accuracy, 0.8),
    {
      name: 'invented due dates',
      value: t.invented_dates,
      unit: 'count' as const,
      goal: '= 0',
      pass: t.invented_dates === 0,
    },
    atLeast('decision precision', d.precision, 0.5),
    atLeast('decision recall', d.recall, 0.5),
    atLeast('fact precision', f.precision, 0.4),
    atLeast('fact recall', f.recall, 0.4),
  ];
  if (byKind.email) out.push(atLeast('participants F1 (email)', byKind.email.participants.f1, 0.95));
  if (byKind.transcript) out.push(atLeast('participants F1 (transcript)', byKind.transcript.participants.f1, 0.9));
  if (overall.reply_scored > 0) out.push(atLeast('reply needed accuracy (email)', overall.reply_accuracy, 0.85));
  out.push(atMost('task pronoun rate', t.pronoun_rate, 0.1));
  return out;
}

export interface EvalReport {
  extractor: string;
  sources: SourceScore[];
  by_kind: Record<string, Rates>;
  overall: Rates;
  targets: Target[];
}

export function buildReport(extractor: string, scores: SourceScore[]): EvalReport {
  const byKind: Record<string, Rates> = {};
  for (const k of new Set(scores.map((s) => s.kind))) byKind[k] = rates(scores.filter((s) => s.kind === k));
  const overall = rates(scores);
  return { extractor, sources: scores, by_kind: byKind, overall, targets: targets(byKind, overall) };
}
