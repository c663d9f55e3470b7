/**
 * Fact identity. Two statements are the same fact when their content words mostly coincide (token Jaccard, or one
 * contained in the other) and their numbers agree; they contradict when they say the same thing with different
 * numbers ("needs 2 EB" / "needs 100 EB"). Clustering walks facts in a canonical order so the result depends only
 * on the set of facts, never on the order sources were processed.
 */

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
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  const minSize = Math.min(a.size, b.size);
  return { jaccard: union === 0 ? 1 : inter / union, containment: minSize === 0 ? 0 : inter / minSize, minSize };
}

export const JACCARD = 0.6;
export const CONTAINMENT = 0.8;

function sameWords(a: string, b: string): boolean {
  const s = similarity(factTokens(a), factTokens(b));
  return s.jaccard >= JACCARD || (s.minSize >= 4 && s.containment >= CONTAINMENT);
}

/** The numbers of the statement with fewer numbers all appear in the other (or one states none). */
function numbersAgree(a: string, b: string): boolean {
  const na = factNumbers(a);
  const nb = factNumbers(b);
  return na.size <= nb.size ? subset(na, nb) : subset(nb, na);
}

function normaliseExact(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Same fact, said again (possibly reworded): adds a source, never a bullet. */
export function isNearDuplicate(a: string, b: string): boolean {
  if (normaliseExact(a) === normaliseExact(b)) return true;
  return numbersAgree(a, b) && sameWords(a, b);
}

/** Same subject and wording, different numbers: the later statement supersedes the earlier. */
export function contradicts(a: string, b: string): boolean {
  const na = factNumbers(a);
  const nb = factNumbers(b);
  if (na.size === 0 || nb.size === 0 || numbersAgree(a, b)) return false;
  return sameWords(a, b);
}

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
  for (const item of [...items].sort(canonicalOrder)) {
    // Compared with each cluster's displayed statement only: chaining through members would let a statement that
    // combines two facts glue them together and hide one of them.
    const same = clusters.find((c) => isNearDuplicate(c.text, item.text));
    if (same) {
      same.members.push(item);
      continue;
    }
    if (detectContradictions) {
      for (const c of clusters) {
        if (c.supersededOn !== null || !contradicts(c.text, item.text)) continue;
        const last = c.members[c.members.length - 1]!;
        if (item.date && last.date !== null && last.date < item.date) c.supersededOn = item.date;
        else c.conflict = true;
      }
    }
    clusters.push({ text: item.text.trim(), members: [item], supersededOn: null, conflict: false });
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
