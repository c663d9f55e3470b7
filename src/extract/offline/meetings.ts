/**
 * Proposed meetings: a sentence that proposes or confirms a meeting ("can we meet Monday at 10am PT?", "I sent the
 * invite for Friday 2pm") with a concrete day AND a clock time that chrono can read, relative to the message's own
 * timestamp. A duration ("45m", "15 minutes", "30min") is never a time; tables, lists and quoted history are not
 * proposals. The offset is the one the text states ("2pm PT"), else the vault's timezone on that day (chrono ignores
 * IANA names, so Temporal supplies it).
 */
import * as chrono from 'chrono-node';
import { Temporal } from 'temporal-polyfill';
import type { ProposedMeeting } from '../schema.ts';
import type { Unit } from './sentences.ts';

const MEETING =
  /\b(meet(ing)?|call|sync|zoom|teams|webex|invite|invitation|catch up|catch-up|session|1:1|one-on-one|demo|walkthrough|review|workshop|lunch|dinner|coffee|scheduled|reschedul\w*)\b/i;
/** Someone proposing, accepting or booking a time, not merely mentioning one. */
const PROPOSAL =
  /\b(let'?s|let us|can we|could we|shall we|how about|would .{0,40}work|does .{0,40}work|works? for (?:me|you|us)|are you (?:free|available)|(?:i'?ll|i will|just) sen[dt] (?:an? |the )?(?:cal(?:endar)? )?invite|sent (?:an? |the )?(?:cal(?:endar)? )?invite|set up (?:an? )?(?:call|meeting|time|sync)|schedul(?:e|ed) (?:an? |the |for )|book (?:a |some )?time|invite you|join us|meet (?:on|at)|talk (?:on|at)|confirm(?:ed|ing)? (?:for|the))\b|^(?:sync|meeting|call|catch[- ]up|1:1|review|demo|lunch|dinner|coffee)\b/i;
/** A clock time: "10am", "2:30 pm", "14:00", "noon". */
const CLOCK = /\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidday\b/i;
/** A number that is a length of time, not a time of day. */
const DURATION = /^\s*\d+\s*(?:m|min|mins|minutes?|h|hrs?|hours?|s|secs?|seconds?)\b/i;
const MARKUP = /^\s*(?:\||[-*•]\s|\d+[.)]\s|#{1,6}\s|>)|\*\*/;

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
    if (!u.ref || u.quoted || MARKUP.test(u.text) || !MEETING.test(u.text) || !PROPOSAL.test(u.text)) continue;
    for (const r of chrono.parse(u.text, u.ref, { forwardDate: true })) {
      const s = r.start;
      if (!(s.isCertain('day') || s.isCertain('weekday')) || !s.isCertain('hour')) continue;
      // "now" and "tonight" are certain to chrono but are not a time anyone can put in a calendar; "45m" is a
      // length, which chrono reads as a quarter to the hour.
      if (!CLOCK.test(r.text) || DURATION.test(u.text.slice(r.index + r.text.search(/\d/)))) continue;
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
