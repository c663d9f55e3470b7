import { describe, expect, it } from 'vitest';
import { emailEnvelope } from './build-envelope.ts';
import { extractMeetings, writerZones } from './meetings.ts';
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

  it('reads "Monday (12/15) at 10am PT" (a day, then its time) and never a time inside a booking link', () => {
    const [m] = extractMeetings(
      [unit('Can we do Monday (12/15) at 10am PT?', '2025-12-08T15:18:00')],
      'Connect',
      [],
      'UTC',
    );
    expect(m?.start).toBe('2025-12-15T10:00:00-08:00');
    expect(
      extractMeetings(
        [unit("Let's meet Friday, pick a slot: https://calendly.com/jv/30min?month=2026-01&t=14:23")],
        't',
        [],
        'UTC',
      ),
    ).toEqual([]);
  });

  it('takes a quoted proposal once a newer message accepts it (e-20251210-0aa719), not before', () => {
    const proposal = { ...unit('Can we do Monday (12/15) at 10am PT?', '2025-12-10T21:20:11'), quoted: true };
    const accept = unit(
      'Sincere apologies for the tardy response, yest that time works for me.',
      '2025-12-10T21:20:11',
    );
    expect(extractMeetings([accept, proposal], 'Nebius/VAST -- Connect', [], 'UTC')).toMatchObject([
      { start: '2025-12-15T10:00:00-08:00', evidence: 'Can we do Monday (12/15) at 10am PT?' },
    ]);
    expect(extractMeetings([proposal], 'Nebius/VAST -- Connect', [], 'UTC')).toEqual([]);
  });

  it("puts a time with no zone in its writer's zone: the Date header's offset, else the configured zone", () => {
    const env = emailEnvelope('Pricing', [
      { from: { name: 'Jeff Denworth', email: 'jeff@vastdata.com' }, date: '2026-01-05T11:35:20-05:00', body: 'x' },
      { from: { name: 'Noa Cohen', email: 'noa@vastdata.com' }, date: '2026-01-05T12:00:00', body: 'y' },
    ]);
    const zones = writerZones(env, 'America/Denver');
    const proposal = (index: number) => ({
      ...unit("Let's set up a call on Tuesday at 3pm.", '2026-01-05T11:35:20'),
      index,
    });
    expect(extractMeetings([proposal(0)], 't', [], zones)[0]?.start).toBe('2026-01-06T15:00:00-05:00');
    expect(extractMeetings([proposal(1)], 't', [], zones)[0]?.start).toBe('2026-01-06T15:00:00-07:00');
    // The configured zone, when it has the header's offset that day, keeps its name (and its DST rules).
    expect(writerZones(env, 'America/New_York')(proposal(0))).toBe('America/New_York');
  });

  it('proposes nothing for a time already past when the thread was exported', () => {
    const old = unit("Let's meet on Monday Dec 1, 2025 at 10am.", '2025-11-28T10:00:00');
    const later = { ...unit('Thanks for the meeting, the notes are attached.', '2025-12-04T09:00:00'), index: 1 };
    expect(extractMeetings([old, later], 'Notes', [], 'UTC')).toEqual([]);
    expect(extractMeetings([old], 'Notes', [], 'UTC')).toHaveLength(1);
  });

  it('wants an acceptance, not any word like "confirm", before taking up a quoted proposal', () => {
    const proposal = { ...unit('Can we do Monday (12/15) at 10am PT?', '2025-12-10T21:20:11'), quoted: true };
    const ask = unit('Can you confirm the numbers first?', '2025-12-10T21:20:11');
    expect(extractMeetings([ask, proposal], 'Connect', [], 'UTC')).toEqual([]);
  });
});
