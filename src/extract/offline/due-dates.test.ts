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

  it('reads a period as its last working day', () => {
    const monday = wallClock('2025-12-15T15:00:00');
    expect(dueDate("I'm going to write up the design doc this week.", monday)?.date).toBe('2025-12-19');
    expect(dueDate('Send it by end of the week please', monday)?.date).toBe('2025-12-19');
    expect(dueDate('Send it by EOW', monday)?.date).toBe('2025-12-19');
    expect(dueDate('Can you get me the numbers by EOD?', monday)?.date).toBe('2025-12-15');
    expect(dueDate('We will review it next week', monday)?.date).toBe('2025-12-26');
    expect(dueDate('Close the PO by end of month', monday)?.date).toBe('2025-12-31');
    // On a Sunday, "this week" is the week ahead.
    expect(dueDate('I will send it this week', sunday)?.date).toBe('2025-12-26');
    // The first phrase wins: "by Wednesday" comes before "next week".
    expect(dueDate('Send it by Wednesday so we can review next week', monday)?.date).toBe('2025-12-17');
  });

  it('takes the latest of days offered as alternatives, and only those', () => {
    const monday = wallClock('2025-12-15T15:00:00');
    expect(dueDate("I'll set up a call for later today (or tomorrow if I can't find a slot).", monday)?.date).toBe(
      '2025-12-16',
    );
    expect(dueDate('Send the numbers by Wednesday or Thursday.', monday)?.date).toBe('2025-12-18');
    expect(dueDate('Send the deck by Wednesday, and the notes by Friday.', monday)?.date).toBe('2025-12-17');
    expect(dueDate('Let me know by Thursday, Friday at the latest.', monday)?.date).toBe('2025-12-19');
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

describe('dueDate, said in a call', () => {
  const ref = new Date(2025, 9, 29, 10, 0);
  it('gives no deadline for "after the call": a moment, not a due date', () => {
    expect(dueDate("At the end of the call, I'll send out some invites.", ref)).toBeNull();
  });

  it('gives no deadline for a date inside a condition', () => {
    expect(dueDate("If we need to be in place by February 1st, I'll start recruiting.", ref)).toBeNull();
  });

  it('gives the day the silence runs out to a follow-up conditioned on not hearing back', () => {
    const monday = wallClock('2025-12-15T15:00:00');
    expect(dueDate("Follow up with me if you don't hear from me by Thursday.", monday)?.date).toBe('2025-12-18');
    expect(dueDate("If we haven't received the PO by Friday, escalate it to Dana.", monday)?.date).toBe('2025-12-19');
    expect(dueDate('If you hear from them by Friday, tell me.', monday)).toBeNull();
  });
});
