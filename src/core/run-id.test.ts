import { describe, expect, it } from 'vitest';
import { newRunId } from './run-id.ts';

describe('newRunId', () => {
  it('is the UTC start time to the second and a random suffix', () => {
    expect(newRunId(new Date('2026-03-04T05:06:07.890Z'))).toMatch(/^20260304-050607-[0-9a-f]{4}$/);
  });

  it('sorts in time order and differs between two runs in one second', () => {
    const t = new Date('2026-03-04T05:06:07Z');
    expect(newRunId(t) < newRunId(new Date('2026-03-04T05:06:08Z'))).toBe(true);
    expect(new Set(Array.from({ length: 20 }, () => newRunId(t))).size).toBeGreaterThan(1);
  });
});
