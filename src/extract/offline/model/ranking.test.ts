import { describe, expect, it } from 'vitest';
import { rankingQuality } from './ranking.ts';

const unit = (positive: boolean, score: number) => ({ positive, score });

describe('ranking quality of held-out scores', () => {
  it('is perfect when every positive outranks every negative', () => {
    const q = rankingQuality([unit(true, 0.9), unit(true, 0.8), unit(false, 0.3), unit(false, 0.1)]);
    expect(q.averagePrecision).toBe(1);
    expect(q.precisionAtRecall.map((p) => p.precision)).toEqual([1, 1, 1]);
  });

  it('gives the best precision reachable at each recall, whatever the threshold', () => {
    // Ranked: + - + - - +. Recall 1/3 at rank 1 (P 1), 2/3 at rank 3 (P 0.67), 1 at rank 6 (P 0.5).
    const q = rankingQuality(
      [unit(true, 6), unit(false, 5), unit(true, 4), unit(false, 3), unit(false, 2), unit(true, 1)],
      [0.3, 0.6, 0.9],
    );
    expect(q.precisionAtRecall).toEqual([
      { recall: 0.3, precision: 1 },
      { recall: 0.6, precision: 2 / 3 },
      { recall: 0.9, precision: 0.5 },
    ]);
    expect(q.averagePrecision).toBeCloseTo((1 + 2 / 3 + 0.5) / 3);
  });

  it('gives no credit for ties: equal scores rank the negatives first', () => {
    const q = rankingQuality([unit(true, 0.5), unit(false, 0.5)]);
    expect(q.averagePrecision).toBe(0.5);
  });

  it('has nothing to say about a class with no positives', () => {
    const q = rankingQuality([unit(false, 0.2)]);
    expect(q.averagePrecision).toBeNull();
    expect(q.precisionAtRecall[0]?.precision).toBeNull();
  });
});
