/**
 * Proposed meetings: a sentence that proposes or confirms a meeting ("can we meet Monday at 10am PT?", "I sent the
 * invite for Friday 2pm") with a concrete day AND a clock time that chrono can read, relative to the message's own
 * timestamp. A duration ("45m", "15 minutes", "30min") is never a time, nor is anything inside a link (a Calendly
 * `/30min` page offers slots, it proposes none); tables, lists and quoted history are not proposals, except a quoted
 * proposal that a newer message accepts ("that time works for me"). The offset is the one the text states
 * ("2pm PT"), else the writer's own: the offset of the message's Date header, or the transcript's time zone, else
 * the vault's `timezone` on that day (chrono ignores IANA names, so Temporal supplies it).
 */
import { Temporal } from 'temporal-polyfill';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import * as chrono from '../chrono.ts';
import type { ProposedMeeting } from '../schema.ts';
import type { Unit } from './sentences.ts';

const MEETING =
  /\b(meet(ing)?|connect(ing)?|call|sync|zoom|teams|webex|invite|invitation|catch up|catch-up|session|1:1|one-on-one|demo|walkthrough|review|workshop|lunch|dinner|coffee|scheduled|reschedul\w*)\b/i;
/** Someone proposing, accepting or booking a time, not merely mentioning one. */
const PROPOSAL =
  /\b(let'?s|let us|can we|could we|shall we|how about|would .{0,40}work|does .{0,40}work|works? for (?:me|you|us)|are you (?:free|available)|(?:i'?ll|i will|just) sen[dt] (?:an? |the )?(?:cal(?:endar)? )?invite|sent (?:an? |the )?(?:cal(?:endar)? )?invite|set up (?:an? )?(?:call|meeting|time|sync)|schedul(?:e|ed) (?:an? |the |for )|book (?:a |some )?time|invite you|join us|meet (?:on|at)|talk (?:on|at)|confirm(?:ed|ing)? (?:for|the))\b|^(?:sync|meeting|call|catch[- ]up|1:1|review|demo|lunch|dinner|coffee)\b/i;
/** A clock time: "10am", "2:30 pm", "14:00", "noon". */
const CLOCK = /\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidday\b/i;
/** A number that is a length of time, not a time of day. */
const DURATION = /^\s*\d+\s*(?:m|min|mins|minutes?|h|hrs?|hours?|s|secs?|seconds?)\b/i;
const MARKUP = /^\s*(?:\||[-*•]\s|\d+[.)]\s|#{1,6}\s|>)|\*\*/;
/** A newer message taking up a time already proposed: the quoted proposal is then a meeting. */
const ACCEPT =
  /\b(?:(?:that|this|the) (?:time|slot|day)? ?works|works (?:for|with) (?:me|us)|sounds (?:good|great|perfect)|see you (?:then|there|on)|(?:i'?ll|we'?ll) be there|(?:i|we) can make it|(?:i|we) confirm|confirmed)\b/i;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;

/** The text with every link blanked out (same length, so chrono's indexes still point into the sentence). */
function withoutLinks(text: string): string {
  return text.replace(URL, (u) => ' '.repeat(u.length));
}

/** `-08:00` from `2026-01-05T11:35:20-08:00`; null for a naive or UTC (`Z`) stamp, which says nothing of a zone. */
function statedOffset(iso: string | null | undefined): string | null {
  return /[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:\d{2})$/.exec(iso ?? '')?.[1] ?? null;
}

/**
 * The time zone each unit's writer is in: the offset of its message's Date header (kept as the configured IANA zone
 * when that zone has the same offset that day, so a meeting across a DST change keeps its wall clock), else the
 * source's own zone (transcript metadata), else the configured one.
 */
export function writerZones(env: SourceEnvelope, configured: string): (u: Unit) => string {
  const base = env.timezone || configured;
  return (u) => {
    // A quoted sentence's writer is not the quoter: its zone is unknown.
    const m = u.index >= 0 && !u.quoted ? env.messages[u.index] : undefined;
    const offset = env.kind === 'email' ? statedOffset(m?.date) : null;
    if (!offset) return base;
    try {
      const local = m!.date.slice(0, 19);
      if (Temporal.PlainDateTime.from(local).toZonedDateTime(base).offset === offset) return base;
    } catch {
      // An unknown configured zone: the header's offset is all there is.
    }
    return offset;
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function offsetString(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** The local calendar day of a wall-clock Date (`wallClock` builds them from local components). */
function dayOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

type Components = chrono.Components;
const TIME_PARTS = new Set(['hour', 'minute', 'second', 'millisecond', 'meridiem', 'timezoneOffset']);

/** A day from one chrono result and a clock time from the next: "Monday (12/15) at 10am PT" parses as three. */
function joined(day: Components, time: Components): Components {
  const from = (k: chrono.Component) => (TIME_PARTS.has(k) ? time : day);
  return { get: (k) => from(k).get(k), isCertain: (k) => from(k).isCertain(k) };
}

function isoFrom(c: Components, timeZone: string): string | null {
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

/**
 * `timeZone` is the vault's zone, or a function giving each unit's writer's zone (`writerZones`). `title` is the
 * subject: a time proposed in a thread titled "… Connect" or "… call" is about meeting even when the sentence with
 * the time does not say so ("Can we do Monday (12/15) at 10am PT?").
 */
export function extractMeetings(
  units: Unit[],
  title: string,
  attendees: string[],
  timeZone: string | ((u: Unit) => string),
  max = 3,
): ProposedMeeting[] {
  const out: ProposedMeeting[] = [];
  const seen = new Set<string>();
  const zoneOf = typeof timeZone === 'string' ? () => timeZone : timeZone;
  const titleIsMeeting = MEETING.test(title);
  // A quoted proposal counts once someone's own newer text accepts a time.
  const accepted = units.some((u) => !u.quoted && ACCEPT.test(u.text));
  // A time before the newest message of the source has passed: the meeting happened (or did not) already.
  const newest = units.reduce<Date | null>((a, u) => (u.ref && (!a || u.ref > a) ? u.ref : a), null);
  const today = newest ? dayOf(newest) : null;
  for (const u of units) {
    if (!u.ref || (u.quoted && !accepted) || MARKUP.test(u.text)) continue;
    if (!(MEETING.test(u.text) || titleIsMeeting) || !PROPOSAL.test(u.text)) continue;
    const text = withoutLinks(u.text);
    let day: { c: Components; end: number } | null = null;
    for (const r of chrono.parse(text, u.ref, { forwardDate: true })) {
      let s: Components = r.start;
      let e: Components | null = r.end ?? null;
      const dated = s.isCertain('day') || s.isCertain('weekday');
      if (dated && !s.isCertain('hour')) {
        day = { c: s, end: r.index + r.text.length };
        continue;
      }
      // Only a time right after the day ("Monday (12/15) at 10am") is that day's: "Monday. Also, at 3pm" is not.
      if (!dated && day && /^[\s(),\-–]{0,4}$/.test(text.slice(day.end, r.index))) {
        s = joined(day.c, s);
        e = e ? joined(day.c, e) : null;
      } else if (!dated) continue;
      if (!s.isCertain('hour')) continue;
      // "now" and "tonight" are certain to chrono but are not a time anyone can put in a calendar; "45m" is a
      // length, which chrono reads as a quarter to the hour.
      if (!CLOCK.test(r.text) || DURATION.test(text.slice(r.index + r.text.search(/\d/)))) continue;
      const zone = zoneOf(u);
      const start = isoFrom(s, zone);
      if (!start || seen.has(start)) continue;
      seen.add(start);
      if (today && start.slice(0, 10) < today) continue;
      const end = e?.isCertain('hour') ? isoFrom(e, zone) : null;
      out.push({ title, start, end, attendees, evidence: u.text });
      if (out.length >= max) return out;
    }
  }
  return out;
}
