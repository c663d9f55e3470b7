import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestWindow, extractiveCeiling } from './ceiling.ts';
import { jaccard } from './match.ts';

const source = [
  'Thanks for the update.',
  'Can you please suggest a follow up call with the team who made the request?',
  'The answer will be NO.',
  'But let me communicate it my way.',
];

describe('the extractive ceiling of a label set', () => {
  it('counts a label that the source says nearly word for word as reachable', () => {
    const c = extractiveCeiling([['Suggest a follow-up call with the team that made the request.']], source, 0.5);
    expect(c.reachable).toBe(1);
    expect(c.best[0]).toBe(1);
  });

  it('counts a long paraphrase as out of reach, whatever part of the source is quoted', () => {
    const label =
      'Suggest and schedule a follow-up call with the Microsoft team who requested an Azure VoC instance so Lior Genzel can communicate VAST refusal.';
    const c = extractiveCeiling([[label]], source, 0.5);
    expect(c.reachable).toBe(0);
    expect(c.best[0]).toBeGreaterThan(0.2);
    expect(c.best[0]).toBeLessThan(0.5);
  });

  it('takes the best member of a cluster and handles an empty source', () => {
    const c = extractiveCeiling([['Totally unrelated words here.', 'The answer will be no.']], source, 0.5);
    expect(c.best[0]).toBe(1);
    expect(extractiveCeiling([['Anything at all.']], [], 0.5)).toEqual({ reachable: 0, best: [0] });
  });

  it('agrees with trying every window whenever the best window reaches the threshold', () => {
    const word = fc.constantFrom('send', 'deck', 'jeff', 'friday', 'venue', 'book', 'price', 'call', 'team');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 6 }),
        fc.array(word, { maxLength: 30 }),
        (label, stream) => {
          let naive = 0;
          for (let i = 0; i < stream.length; i++)
            for (let j = i + 1; j <= stream.length; j++) naive = Math.max(naive, jaccard(label, stream.slice(i, j)));
          const fast = bestWindow(label, stream, 0.5);
          expect(fast).toBeLessThanOrEqual(naive + 1e-12);
          expect(fast >= 0.5).toBe(naive >= 0.5);
          if (naive >= 0.5) expect(fast).toBeCloseTo(naive, 12);
        },
      ),
      { seed: 7, numRuns: 400 },
    );
  });
});
