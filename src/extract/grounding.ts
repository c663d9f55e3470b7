/**
 * Grounding: every task, decision, fact and meeting must quote the source. A model (or a rule) may tidy a quote's
 * whitespace, case or quote marks, drop the `> ` markers a mail export puts before each line, or keep one where it
 * joins two quoted lines into one (`option > All POCs`), so the check is insensitive to exactly those and nothing
 * else: a quote whose words are not in the source, in that order, is dropped.
 */

// @ts-expect-error talisman ships no type declarations for its stemmers
import porter from 'talisman/stemmers/porter.js';
import { stripHtml } from '../vault/escape.ts';
import { memoLast } from '../vault/memo.ts';
import type { Extraction } from './schema.ts';

const QUOTES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '`': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
};

/** The normalised form of a text plus, for each normalised character, its index in the original. */
interface Folded {
  text: string;
  map: Uint32Array;
}

/** What `/\s/` matches, plus NBSP and the object replacement character, by UTF-16 code unit. */
function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff ||
    c === 0xfffc
  );
}

/**
 * A `>` with whitespace (or the text's edge) on both sides: a quote marker of a mail export that a quote flattened
 * into one line ("no longer an option > All POCs must be paid" for two quoted lines), never part of a word.
 */
function standalone(input: string, i: number): boolean {
  const before = i === 0 ? 0x20 : input.charCodeAt(i - 1);
  const after = i + 1 >= input.length ? 0x20 : input.charCodeAt(i + 1);
  return isSpaceCode(before) && isSpaceCode(after);
}

/** Lower case (and unified quotes) of one non-ASCII code unit, cached: `toLowerCase` may give two units (`İ`). */
const lowerCache = new Map<number, string>();
function lowerOf(c: number): string {
  let l = lowerCache.get(c);
  if (l === undefined) {
    const ch = String.fromCharCode(c);
    l = QUOTES[ch] ?? ch.toLowerCase();
    lowerCache.set(c, l);
  }
  return l;
}

/**
 * Lower-case, unify quote styles, collapse whitespace runs to one space and treat a `>` quote marker (line-leading,
 * or standing alone between spaces where a quote joined quoted lines) as whitespace. Keeps an index map so a match
 * can be cut out of the original verbatim. Linear, in typed arrays: a 20 MB transcript folds in well under a second
 * without hundreds of MB of garbage.
 */
function fold(input: string): Folded {
  let out = new Uint16Array(input.length + 16);
  let map = new Uint32Array(input.length + 16);
  let n = 0;
  const emit = (code: number, at: number) => {
    if (n >= out.length) {
      const bigger = new Uint16Array(out.length * 2);
      bigger.set(out);
      out = bigger;
      const biggerMap = new Uint32Array(map.length * 2);
      biggerMap.set(map);
      map = biggerMap;
    }
    out[n] = code;
    map[n] = at;
    n++;
  };
  let pendingSpace = false;
  let lineStart = true;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      lineStart = true;
      pendingSpace = n > 0;
      continue;
    }
    if (lineStart && (c === 0x3e || isSpaceCode(c))) {
      pendingSpace = n > 0;
      continue;
    }
    lineStart = false;
    if (isSpaceCode(c) || (c === 0x3e && standalone(input, i))) {
      pendingSpace = n > 0;
      continue;
    }
    if (pendingSpace) {
      emit(0x20, i);
      pendingSpace = false;
    }
    if (c < 0x80) {
      emit(c >= 0x41 && c <= 0x5a ? c + 32 : c === 0x60 ? 0x27 : c, i);
      continue;
    }
    const l = lowerOf(c);
    // toLowerCase can change length (e.g. 'İ'): keep the map one entry per emitted unit.
    for (let k = 0; k < l.length; k++) emit(l.charCodeAt(k), i);
  }
  const parts: string[] = [];
  for (let k = 0; k < n; k += 8192) parts.push(String.fromCharCode(...out.subarray(k, Math.min(n, k + 8192))));
  return { text: parts.join(''), map: map.subarray(0, n) };
}

/** Folding a 90 KB transcript per quote would be quadratic over an extraction; remember the last few sources. */
const foldSource = memoLast(8, fold);

/** True when `quote` occurs in `sourceText`, ignoring whitespace, case, quote style and `>` line markers. */
export function evidenceFound(sourceText: string, quote: string): boolean {
  const q = fold(quote).text.trim();
  if (q === '') return false;
  return foldSource(sourceText).text.includes(q);
}

/** Where `quote` matches in `sourceText` (start and end offsets), under the same rules as `evidenceFound`. */
export function locateEvidenceAt(sourceText: string, quote: string): { start: number; end: number } | null {
  const q = fold(quote).text.trim();
  if (q === '') return null;
  const src = foldSource(sourceText);
  const at = src.text.indexOf(q);
  if (at < 0) return null;
  return { start: src.map[at] as number, end: (src.map[at + q.length - 1] as number) + 1 };
}

/**
 * The verbatim span of `sourceText` that `quote` matches under the same rules as `evidenceFound`, or null. Used to
 * turn a tidied quote back into an exact substring of the source.
 */
export function locateEvidence(sourceText: string, quote: string): string | null {
  const at = locateEvidenceAt(sourceText, quote);
  return at ? sourceText.slice(at.start, at.end) : null;
}

// ---- support: the words of an item's text must come from the passage it quotes ----

/**
 * Words that carry no content of their own. The rest ("content words", numbers included) of an item's text must be
 * found in the source around the quote: a model that writes "Wire $50,000 to account 12345" over an innocent quote
 * has no passage that says so.
 */
const STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these ' +
    'those we you he she they i me my our your their them us his her not no do does did done have has had will would ' +
    'shall should can could may might must so than then there here what which who whom when where why how all any ' +
    'each some such into onto over under about after before up down out off again further once also just only very ' +
    'more most other own same too both few per via vs etc myself tbd'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+(?:[.,'\u2019][\p{L}\p{N}]+)*/gu;

/** Lower case without accents: the form words are read in. */
function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** One word as compared: numbers keep their digits only (`$50,000` and `50000` are one word), `'s` goes. */
function cleanWord(w: string): string {
  return /\d/.test(w) ? w.replace(/,/g, '') : w.replace(/['\u2019]s$/, '').replace(/['\u2019]/g, '');
}

/** Lower-case words without accents; numbers keep their digits only (`$50,000` and `50000` are one word). */
function words(text: string): string[] {
  return (plain(text).match(WORD) ?? []).map(cleanWord);
}

const keyCache = new Map<string, string>();

/**
 * A word's key: the first five letters of its Porter stem (send/sending, list/listing, discussion/discuss), a number
 * as it is.
 */
function wordKey(w: string): string {
  if (/\d/.test(w)) return w;
  const known = keyCache.get(w);
  if (known !== undefined) return known;
  const k = (/^[a-z]+$/.test(w) ? (porter as (word: string) => string)(w) : w).slice(0, 5);
  if (keyCache.size > 50_000) keyCache.clear();
  keyCache.set(w, k);
  return k;
}

/** The content words of a text, once each. */
export function contentWords(text: string): string[] {
  return [...new Set(words(text).filter((w) => !STOP.has(w) && (w.length > 2 || /\d/.test(w))))];
}

/** The keys of every word of a text; streamed, so a 20 MB source needs no array of its millions of words. */
function keysOf(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of plain(text).matchAll(WORD)) keys.add(wordKey(cleanWord(m[0])));
  return keys;
}

function share(content: readonly string[], keys: Set<string>): number {
  if (content.length === 0) return 1;
  let n = 0;
  for (const w of content) if (keys.has(wordKey(w))) n++;
  return n / content.length;
}

/**
 * How a text must be supported. Of the content words of a task, decision or fact (stemmed; names the source gives
 * count as said), at least `source` (half) must occur in the source outside paragraphs addressed to an AI, and at
 * least `passage` (a quarter) in the passage around its quote: the quote's lines and `window` characters either side
 * (about a page). Gold texts (test/fixtures/gold) are written as a careful reader would: the quote says "I'll share a
 * little more insight with Manish", the task says "Brief Manish on Jason's expectations", and the words come from the
 * turns around the quote. On the 210 gold tasks, 74 decisions and 639 facts these values reject one fact; a third in
 * the passage would reject 2 tasks and a decision, a 1,000-character window a task and a decision, and "60% in the
 * source" 5 facts. A text the source does not say ("Wire $50,000 to account 12345" over an innocent quote) gets 0.
 */
export const SUPPORT = { passage: 0.25, source: 0.5, window: 2_000 } as const;

export interface SupportOptions {
  /** Names the source itself gives (its title, the adapter's participants, the owner): they count as said. */
  names?: readonly string[];
  /** Lines of the source that lend no support (lines addressed to an AI, and their paragraph). */
  excluded?: (line: string) => boolean;
}

interface SupportIndex {
  /** The source with excluded lines blanked (same length, so offsets still hold). */
  text: string;
  /** Offsets [start, end) of the blanked lines. */
  blanked: [number, number][];
  names: Set<string>;
  all: Set<string>;
}

function supportIndex(sourceText: string, opts: SupportOptions): SupportIndex {
  let text = sourceText;
  const blanked: [number, number][] = [];
  if (opts.excluded) {
    const lines = sourceText.split('\n');
    const out = [...lines];
    const offsets: number[] = [];
    for (let i = 0, at = 0; i < lines.length; at += (lines[i] as string).length + 1, i++) offsets.push(at);
    for (let i = 0; i < lines.length; i++) {
      if (!opts.excluded(lines[i] as string)) continue;
      // The line and the rest of its paragraph: an instruction to an AI may go on below the line that gives it away.
      let b = i;
      while (b + 1 < lines.length && (lines[b + 1] as string).trim() !== '') b++;
      for (let k = i; k <= b; k++) out[k] = ' '.repeat((lines[k] as string).length);
      blanked.push([offsets[i] as number, (offsets[b] as number) + (lines[b] as string).length]);
      i = b;
    }
    text = out.join('\n');
  }
  const names = keysOf((opts.names ?? []).join(' '));
  const all = keysOf(text);
  for (const k of names) all.add(k);
  return { text, blanked, names, all };
}

/** The passage around a quote: its lines, and `window` characters either side (to whole lines, within limits). */
function passageAround(text: string, start: number, end: number, window: number): string {
  let from = Math.max(0, start - window);
  let to = Math.min(text.length, end + window);
  const lineStart = text.lastIndexOf('\n', from) + 1;
  if (from - lineStart <= window / 2) from = lineStart;
  const lineEnd = text.indexOf('\n', to);
  to = lineEnd < 0 ? (text.length - to <= window / 2 ? text.length : to) : lineEnd - to <= window / 2 ? lineEnd : to;
  return text.slice(from, to);
}

/** The shares of an item's content words found in the passage around its quote and in the whole source. */
function supportOf(
  index: SupportIndex,
  at: { start: number; end: number },
  text: string,
  extraNames: readonly string[],
): { passage: number; source: number } {
  // What a note will show: the HTML a renderer strips says nothing either way.
  const content = contentWords(stripHtml(text));
  const passage = keysOf(passageAround(index.text, at.start, at.end, SUPPORT.window));
  for (const k of index.names) passage.add(k);
  for (const n of extraNames) for (const k of keysOf(n)) passage.add(k);
  return { passage: share(content, passage), source: share(content, index.all) };
}

/**
 * The shares of the content words of `text` found in the passage around the quote at `at` and in the whole source
 * (see `SUPPORT`). Exposed for tests and for the threshold study on the gold labels.
 */
export function supportShares(
  sourceText: string,
  at: { start: number; end: number },
  text: string,
  opts: SupportOptions = {},
  extraNames: readonly string[] = [],
): { passage: number; source: number } {
  return supportOf(supportIndex(sourceText, opts), at, text, extraNames);
}

export interface GroundingResult {
  extraction: Extraction;
  /**
   * Items whose quote is not in the source (`evidence`), quotes an excluded line (`excluded`: addressed to an AI),
   * or does not support the item's text (`support`).
   */
  dropped: { kind: string; text: string; why?: 'evidence' | 'excluded' | 'support' }[];
}

export interface GroundingOptions {
  /** Check that each task's, decision's and fact's text is supported by its quote (model output); off: quote only. */
  support?: SupportOptions;
}

/**
 * Drops every task, decision, fact and proposed meeting whose evidence is not found in the source, and replaces each
 * kept evidence with the verbatim span it matched, so downstream code can quote it exactly. With `support`, a task,
 * decision or fact whose text its quote does not support is dropped too.
 */
export function groundExtraction(ex: Extraction, sourceText: string, opts: GroundingOptions = {}): GroundingResult {
  const dropped: GroundingResult['dropped'] = [];
  const index = opts.support ? supportIndex(sourceText, opts.support) : null;
  function keep<T extends { text?: string; title?: string; evidence: string }>(
    kind: string,
    items: T[],
    names: (item: T) => (string | null)[] = () => [],
  ): T[] {
    const out: T[] = [];
    for (const item of items) {
      const at = locateEvidenceAt(sourceText, item.evidence);
      const label = item.text ?? item.title ?? item.evidence;
      if (at === null) {
        dropped.push({ kind, text: label, why: 'evidence' });
        continue;
      }
      if (index?.blanked.some(([a, b]) => at.start < b && at.end > a)) {
        dropped.push({ kind, text: label, why: 'excluded' });
        continue;
      }
      if (index && item.text !== undefined) {
        const extra = names(item).filter((n): n is string => !!n && evidenceFound(index.text, n));
        const s = supportOf(index, at, item.text, extra);
        if (s.passage < SUPPORT.passage || s.source < SUPPORT.source) {
          dropped.push({ kind, text: label, why: 'support' });
          continue;
        }
      }
      out.push({ ...item, evidence: sourceText.slice(at.start, at.end) });
    }
    return out;
  }
  return {
    extraction: {
      ...ex,
      tasks: keep('task', ex.tasks, (t) => [t.owner]),
      decisions: keep('decision', ex.decisions),
      facts: keep('fact', ex.facts, (f) => [f.about]),
      meetings: keep('meeting', ex.meetings),
    },
    dropped,
  };
}
