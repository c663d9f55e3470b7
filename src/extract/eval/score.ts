/**
 * Scoring one extraction against one label line. Pure: no disk, no clock (the caller measures time).
 *
 * Rules (the README documents the same):
 * - Tokens: see match.ts (accents folded, lower-case, split on non-alphanumerics, stop words and 1-letter tokens
 *   dropped, light suffix stemming). Jaccard = |A∩B| / |A∪B|.
 * - Participants: names normalised (lower-case, accents folded, "(…)" notes removed, "Last, First" turned round,
 *   owner names and "Myself" -> myself) and de-duplicated. Generic labels in the LABELS ("Speaker 1", "Remote")
 *   are old-system mistakes: excluded from the expected set and counted as `label_generic`. A predicted generic label
 *   is an error (`generic_predicted`, target 0) and an unmatched prediction. Exact matches first; then a one-word
 *   name matches a full name with that first name (either side) only if exactly one name on the other side has it.
 * - Tasks: label tasks flagged `echo_of_done_source_task` are not expected. Expected tasks are clustered (a task
 *   joins a cluster when its Jaccard with a member is >= 0.5); each cluster counts once. Predictions are matched
 *   one-to-one, greedily, best first, to clusters by their best member's Jaccard >= 0.5. Recall = matched clusters /
 *   clusters; precision = matched predictions / predictions. A prediction with Jaccard >= 0.5 to an echo label or to
 *   a done task of the source's prior summary is a re-proposed done task (target 0).
 * - Owner and due-date accuracy over matched pairs (against the best-matching member): owners normalised like
 *   names, a one-word owner equals a full name with that first name; due dates exact, null == null is correct.
 * - Decisions and facts: a label item is recalled when some predicted item of the same kind has Jaccard >= 0.3 or
 *   contains >= 0.6 of the label item's tokens.
 * - Title: Jaccard >= 0.5. Date: exact string equality (null == null).
 * - Extractive ceiling (diagnostic): clusters that some contiguous quote of the source matches at >= 0.5, i.e. the
 *   task recall the best possible quoting extractor could reach on these labels (ceiling.ts).
 * - Totals are micro-averages: counts are summed over sources, then divided.
 */
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';
import { type Extraction, emptyExtraction } from '../schema.ts';
import { extractiveCeiling } from './ceiling.ts';
import type { LabelLine, LabelTask } from './labels.ts';
import { containment, contentTokens, greedyMatch, jaccard, normaliseName } from './match.ts';

export const TASK_MATCH = 0.5;
export const ITEM_JACCARD = 0.3;
export const ITEM_CONTAINMENT = 0.6;
export const TITLE_MATCH = 0.5;

export interface Counts {
  expected: number;
  predicted: number;
  matched: number;
}

export interface SourceScore {
  id: string;
  kind: string;
  /**
   * `people_matched`: label names found among participants OR person mentions. A diagnostic, not a target: the
   * old system listed people merely mentioned in a call as participants.
   */
  participants: Counts & { label_generic: number; generic_predicted: number; people_matched: number };
  tasks: Counts & {
    label_echoes: number;
    reproposed_done: number;
    owner_correct: number;
    due_correct: number;
    /** Diagnostic: clusters matched under the looser item rule (Jaccard >= 0.3 or a prediction contained >= 0.6). */
    loose_matched: number;
    /** Clusters some contiguous quote of the source matches at the task threshold (ceiling.ts); null without text. */
    extractive_ceiling: number | null;
  };
  decisions: { expected: number; recalled: number };
  facts: { expected: number; recalled: number };
  title_ok: boolean;
  date_ok: boolean;
  ms: number;
  /** Set when the source could not be read or extracted: every count is zero then. */
  error: string | null;
}

export interface ScoreOptions {
  ownerNames: string[];
  /** Done tasks from the source's prior summary (the envelope knows them, the label may not). */
  doneTasks: string[];
  ms: number;
  /** The source's sentences, for the extractive ceiling; omitted, the ceiling is not computed. */
  sourceSentences?: string[];
}

function isGenericLabel(name: string): boolean {
  const bare = name.replace(/\([^)]*\)/g, '').trim();
  return bare.toLowerCase() !== 'myself' && isGenericSpeaker(bare);
}

function first(n: string): string {
  return n.split(' ')[0] ?? n;
}

/** Exact name matches, then unique first-name matches for one-word names on either side. */
export function matchNames(expected: string[], predicted: string[]): [number, number][] {
  const pairs: [number, number][] = [];
  const usedE = new Set<number>();
  const usedP = new Set<number>();
  expected.forEach((e, i) => {
    const j = predicted.findIndex((p, k) => !usedP.has(k) && p === e);
    if (j >= 0) {
      pairs.push([i, j]);
      usedE.add(i);
      usedP.add(j);
    }
  });
  expected.forEach((e, i) => {
    if (usedE.has(i)) return;
    if (!e.includes(' ')) {
      const hits = predicted.map((p, k) => ({ p, k })).filter(({ p }) => first(p) === e);
      const only = hits[0];
      if (hits.length === 1 && only && !usedP.has(only.k)) {
        pairs.push([i, only.k]);
        usedE.add(i);
        usedP.add(only.k);
      }
      return;
    }
    const single = predicted
      .map((p, k) => ({ p, k }))
      .filter(({ p, k }) => !usedP.has(k) && !p.includes(' ') && p === first(e));
    const sameFirst = expected.filter((x) => first(x) === first(e));
    const only = single[0];
    if (single.length === 1 && only && sameFirst.length === 1) {
      pairs.push([i, only.k]);
      usedE.add(i);
      usedP.add(only.k);
    }
  });
  return pairs;
}

function sameOwner(a: string | null, b: string | null, owners: string[]): boolean {
  const x = normaliseName(a ?? 'tbd', owners);
  const y = normaliseName(b ?? 'tbd', owners);
  if (x === y) return true;
  if (!x.includes(' ') || !y.includes(' ')) return first(x) === first(y) && x !== 'tbd' && y !== 'tbd';
  return false;
}

/** Clusters of near-duplicate label tasks (the old system wrote several notes per source). */
export function clusterTasks(tasks: LabelTask[]): LabelTask[][] {
  const clusters: { tasks: LabelTask[]; tokens: string[][] }[] = [];
  for (const t of tasks) {
    const tok = contentTokens(t.text);
    const home = clusters.find((c) => c.tokens.some((m) => jaccard(m, tok) >= TASK_MATCH));
    if (home) {
      home.tasks.push(t);
      home.tokens.push(tok);
    } else clusters.push({ tasks: [t], tokens: [tok] });
  }
  return clusters.map((c) => c.tasks);
}

function itemRecall(expected: string[], predicted: string[]): number {
  const pred = predicted.map(contentTokens);
  let recalled = 0;
  for (const e of expected) {
    const tok = contentTokens(e);
    if (pred.some((p) => jaccard(tok, p) >= ITEM_JACCARD || containment(tok, p) >= ITEM_CONTAINMENT)) recalled++;
  }
  return recalled;
}

export function scoreSource(label: LabelLine, ex: Extraction, opts: ScoreOptions): SourceScore {
  const owners = opts.ownerNames;
  // Participants.
  const labelGeneric = label.participants.filter(isGenericLabel);
  const expectedNames = [
    ...new Set(label.participants.filter((n) => !isGenericLabel(n)).map((n) => normaliseName(n, owners))),
  ].filter(Boolean);
  const predictedRaw = ex.participants.map((p) => p.name);
  const genericPredicted = predictedRaw.filter(isGenericLabel).length;
  const predictedNames = [
    ...new Set(predictedRaw.map((n) => (isGenericLabel(n) ? `\u0000${n}` : normaliseName(n, owners)))),
  ];
  const nameMatches = matchNames(expectedNames, predictedNames).length;
  const people = [
    ...new Set([
      ...predictedNames,
      ...ex.mentions.filter((m) => m.kind === 'person').map((m) => normaliseName(m.name, owners)),
    ]),
  ];
  const peopleMatches = matchNames(expectedNames, people).length;

  // Tasks.
  const echoes = label.tasks.filter((t) => t.flags.includes('echo_of_done_source_task'));
  const clusters = clusterTasks(label.tasks.filter((t) => !t.flags.includes('echo_of_done_source_task')));
  const clusterTokens = clusters.map((c) => c.map((t) => contentTokens(t.text)));
  const predTokens = ex.tasks.map((t) => contentTokens(t.text));
  const best = (ci: number, pi: number) => {
    let top = 0;
    let member = 0;
    (clusterTokens[ci] ?? []).forEach((m, k) => {
      const s = jaccard(m, predTokens[pi] ?? []);
      if (s > top) {
        top = s;
        member = k;
      }
    });
    return { top, member };
  };
  // Matched by index so the token lists above are computed once.
  const taskPairs = greedyMatch(
    clusters.map((_, i) => i),
    ex.tasks.map((_, j) => j),
    (i, j) => best(i, j).top,
    TASK_MATCH,
  );
  const looseScore = (i: number, j: number) => {
    const p = predTokens[j] ?? [];
    let top = 0;
    for (const m of clusterTokens[i] ?? []) {
      const jac = jaccard(m, p);
      const con = containment(p, m);
      top = Math.max(top, jac >= ITEM_JACCARD ? jac : 0, con >= ITEM_CONTAINMENT ? con : 0);
    }
    return top;
  };
  const looseMatched = greedyMatch(
    clusters.map((_, i) => i),
    ex.tasks.map((_, j) => j),
    looseScore,
    Math.min(ITEM_JACCARD, ITEM_CONTAINMENT),
  ).length;
  let ownerCorrect = 0;
  let dueCorrect = 0;
  for (const [ci, pi] of taskPairs) {
    const member = clusters[ci]?.[best(ci, pi).member];
    const pred = ex.tasks[pi];
    if (!member || !pred) continue;
    if (sameOwner(member.owner, pred.owner, owners)) ownerCorrect++;
    if ((member.due ?? null) === (pred.due ?? null)) dueCorrect++;
  }
  const ceiling = opts.sourceSentences
    ? extractiveCeiling(
        clusters.map((c) => c.map((t) => t.text)),
        opts.sourceSentences,
        TASK_MATCH,
      ).reachable
    : null;
  const doneTokens = [...echoes.map((t) => t.text), ...opts.doneTasks].map(contentTokens);
  const reproposed = predTokens.filter((p) => doneTokens.some((d) => jaccard(d, p) >= TASK_MATCH)).length;

  const titleOk =
    label.title === null ? true : jaccard(contentTokens(label.title), contentTokens(ex.title)) >= TITLE_MATCH;
  return {
    id: label.id,
    kind: label.kind,
    participants: {
      expected: expectedNames.length,
      predicted: predictedNames.length,
      matched: nameMatches,
      label_generic: labelGeneric.length,
      generic_predicted: genericPredicted,
      people_matched: peopleMatches,
    },
    tasks: {
      expected: clusters.length,
      predicted: ex.tasks.length,
      matched: taskPairs.length,
      label_echoes: echoes.length,
      reproposed_done: reproposed,
      owner_correct: ownerCorrect,
      due_correct: dueCorrect,
      loose_matched: looseMatched,
      extractive_ceiling: ceiling,
    },
    decisions: {
      expected: label.decisions.length,
      recalled: itemRecall(
        label.decisions,
        ex.decisions.map((d) => d.text),
      ),
    },
    facts: {
      expected: label.facts.length,
      recalled: itemRecall(
        label.facts,
        ex.facts.map((f) => f.text),
      ),
    },
    title_ok: titleOk,
    date_ok: (label.date ?? null) === (ex.date ?? null),
    ms: opts.ms,
    error: null,
  };
}

/** A source that could not be read or extracted still counts: everything expected is missed. */
export function failedSource(label: LabelLine, error: string, ms: number): SourceScore {
  const empty = scoreSource(label, failedExtraction(label), { ownerNames: [], doneTasks: [], ms });
  return { ...empty, title_ok: false, date_ok: false, error };
}

function failedExtraction(label: LabelLine): Extraction {
  return emptyExtraction(label.id, { title: '(failed)', extractor: 'none' });
}

export interface Rates {
  sources: number;
  participants: {
    precision: number;
    recall: number;
    f1: number;
    people_recall: number;
    generic_predicted: number;
    label_generic: number;
  };
  /** Owner and due accuracy are null when no task matched: there is nothing to be accurate about. */
  tasks: {
    /** Null when there is nothing to recall (no expected task) or nothing predicted. */
    recall: number | null;
    precision: number | null;
    loose_recall: number | null;
    /** Recall the best possible verbatim-span extractor would reach; null when no source had text to measure. */
    ceiling_recall: number | null;
    matched: number;
    owner_accuracy: number | null;
    due_accuracy: number | null;
    reproposed_done: number;
    label_echoes: number;
  };
  decisions_recall: number | null;
  facts_recall: number | null;
  title_accuracy: number;
  date_accuracy: number;
  ms_per_source: number;
}

function ratio(n: number, d: number, empty = 1): number {
  return d === 0 ? empty : n / d;
}

function orNull(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

function ceilingRecall(scores: SourceScore[]): number | null {
  const measured = scores.filter((s) => s.tasks.extractive_ceiling !== null);
  const expected = measured.reduce((a, s) => a + s.tasks.expected, 0);
  return orNull(
    measured.reduce((a, s) => a + (s.tasks.extractive_ceiling ?? 0), 0),
    expected,
  );
}

export function rates(scores: SourceScore[]): Rates {
  const sum = (f: (s: SourceScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const pm = sum((s) => s.participants.matched);
  const precision = ratio(
    pm,
    sum((s) => s.participants.predicted),
  );
  const recall = ratio(
    pm,
    sum((s) => s.participants.expected),
  );
  const tm = sum((s) => s.tasks.matched);
  return {
    sources: scores.length,
    participants: {
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      people_recall: ratio(
        sum((s) => s.participants.people_matched),
        sum((s) => s.participants.expected),
      ),
      generic_predicted: sum((s) => s.participants.generic_predicted),
      label_generic: sum((s) => s.participants.label_generic),
    },
    tasks: {
      recall: orNull(
        tm,
        sum((s) => s.tasks.expected),
      ),
      precision: orNull(
        tm,
        sum((s) => s.tasks.predicted),
      ),
      loose_recall: orNull(
        sum((s) => s.tasks.loose_matched),
        sum((s) => s.tasks.expected),
      ),
      ceiling_recall: ceilingRecall(scores),
      matched: tm,
      owner_accuracy: tm === 0 ? null : sum((s) => s.tasks.owner_correct) / tm,
      due_accuracy: tm === 0 ? null : sum((s) => s.tasks.due_correct) / tm,
      reproposed_done: sum((s) => s.tasks.reproposed_done),
      label_echoes: sum((s) => s.tasks.label_echoes),
    },
    decisions_recall: orNull(
      sum((s) => s.decisions.recalled),
      sum((s) => s.decisions.expected),
    ),
    facts_recall: orNull(
      sum((s) => s.facts.recalled),
      sum((s) => s.facts.expected),
    ),
    title_accuracy: ratio(
      sum((s) => (s.title_ok ? 1 : 0)),
      scores.length,
    ),
    date_accuracy: ratio(
      sum((s) => (s.date_ok ? 1 : 0)),
      scores.length,
    ),
    ms_per_source: ratio(
      sum((s) => s.ms),
      scores.length,
      0,
    ),
  };
}

export interface Target {
  name: string;
  /** Why a miss may not be the extractor's to fix (e.g. the extractive ceiling is below the goal). */
  note?: string;
  /** Null when the measure is undefined on this data (e.g. due accuracy with no matched task): never a pass. */
  value: number | null;
  goal: string;
  pass: boolean;
}

/** The acceptance targets of issue 3, evaluated on the totals. */
export function targets(byKind: Record<string, Rates>, overall: Rates): Target[] {
  const t: Target[] = [];
  const email = byKind.email;
  const transcript = byKind.transcript;
  if (email)
    t.push({
      name: 'participants F1 (email)',
      value: email.participants.f1,
      goal: '>= 0.95',
      pass: email.participants.f1 >= 0.95,
    });
  if (transcript) {
    t.push({
      name: 'participants F1 (transcript)',
      value: transcript.participants.f1,
      goal: '>= 0.90',
      pass: transcript.participants.f1 >= 0.9,
    });
  }
  const { recall, precision } = overall.tasks;
  const ceiling = overall.tasks.ceiling_recall;
  t.push({
    name: 'task recall',
    value: recall,
    goal: '>= 0.50',
    pass: recall !== null && recall >= 0.5,
    ...(ceiling !== null && ceiling < 0.5
      ? { note: `the best quoting extractor reaches ${ceiling.toFixed(2)} on these labels (ceil R)` }
      : {}),
  });
  t.push({ name: 'task precision', value: precision, goal: '>= 0.60', pass: precision !== null && precision >= 0.6 });
  const due = overall.tasks.due_accuracy;
  t.push({ name: 'due-date accuracy (matched tasks)', value: due, goal: '>= 0.80', pass: due !== null && due >= 0.8 });
  t.push({
    name: 're-proposed done tasks',
    value: overall.tasks.reproposed_done,
    goal: '= 0',
    pass: overall.tasks.reproposed_done === 0,
  });
  t.push({
    name: 'generic labels in participants',
    value: overall.participants.generic_predicted,
    goal: '= 0',
    pass: overall.participants.generic_predicted === 0,
  });
  return t;
}

export interface EvalReport {
  extractor: string;
  sources: SourceScore[];
  by_kind: Record<string, Rates>;
  overall: Rates;
  targets: Target[];
}

export function buildReport(extractor: string, scores: SourceScore[]): EvalReport {
  const kinds = [...new Set(scores.map((s) => s.kind))];
  const byKind: Record<string, Rates> = {};
  for (const k of kinds) byKind[k] = rates(scores.filter((s) => s.kind === k));
  const overall = rates(scores);
  return { extractor, sources: scores, by_kind: byKind, overall, targets: targets(byKind, overall) };
}
