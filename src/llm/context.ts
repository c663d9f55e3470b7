/**
 * Which known entities go into a prompt: only those whose name, alias or email occurs in the source, matched on
 * word boundaries (so `AI` never pulls in OpenAI), sorted, and capped. Deterministic, so the same source always
 * gets the same prompt (and the same cache key stays valid).
 */
import type { KnownEntity } from '../extract/extractor.ts';

const KIND_ORDER: Record<KnownEntity['kind'], number> = { person: 0, account: 1, project: 2 };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Whole-word, case- and accent-insensitive; whitespace inside a name may be any run of whitespace. */
export function mentions(textFolded: string, term: string): boolean {
  const t = fold(term).trim();
  if (t.length < 2) return false;
  const pattern = escapeRegExp(t).replace(/\s+/g, '\\s+');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${pattern}($|[^\\p{L}\\p{N}_])`, 'u').test(textFolded);
}

export interface RelevantEntity extends KnownEntity {
  /** The terms that were found, so the prompt can show which spelling the source uses. */
  matched: string[];
}

/** The words of a folded text, once: a term none of whose words is here cannot occur (no 20 MB regex scan). */
function wordSet(textFolded: string): Set<string> {
  const set = new Set<string>();
  for (const m of textFolded.matchAll(/[\p{L}\p{N}_]+/gu)) set.add(m[0]);
  return set;
}

function mayOccur(words: Set<string>, term: string): boolean {
  const parts = fold(term).match(/[\p{L}\p{N}_]+/gu);
  return !parts || parts.every((p) => words.has(p));
}

export function relevantEntities(known: readonly KnownEntity[], sourceText: string, limit = 60): RelevantEntity[] {
  const text = fold(sourceText);
  const words = wordSet(text);
  const hits: RelevantEntity[] = [];
  for (const e of known) {
    const terms = [e.name, ...e.aliases, ...e.emails];
    // The cheap test first: every word of the term is a word of the text; then the exact phrase.
    const matched = terms.filter((t) => mayOccur(words, t) && mentions(text, t));
    if (matched.length) hits.push({ ...e, matched });
  }
  // More matched spellings first (stronger evidence), then a stable order.
  hits.sort(
    (a, b) =>
      b.matched.length - a.matched.length ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.name.localeCompare(b.name, 'en'),
  );
  return hits
    .slice(0, limit)
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name, 'en'));
}
