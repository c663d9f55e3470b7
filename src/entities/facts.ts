/**
 * Entity-page facts and decisions: sourced bullets clustered by fact identity (src/extract/fact-identity.ts).
 * Clustering walks facts in a canonical order so the result depends only on the set of facts, never on the order
 * sources were processed.
 */
import { contradicts, type FactKey, factKey, isNearDuplicate } from '../extract/fact-identity.ts';

export interface SourcedItem {
  text: string;
  /** YYYY-MM-DD, or null for undated (imported) items. */
  date: string | null;
  source_id: string;
  /** Wikilink target of the source note, or null for an imported line without one. */
  note: string | null;
}

export interface Cluster {
  /** The displayed statement: the first member in canonical order (earliest, then by source id and text). */
  text: string;
  members: SourcedItem[];
  /** Date of the later statement that contradicts this one. */
  supersededOn: string | null;
  /** When the contradiction could not be ordered by date, both are kept and flagged. */
  conflict: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Undated items (imported before Distill) first, then by date, source id and text. */
export function canonicalOrder(a: SourcedItem, b: SourcedItem): number {
  if (a.date !== b.date) {
    if (a.date === null) return -1;
    if (b.date === null) return 1;
    return cmp(a.date, b.date);
  }
  return cmp(a.source_id, b.source_id) || cmp(a.text, b.text) || cmp(a.note ?? '', b.note ?? '');
}

/** Groups statements of one fact; with `detectContradictions`, marks older statements a later one contradicts. */
export function clusterItems(items: SourcedItem[], detectContradictions = true): Cluster[] {
  const clusters: Cluster[] = [];
  // Each statement is read once, however many clusters it is compared with: an account named in thousands of sources
  // has thousands of facts, and re-reading both sides of every comparison was most of what rendering its page allocated.
  // (A cluster's key is its first statement's: trimming changes none of what a key holds.)
  const clusterKeys: FactKey[] = [];
  for (const item of [...items].sort(canonicalOrder)) {
    const key = factKey(item.text);
    // Compared with each cluster's displayed statement only: chaining through members would let a statement that
    // combines two facts glue them together and hide one of them.
    const same = clusters.find((_, i) => isNearDuplicate(clusterKeys[i]!, key));
    if (same) {
      same.members.push(item);
      continue;
    }
    if (detectContradictions) {
      for (const [i, c] of clusters.entries()) {
        if (c.supersededOn !== null || !contradicts(clusterKeys[i]!, key)) continue;
        const last = c.members[c.members.length - 1]!;
        if (item.date && last.date !== null && last.date < item.date) c.supersededOn = item.date;
        else c.conflict = true;
      }
    }
    clusters.push({ text: item.text.trim(), members: [item], supersededOn: null, conflict: false });
    clusterKeys.push(key);
  }
  return clusters;
}

export function latestDate(c: Cluster): string | null {
  let best: string | null = null;
  for (const m of c.members) if (m.date && (best === null || m.date > best)) best = m.date;
  return best;
}

/** `(2025-12-11, [[a]]; 2025-12-15, [[b]])`, or '' when no member has a note. */
export function sourcesSuffix(c: Cluster): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  const sorted = [...c.members].sort((a, b) => cmp(a.date ?? '', b.date ?? '') || cmp(a.note ?? '', b.note ?? ''));
  for (const m of sorted) {
    if (!m.note) continue;
    const part = `${m.date ?? 'undated'}, [[${m.note}]]`;
    if (seen.has(part)) continue;
    seen.add(part);
    parts.push(part);
  }
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** Newest first by latest source date; undated last; ties by text. */
export function displayOrder(a: Cluster, b: Cluster): number {
  const da = latestDate(a);
  const db = latestDate(b);
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return cmp(db, da);
  }
  return cmp(a.text, b.text);
}

export function renderFactBullet(c: Cluster): string {
  const text = c.text.replace(/\s+/g, ' ').trim();
  const shown = c.supersededOn ? `~~${text}~~ (superseded ${c.supersededOn})` : text;
  return `- ${shown}${sourcesSuffix(c)}`;
}

/**
 * Reads back a bullet Distill (or the old system) wrote: the statement, and the dated sources at its end.
 * `- ~~x~~ (superseded 2026-01-05) (2025-12-11, [[a]]; …)` -> { text: 'x', sources: [...] }.
 */
export function parseBullet(line: string): { text: string; sources: { date: string | null; note: string }[] } | null {
  const m = /^\s*[-*+]\s+(?!\[[ x?/R-]\]\s)(.*\S)\s*$/.exec(line);
  if (!m) return null;
  let text = m[1]!;
  const sources: { date: string | null; note: string }[] = [];
  const tail = /\s\(((?:(?:\d{4}-\d{2}-\d{2}|undated), \[\[[^\]]+\]\](?:; )?)+)\)$/.exec(text);
  if (tail) {
    for (const s of tail[1]!.matchAll(/(\d{4}-\d{2}-\d{2}|undated), \[\[([^\]]+)\]\]/g)) {
      sources.push({ date: s[1] === 'undated' ? null : s[1]!, note: s[2]!.split('|')[0]! });
    }
    text = text.slice(0, tail.index);
  }
  text = text
    .replace(/\s\(superseded \d{4}-\d{2}-\d{2}\)$/, '')
    .replace(/^~~([\s\S]*)~~$/, '$1')
    .trim();
  return text === '' ? null : { text, sources };
}
