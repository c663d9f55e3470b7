import * as esm from 'chrono-node';
import { describe, expect, it } from 'vitest';
import * as chrono from './chrono.ts';

describe('chrono (loaded on first use)', () => {
  const ref = new Date('2026-01-05T09:00:00Z');

  it('reads dates as the ESM build does', () => {
    for (const text of ['send it by Friday', 'call on Jan 12 at 3pm', 'next week', 'end of March', 'no date here']) {
      const got = chrono.parse(text, ref, { forwardDate: true });
      const want = esm.parse(text, ref, { forwardDate: true });
      expect(got.map((r) => [r.index, r.text, r.start.date().toISOString()])).toEqual(
        want.map((r) => [r.index, r.text, r.start.date().toISOString()]),
      );
    }
    expect(chrono.parse('send it by Friday', ref, { forwardDate: true })[0]?.start.get('day')).toBe(9);
  });
});
