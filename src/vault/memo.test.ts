import { describe, expect, it } from 'vitest';
import { memoLast } from './memo.ts';

describe('memoLast', () => {
  it('computes once per input while it is among the last few, then forgets the oldest', () => {
    const calls: string[] = [];
    const upper = memoLast(2, (s) => {
      calls.push(s);
      return s.toUpperCase();
    });
    expect([upper('a'), upper('a'), upper('b'), upper('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
    upper('c'); // forgets "a", the oldest
    upper('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
