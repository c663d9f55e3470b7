import { describe, expect, it } from 'vitest';
import { dueDate, mentionedDate } from './due-dates.ts';
import { wallClock } from './sentences.ts';

// Sunday 2025-12-21, 10:02 local wall clock of the message.
const sunday = wallClock('2025-12-21T10:02:00');

describe('dueDate', () => {
  it('reads the day the writer meant, relative to the message, whatever the stated zone', () => {
    expect(dueDate('Please send it by Wednesday 12/24 5:00pm PT', sunday)?.date).toBe('2025-12-24');
    expect(dueDate('Can you review it by Friday?', sunday)?.date).toBe('2025-12-26');
    expect(dueDate('I will send the deck tomorrow', sunday)?.date).toBe('2025-12-22');
    expect(dueDate('We need to sign before January 9', sunday)?.date).toBe('2026-01-09');
  });

  it('ignores durations, bare times and sentences without a date', () => {
    expect(dueDate('Maybe an hour or so', sunday)).toBeNull();
    expect(dueDate('Call me at 3pm', sunday)).toBeNull();
    expect(dueDate('Send the deck when you can', sunday)).toBeNull();
  });

  it('resolves nothing without the message timestamp', () => {
    expect(dueDate('Send it by Friday', null)).toBeNull();
  });
});

describe('mentionedDate', () => {
  it('finds a concrete day named anywhere in a sentence', () => {
    expect(mentionedDate('The opportunity closed on Jan 5, 2026 after three pushes.', sunday)).toBe('2026-01-05');
    expect(mentionedDate('We have 3 PB in Redmond.', sunday)).toBeNull();
  });
});
