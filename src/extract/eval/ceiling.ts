/**
 * The extractive ceiling: how many label tasks ANY extractor could match if its task text were a contiguous quote
 * of the source (any run of words, inside a sentence or across several, chosen with hindsight for each label).
 * When the labels are paraphrases this bounds what a rule-based extractor can score under the Jaccard rule,
 * whatever its rules; a score above the ceiling needs generated (abstractive) text. Pure: text in, numbers out.
 */
import { contentTokens } from './match.ts';

export interface Ceiling {
  /** Label task clusters some contiguous quote of the source matches at >= `threshold`. */
  reachable: number;
  /** Per cluster, the best Jaccard any quote reaches (best member of the cluster). */
  best: number[];
}

/**
 * Best Jaccard between `label` and any window of `stream`. A window whose distinct tokens outnumber the label's
 * `1/threshold` times cannot reach the threshold (J <= |label| / |window|), so windows stop growing there: the
 * result is exact whenever it is >= threshold, and below it otherwise.
 */
export function bestWindow(label: string[], stream: string[], threshold: number): number {
  const L = new Set(label);
  if (L.size === 0) return 0;
  const limit = Math.ceil(L.size / threshold);
  let top = 0;
  for (let i = 0; i < stream.length; i++) {
    if (!L.has(stream[i] as string)) continue; // a best window starts on a shared token
    const seen = new Set<string>();
    let inter = 0;
    for (let j = i; j < stream.length && seen.size <= limit; j++) {
      const t = stream[j] as string;
      if (seen.has(t)) continue;
      seen.add(t);
      if (L.has(t)) {
        inter++;
        top = Math.max(top, inter / (L.size + seen.size - inter));
      }
    }
  }
  return top;
}

export function extractiveCeiling(clusters: string[][], sentences: string[], threshold: number): Ceiling {
  const stream = sentences.flatMap((s) => contentTokens(s));
  const best = clusters.map((members) =>
    Math.max(0, ...members.map((m) => bestWindow(contentTokens(m), stream, threshold))),
  );
  return { reachable: best.filter((b) => b >= threshold).length, best };
}
