import { describe, expect, it } from 'vitest';
import { contentTokens, jaccard, overlap } from './text.ts';

describe('contentTokens', () => {
  it('drops stop words and folds accents, case and simple suffixes', () => {
    expect(contentTokens('Scheduling the follow-up calls with Müller')).toEqual([
      'schedul',
      'follow',
      'call',
      'muller',
    ]);
    expect(contentTokens('schedule a follow up call')).toEqual(['schedul', 'follow', 'call']);
    expect(contentTokens('Requirements required')).toEqual(['requir', 'requir']);
  });
});

describe('jaccard', () => {
  it('compares token sets', () => {
    expect(jaccard(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3);
    expect(jaccard([], [])).toBe(1);
  });
});

describe('overlap', () => {
  it('counts shared distinct tokens', () => {
    expect(overlap(['a', 'a', 'b'], ['a', 'c'])).toBe(1);
  });
});
