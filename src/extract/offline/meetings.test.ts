import { describe, expect, it } from 'vitest';
import { extractMeetings } from './meetings.ts';
import { type Unit, wallClock } from './sentences.ts';

function unit(text: string, ref = '2025-12-21T10:02:00'): Unit {
  return { text, speaker: 'Jeff Denworth', audience: [], ref: wallClock(ref), index: 0, position: 0 };
}

describe('extractMeetings', () => {
  it('proposes a meeting with a concrete day and time, in the zone the text states', () => {
    const [m] = extractMeetings(
      [unit("Let's set up a call on Tuesday at 3pm ET to review pricing.")],
      'Pricing review',
      ['Myself', 'Jeff Denworth'],
      'UTC',
    );
    expect(m).toEqual({
      title: 'Pricing review',
      start: '2025-12-23T15:00:00-05:00',
      end: null,
      attendees: ['Myself', 'Jeff Denworth'],
      evidence: "Let's set up a call on Tuesday at 3pm ET to review pricing.",
    });
  });

  it('uses the vault timezone when none is stated, and reads an end time', () => {
    const [m] = extractMeetings(
      [unit('Sync on MAI pricing, Monday Jan 5, 2026 2pm - 3pm.')],
      'MAI pricing',
      [],
      'America/Denver',
    );
    expect(m?.start).toBe('2026-01-05T14:00:00-07:00');
    expect(m?.end).toBe('2026-01-05T15:00:00-07:00');
  });

  it('ignores sentences without a time, and times not about meeting', () => {
    expect(extractMeetings([unit("Let's meet next week.")], 't', [], 'UTC')).toEqual([]);
    expect(extractMeetings([unit('The build finished Monday at 3pm.')], 't', [], 'UTC')).toEqual([]);
    expect(extractMeetings([unit('Not now, we can meet later.')], 't', [], 'UTC')).toEqual([]);
  });

  it('never reads a duration as a time of day', () => {
    for (const text of [
      "Let's do a call on Monday, 45m should be enough.",
      "Let's set up a call Friday, 15 minutes that doesn't matter.",
      'Can we meet Friday? Book 30min here: https://calendly.com/x/30min',
    ]) {
      expect(extractMeetings([unit(text)], 't', [], 'UTC'), text).toEqual([]);
    }
  });

  it('wants a proposal, not small talk or an agenda table that mentions a time', () => {
    expect(extractMeetings([unit('Tomorrow at 10 30 what is this, the call has ski slopes.')], 't', [], 'UTC')).toEqual(
      [],
    );
    expect(extractMeetings([unit('|**Mon – WBR (45m)**|weekly business review at 10am|')], 't', [], 'UTC')).toEqual([]);
    expect(
      extractMeetings([{ ...unit("Let's meet Tuesday at 3pm."), quoted: true }], 't', [], 'UTC'),
      'quoted history is not a new proposal',
    ).toEqual([]);
  });
});
