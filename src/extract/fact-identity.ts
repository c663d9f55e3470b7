/**
 * Fact identity. Two statements are the same fact when their content words mostly coincide (token Jaccard, or one
 * contained in the other) and their numbers agree; they contradict when they say the same thing with different
 * numbers ("needs 2 EB" / "needs 100 EB"). Shared by a source note's Key Facts and the entity pages, so the two
 * never disagree on what counts as the same fact.
 */

import { jaccard, overlap } from '../core/text.ts';

const STOP = new Set(
  `a an the and or but of to in on at for from by with as is are was were be been being it its this that these those
  he she they we i you his her their our my your him them us me has have had do does did will would can could should
  may might must shall not no yes also than then so such into onto over under about after before while during via per
  said says stated states described reported noted mentioned explained indicated claimed asserted confirmed
  currently now still already just very more most which who whom whose what when where there here`
    .split(/\s+/)
    .filter(Boolean),
);

/** Content-word stems: lower case, accents folded, stopwords dropped, words cut to six letters (a crude but order-free stemmer). */
export function factTokens(text: string): Set<string> {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !/\d/.test(w) && !STOP.has(w));
  return new Set(words.map((w) => w.slice(0, 6)));
}

/** The numbers a statement makes: "2EB", "$250B", "2,000" and "2025-12-09" all count; leading zeros dropped. */
export function factNumbers(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\d+(?:[.,]\d{3})*(?:\.\d+)?/g)) {
    const n = m[0].replace(/,(?=\d{3})/g, '');
    out.add(n.includes('.') ? n.replace(/\.?0+$/, '') : n.replace(/^0+(?=\d)/, ''));
  }
  return out;
}

function subset<T>(a: Set<T>, b: Set<T>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export interface Similarity {
  jaccard: number;
  containment: number;
  minSize: number;
}

export function similarity(a: Set<string>, b: Set<string>): Similarity {
  const minSize = Math.min(a.size, b.size);
  return { jaccard: jaccard(a, b), containment: minSize === 0 ? 0 : overlap(a, b) / minSize, minSize };
}

export const JACCARD = 0.6;
export const CONTAINMENT = 0.8;

/** What fact identity compares of a statement, worked out once: comparing one statement with many costs no re-reading. */
export interface FactKey {
  exact: string;
  tokens: Set<string>;
  numbers: Set<string>;
}

export function factKey(text: string): FactKey {
  return { exact: normaliseExact(text), tokens: factTokens(text), numbers: factNumbers(text) };
}

function sameWords(a: FactKey, b: FactKey): boolean {
  const s = similarity(a.tokens, b.tokens);
  return s.jaccard >= JACCARD || (s.minSize >= 4 && s.containment >= CONTAINMENT);
}

/** The numbers of the statement with fewer numbers all appear in the other (or one states none). */
function numbersAgree(a: FactKey, b: FactKey): boolean {
  return a.numbers.size <= b.numbers.size ? subset(a.numbers, b.numbers) : subset(b.numbers, a.numbers);
}

/** Case, accents' composition and punctuation ignored: the key two bullets must differ in to be two bullets. */
export function normaliseExact(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Same fact, said again (possibly reworded): adds a source, never a bullet. */
const keyOf = (x: string | FactKey): FactKey => (typeof x === 'string' ? factKey(x) : x);

export function isNearDuplicate(a: string | FactKey, b: string | FactKey): boolean {
  const ka = keyOf(a);
  const kb = keyOf(b);
  if (ka.exact === kb.exact) return true;
  return numbersAgree(ka, kb) && sameWords(ka, kb);
}

/** Same subject and wording, different numbers: the later statement supersedes the earlier. */
export function contradicts(a: string | FactKey, b: string | FactKey): boolean {
  const ka = keyOf(a);
  const kb = keyOf(b);
  if (ka.numbers.size === 0 || kb.numbers.size === 0 || numbersAgree(ka, kb)) return false;
  return sameWords(ka, kb);
}
