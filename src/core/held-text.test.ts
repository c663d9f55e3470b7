import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { HOLD_COMPRESSED_ABOVE, holdText } from './held-text.ts';

const stateLike = (lines: number) =>
  Array.from({ length: lines }, (_, i) => `  "source-${i}": {"gist":"Call ${i} about the plan — 📅"},`).join('\n');

describe('holdText', () => {
  it('gives back the very text, every time', () => {
    const text = stateLike(5000);
    expect(text.length).toBeGreaterThan(HOLD_COMPRESSED_ABOVE);
    const held = holdText(text);
    expect(held()).toBe(text);
    expect(held()).toBe(text);
    expect(holdText('small')()).toBe('small');
  });

  it('keeps only the compressed bytes: the text it was given can be collected', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    // a 40 MB text, made and let go inside the function: only what holdText kept of it stays reachable
    const held = (() => holdText(stateLike(800_000)))();
    gc();
    expect(process.memoryUsage().heapUsed - base).toBeLessThan(15_000_000);
    expect(held().length).toBeGreaterThan(40_000_000);
  });
});
