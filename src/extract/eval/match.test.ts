import { describe, expect, it } from 'vitest';
import { containment, contentTokens, greedyMatch, jaccard, normaliseName, textJaccard } from './match.ts';

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

describe('jaccard and containment', () => {
  it('compares token sets', () => {
    expect(jaccard(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3);
    expect(jaccard([], [])).toBe(1);
    expect(containment(['a', 'b'], ['a', 'b', 'c', 'd'])).toBe(1);
    expect(containment([], ['a'])).toBe(0);
  });

  it('sees a reworded task as the same task', () => {
    expect(
      textJaccard('Send the pricing deck to Jeff by Friday', 'Send pricing deck to Jeff on Friday.'),
    ).toBeGreaterThanOrEqual(0.5);
    expect(textJaccard('Send the pricing deck to Jeff', 'Book the venue for the offsite')).toBeLessThan(0.2);
  });
});

describe('normaliseName', () => {
  it('folds case and accents, drops notes in parentheses, turns "Last, First" round', () => {
    expect(normaliseName('Violet (last name unknown)')).toBe('violet');
    expect(normaliseName('Denworth, Jeff')).toBe('jeff denworth');
    expect(normaliseName('Jonsi Stefánsson')).toBe('jonsi stefansson');
  });

  it('maps the owner names and Myself to myself', () => {
    expect(normaliseName('Jason Vallery', ['jason vallery'])).toBe('myself');
    expect(normaliseName('Myself')).toBe('myself');
    expect(normaliseName('Jason Taylor', ['jason vallery'])).toBe('jason taylor');
  });
});

describe('greedyMatch', () => {
  it('pairs best scores first and uses each side once', () => {
    const score = (a: number, b: number) => 1 - Math.abs(a - b) / 10;
    expect(greedyMatch([1, 5], [5, 2, 9], score, 0.8)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(greedyMatch([1], [9], score, 0.8)).toEqual([]);
  });
});
