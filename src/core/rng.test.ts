import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng.ts';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('is the published mulberry32 (first value for seed 1)', () => {
    expect(mulberry32(1)()).toBeCloseTo(0.6270739405881613, 15);
  });

  it('differs between seeds', () => {
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});
