import * as esm from 'chrono-node';
import { describe, expect, it } from 'vitest';
import * as chrono from './chrono.ts';

describe('chrono (loaded on first use)', () => {
  const ref = new Date('2026-01-05T09:00:00Z');

  it('reads dates as the ESM build does', () => {
    for (const text of [
      'send it by Friday',
      'call on Jan 12 at 3pm',
      'next week',
      'end of March',
      'no date here',
      'Monday 10-11am PT',
    ]) {
      const got = chrono.parse(text, ref, { forwardDate: true });
      const want = esm.parse(text, ref, { forwardDate: true });
      const parts = ['year', 'month', 'day', 'weekday', 'hour', 'minute', 'timezoneOffset'] as const;
      const read = (c: chrono.Components | esm.ParsedComponents | null) =>
        c && parts.map((k) => [c.get(k), c.isCertain(k)]);
      expect(got.map((r) => [r.index, r.text, read(r.start), read(r.end)])).toEqual(
        want.map((r) => [r.index, r.text, read(r.start), read(r.end ?? null)]),
      );
    }
    expect(chrono.parse('send it by Friday', ref, { forwardDate: true })[0]?.start.get('day')).toBe(9);
  });
});
