/**
 * Proposed meetings: a sentence about meeting/calling with a concrete day AND time that chrono can read, relative to
 * the message's own timestamp. The offset is the one the text states ("2pm PT"), else the vault's timezone on that
 * day (chrono ignores IANA names, so Temporal supplies it).
 */
import * as chrono from 'chrono-node';
import { Temporal } from 'temporal-polyfill';
import type { ProposedMeeting } from '../schema.ts';
import type { Unit } from './sentences.ts';

const MEETING =
  /\b(meet(ing)?|call|sync|zoom|teams|webex|invite|invitation|catch up|catch-up|session|1:1|one-on-one|demo|walkthrough|review|workshop|lunch|dinner|coffee|scheduled|reschedul\w*)\b/i;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function offsetString(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

function isoFrom(c: chrono.ParsedComponents, timeZone: string): string | null {
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  const hour = c.get('hour');
  const minute = c.get('minute') ?? 0;
  if (year === null || month === null || day === null || hour === null) return null;
  const local = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00`;
  if (c.isCertain('timezoneOffset')) {
    const off = c.get('timezoneOffset');
    if (off !== null) return `${local}${offsetString(off)}`;
  }
  try {
    const zoned = Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone);
    return `${local}${zoned.offset}`;
  } catch {
    return `${local}Z`;
  }
}

export function extractMeetings(
  units: Unit[],
  title: string,
  attendees: string[],
  timeZone: string,
  max = 3,
): ProposedMeeting[] {
  const out: ProposedMeeting[] = [];
  const seen = new Set<string>();
  for (const u of units) {
    if (!u.ref || !MEETING.test(u.text)) continue;
    for (const r of chrono.parse(u.text, u.ref, { forwardDate: true })) {
      const s = r.start;
      if (!(s.isCertain('day') || s.isCertain('weekday')) || !s.isCertain('hour')) continue;
      // "now" and "tonight" are certain to chrono but are not a time anyone can put in a calendar.
      if (!/\d|noon|midday/i.test(r.text)) continue;
      const start = isoFrom(s, timeZone);
      if (!start || seen.has(start)) continue;
      seen.add(start);
      const end = r.end?.isCertain('hour') ? isoFrom(r.end, timeZone) : null;
      out.push({ title, start, end, attendees, evidence: u.text });
      if (out.length >= max) return out;
    }
  }
  return out;
}
