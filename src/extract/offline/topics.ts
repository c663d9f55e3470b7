/**
 * Topics: the terms a source keeps coming back to: capitalised words and acronyms that are not people's names,
 * not sentence-initial and not filler, ranked by how often they recur. Cheap, and good enough to tag a note.
 */
import { hasTag } from '../compromise.ts';
import type { Unit } from './sentences.ts';

const TERM = /(?<=\s)[A-Z][A-Za-z0-9-]+(?=[\s,.;:!?)]|$)/g;
const NOT_TOPICS = new Set(
  "I I'm I'll OK Okay Yeah Yes No So And But The This That Thanks Hi Hey Hello Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Myself TBD PM AM ET PT CET UTC EOD FYI".split(
    ' ',
  ),
);

export function extractTopics(units: Unit[], people: string[], max = 5): string[] {
  const personWords = new Set(people.flatMap((p) => p.split(/\s+/)));
  const counts = new Map<string, number>();
  for (const u of units) {
    for (const m of u.text.matchAll(TERM)) {
      const term = m[0].trim();
      if (NOT_TOPICS.has(term) || personWords.has(term)) continue;
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  // "IPs" and "IP", "GPUs" and "GPU": one topic, in the singular, counted together.
  for (const [term, n] of [...counts]) {
    const one = term.endsWith('s') ? term.slice(0, -1) : null;
    if (!one || !counts.has(one)) continue;
    counts.set(one, (counts.get(one) ?? 0) + n);
    counts.delete(term);
  }
  // Given names of people who are not participants ("Jeff") recur too; compromise's name lexicon weeds them out,
  // asked only about the few top candidates so it stays cheap.
  return [...counts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max * 3)
    .map(([t]) => t)
    .filter((t) => !hasTag(t, '#FirstName'))
    .slice(0, max);
}
