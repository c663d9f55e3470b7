import { describe, expect, it } from 'vitest';
import { progressLine } from './context.ts';

describe('the progress line of a long run', () => {
  it('shows a bar, the count, the share and the time left, then what is being read', () => {
    expect(progressLine(2_500, 10_000, 'Inbox/2026-01-05 thread.md', 60_000)).toBe(
      '[█████░░░░░░░░░░░░░░░] 2,500/10,000 25% 3m left  Inbox/2026-01-05 thread.md',
    );
    expect(progressLine(9, 10, 'x.md', 9_000)).toBe('[██████████████████░░] 9/10 90% 1s left  x.md');
  });

  it('has no estimate before the first source, and fits the terminal width', () => {
    expect(progressLine(0, 200, 'Inbox/a.md', 0)).toBe('[░░░░░░░░░░░░░░░░░░░░] 0/200 0%  Inbox/a.md');
    expect(progressLine(1, 2, 'x'.repeat(300), 1000, 60)).toHaveLength(60);
  });
});
