/**
 * Grounding: every task, decision, fact and meeting must quote the source. A model (or a rule) may tidy a quote's
 * whitespace, case or quote marks, drop the `> ` markers a mail export puts before each line, or keep one where it
 * joins two quoted lines into one (`option > All POCs`), so the check is insensitive to exactly those and nothing
 * else: a quote whose words are not in the source, in that order, is dropped.
 */

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
  map: number[];
}

function isSpace(ch: string): boolean {
  return /\s/.test(ch) || ch === '\u00a0' || ch === '\ufffc';
}

/**
 * A `>` with whitespace (or the text's edge) on both sides: a quote marker of a mail export that a quote flattened
 * into one line ("no longer an option > All POCs must be paid" for two quoted lines), never part of a word.
 */
function standalone(input: string, i: number): boolean {
  const before = i === 0 ? ' ' : (input[i - 1] as string);
  const after = i + 1 >= input.length ? ' ' : (input[i + 1] as string);
  return isSpace(before) && isSpace(after);
}

/**
 * Lower-case, unify quote styles, collapse whitespace runs to one space and treat a `>` quote marker (line-leading,
 * or standing alone between spaces where a quote joined quoted lines) as whitespace. Keeps an index map so a match can be cut out of the original verbatim.
 */
function fold(input: string): Folded {
  let text = '';
  const map: number[] = [];
  let pendingSpace = false;
  let lineStart = true;
  for (let i = 0; i < input.length; i++) {
    let ch = input[i] as string;
    if (ch === '\n' || ch === '\r') {
      lineStart = true;
      pendingSpace = text.length > 0;
      continue;
    }
    if (lineStart && (ch === '>' || isSpace(ch))) {
      pendingSpace = text.length > 0;
      continue;
    }
    lineStart = false;
    if (isSpace(ch) || (ch === '>' && standalone(input, i))) {
      pendingSpace = text.length > 0;
      continue;
    }
    if (pendingSpace) {
      text += ' ';
      map.push(i);
      pendingSpace = false;
    }
    ch = QUOTES[ch] ?? ch.toLowerCase();
    // toLowerCase can change length (e.g. 'İ'): keep the map one entry per emitted char.
    for (const c of ch) {
      text += c;
      map.push(i);
    }
  }
  return { text, map };
}

/** Folding a 90 KB transcript per quote would be quadratic over an extraction; remember the last few sources. */
const foldSource = memoLast(8, fold);

/** True when `quote` occurs in `sourceText`, ignoring whitespace, case, quote style and `>` line markers. */
export function evidenceFound(sourceText: string, quote: string): boolean {
  const q = fold(quote).text.trim();
  if (q === '') return false;
  return foldSource(sourceText).text.includes(q);
}

/**
 * The verbatim span of `sourceText` that `quote` matches under the same rules as `evidenceFound`, or null. Used to
 * turn a tidied quote back into an exact substring of the source.
 */
export function locateEvidence(sourceText: string, quote: string): string | null {
  const q = fold(quote).text.trim();
  if (q === '') return null;
  const src = foldSource(sourceText);
  const at = src.text.indexOf(q);
  if (at < 0) return null;
  const start = src.map[at] as number;
  const end = (src.map[at + q.length - 1] as number) + 1;
  return sourceText.slice(start, end);
}

export interface GroundingResult {
  extraction: Extraction;
  dropped: { kind: string; text: string }[];
}

/**
 * Drops every task, decision, fact and proposed meeting whose evidence is not found in the source, and replaces each
 * kept evidence with the verbatim span it matched, so downstream code can quote it exactly.
 */
export function groundExtraction(ex: Extraction, sourceText: string): GroundingResult {
  const dropped: { kind: string; text: string }[] = [];
  function keep<T extends { text?: string; title?: string; evidence: string }>(kind: string, items: T[]): T[] {
    const out: T[] = [];
    for (const item of items) {
      const span = locateEvidence(sourceText, item.evidence);
      if (span === null) dropped.push({ kind, text: item.text ?? item.title ?? item.evidence });
      else out.push({ ...item, evidence: span });
    }
    return out;
  }
  return {
    extraction: {
      ...ex,
      tasks: keep('task', ex.tasks),
      decisions: keep('decision', ex.decisions),
      facts: keep('fact', ex.facts),
      meetings: keep('meeting', ex.meetings),
    },
    dropped,
  };
}
