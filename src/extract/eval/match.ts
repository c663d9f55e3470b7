/**
 * Name and item matching for the scorer. Text similarity (content tokens, Jaccard) is core's (src/core/text.ts), shared
 * with the offline extractor, which never imports the eval harness.
 */
import { contentTokens, foldText, jaccard } from '../../core/text.ts';

/**
 * A person's name for comparison: accents folded, lower-case, parenthetical notes ("(last name unknown)") and
 * punctuation removed, "Last, First" turned around; any of `ownerNames` (names, aliases, addresses) and "Myself"
 * become `myself`.
 */
export function normaliseName(name: string, ownerNames: string[] = []): string {
  const owners = new Set(['myself', ...ownerNames.map((o) => foldText(o).trim())]);
  // Checked before punctuation goes, so an owner's e-mail address is recognised too.
  if (owners.has(foldText(name).trim())) return 'myself';
  let n = foldText(name).replace(/\([^)]*\)/g, ' ');
  const comma = /^\s*([^,]+),\s*([^,]+)$/.exec(n);
  if (comma) n = `${comma[2]} ${comma[1]}`;
  n = n
    .replace(/[^a-z0-9' -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return owners.has(n) ? 'myself' : n;
}

/**
 * One-to-one greedy matching: all pairs scoring >= threshold, best first, each side used once. Returns pairs of
 * indices [expected, predicted].
 */
export function greedyMatch<A, B>(
  expected: A[],
  predicted: B[],
  score: (a: A, b: B) => number,
  threshold: number,
): [number, number][] {
  const pairs: { i: number; j: number; s: number }[] = [];
  expected.forEach((a, i) => {
    predicted.forEach((b, j) => {
      const s = score(a, b);
      if (s >= threshold) pairs.push({ i, j, s });
    });
  });
  pairs.sort((x, y) => y.s - x.s || x.i - y.i || x.j - y.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: [number, number][] = [];
  for (const p of pairs) {
    if (usedA.has(p.i) || usedB.has(p.j)) continue;
    usedA.add(p.i);
    usedB.add(p.j);
    out.push([p.i, p.j]);
  }
  return out;
}

/**
 * Two normalised names for one person: equal; or the same surname and first initial ("jeff denworth" and
 * "jeffrey denworth"); or a lone first name equal to the other's first name ("lior" and "lior genzel"). `myself` and
 * `tbd` only ever equal themselves.
 */
export function samePerson(a: string, b: string): boolean {
  if (a === b) return a !== '';
  if ([a, b].some((n) => n === '' || n === 'myself' || n === 'tbd')) return false;
  const x = a.split(' ');
  const y = b.split(' ');
  if (x.length === 1 || y.length === 1) return x[0] === y[0];
  return x.at(-1) === y.at(-1) && x[0]?.[0] === y[0]?.[0];
}

/**
 * Pairs [expected, predicted] of normalised names: exact matches first, then `samePerson` matches that are
 * unambiguous on both sides (two Davids and a lone "David" match neither).
 */
export function matchNames(expected: string[], predicted: string[]): [number, number][] {
  const pairs: [number, number][] = [];
  const usedE = new Set<number>();
  const usedP = new Set<number>();
  const take = (i: number, j: number) => {
    pairs.push([i, j]);
    usedE.add(i);
    usedP.add(j);
  };
  expected.forEach((e, i) => {
    const j = predicted.findIndex((p, k) => !usedP.has(k) && p === e);
    if (j >= 0) take(i, j);
  });
  expected.forEach((e, i) => {
    if (usedE.has(i)) return;
    const candidates = predicted.flatMap((p, k) => (!usedP.has(k) && samePerson(e, p) ? [k] : []));
    const j = candidates[0];
    if (candidates.length !== 1 || j === undefined) return;
    const p = predicted[j] ?? '';
    if (expected.filter((x, h) => !usedE.has(h) && samePerson(x, p)).length === 1) take(i, j);
  });
  return pairs;
}

/** Item matching (tasks, decisions, facts): see matchItems. */
export const EVIDENCE_OVERLAP = 0.6;
export const EVIDENCE_MIN_SHARED = 3;
export const TEXT_JACCARD = 0.5;

export interface ItemTokens {
  text: string[];
  evidence: string[];
}

export function itemTokens(item: { text: string; evidence: string }): ItemTokens {
  return { text: contentTokens(item.text), evidence: contentTokens(item.evidence) };
}

/**
 * How well two items match, 0 when they do not: the share of the smaller evidence word set found in the other
 * (counted only at >= 0.6 with at least 3 shared words, so two short quotes sharing a name do not match), or the
 * Jaccard of their texts (counted at >= 0.5); the higher of the two.
 */
export function itemScore(a: ItemTokens, b: ItemTokens): number {
  const A = new Set(a.evidence);
  const B = new Set(b.evidence);
  let shared = 0;
  for (const w of A) if (B.has(w)) shared++;
  const overlap = shared === 0 ? 0 : shared / Math.min(A.size, B.size);
  const byEvidence = shared >= EVIDENCE_MIN_SHARED && overlap >= EVIDENCE_OVERLAP ? overlap : 0;
  // An all-stop-word text ("Do it") has no tokens: it matches nothing by text, not everything.
  const text = a.text.length === 0 || b.text.length === 0 ? 0 : jaccard(a.text, b.text);
  return Math.max(byEvidence, text >= TEXT_JACCARD ? text : 0);
}

/** One-to-one pairs [gold, predicted] of matching items, best scores first. */
export function matchItems(
  gold: { text: string; evidence: string }[],
  predicted: { text: string; evidence: string }[],
): [number, number][] {
  const g = gold.map(itemTokens);
  const p = predicted.map(itemTokens);
  return greedyMatch(g, p, (a, b) => itemScore(a, b), Number.MIN_VALUE);
}
