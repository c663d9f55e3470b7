/**
 * How well a model's scores rank one class's units above the rest, before any threshold: the ceiling that no choice
 * of threshold can pass. `npm run train -- --sweep` reports it for held-out units, so a missed recall target can be
 * told apart from a badly set threshold.
 */

export interface Ranked {
  positive: boolean;
  score: number;
}

export interface RankingQuality {
  positives: number;
  units: number;
  /** Mean of the precision at each positive's rank: 1 when every positive outranks every negative. */
  averagePrecision: number | null;
  /**
   * Best precision at any cut-off that reaches each recall (interpolated, so the most generous reading); null when
   * no cut-off reaches it.
   */
  precisionAtRecall: { recall: number; precision: number | null }[];
}

export function rankingQuality(units: Ranked[], recalls: number[] = [0.4, 0.5, 0.6]): RankingQuality {
  // Ties broken against the positives, so a model that scores everything alike gets no credit for the order.
  const sorted = [...units].sort((a, b) => b.score - a.score || Number(a.positive) - Number(b.positive));
  const positives = sorted.filter((u) => u.positive).length;
  const curve: { recall: number; precision: number }[] = [];
  let hits = 0;
  let ap = 0;
  sorted.forEach((u, i) => {
    if (!u.positive) return;
    hits++;
    const precision = hits / (i + 1);
    ap += precision;
    curve.push({ recall: hits / positives, precision });
  });
  return {
    positives,
    units: units.length,
    averagePrecision: positives === 0 ? null : ap / positives,
    precisionAtRecall: recalls.map((recall) => {
      const reaching = curve.filter((c) => c.recall >= recall - 1e-9).map((c) => c.precision);
      return { recall, precision: reaching.length === 0 ? null : Math.max(...reaching) };
    }),
  };
}
