/**
 * Calendar invites for proposed meetings with a concrete start. The old system wrote floating local times,
 * `mailto:<Human Name>@example.com` attendees and unescaped text, and never parsed its own output. Here the start is
 * the instant the extraction carries (the zone the source states, else its writer's): written as local time with the
 * vault's `timezone` as TZID (and a VTIMEZONE built from the time zone database) when that zone has the meeting's
 * offset at that moment, else as UTC. ical-generator gets a Temporal ZonedDateTime for the TZID form: from a plain
 * `Date` it would write the process's wall clock under the label (dependencies.md §12). The description repeats the
 * start as the source stated it, in its own offset, so the reader can check it against the quoted proposal. The UID
 * is stable, and attendees are people the source shows (its headers, participants and speakers), by address where
 * one is known: a word the extractor took for a name is no invitee.
 */
import { createHash } from 'node:crypto';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { isOwnerAddress } from '../core/owner.ts';
import { looksLikeFullName } from '../entities/names.ts';
import type { ProposedMeeting } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { looksLikeNonPerson } from '../ingest/names.ts';
import type { Config } from '../vault/config.ts';

export const DEFAULT_MEETING_MINUTES = 30;

/** An ISO date-time with a time of day (`2026-01-05T14:00`, optionally with offset); a bare date is not concrete. */
export function concreteStart(start: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(start)) return null;
  // A time without an offset is ambiguous; the schema asks for an offset, so treat its absence as UTC and say so.
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(start) ? start : `${start}Z`;
  const d = new Date(iso.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

function offsetOf(start: string): string | null {
  if (/[zZ]$/.test(start)) return '+00:00';
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(start);
  return m ? `${m[1]}${m[2]}:${m[3]}` : null;
}

/**
 * The zone to write the invite in: the configured one when, at the meeting's instant, it has the offset the
 * extraction gives (the owner's own zone, the common case); null (UTC) for a time stated in another zone.
 */
export function inviteZone(start: string, configured: string): string | null {
  const offset = offsetOf(start);
  const at = concreteStart(start);
  if (!offset || !at || !configured || configured.toUpperCase() === 'UTC') return null;
  try {
    return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(configured).offset === offset
      ? configured
      : null;
  } catch {
    return null;
  }
}

function icsOffset(offset: string): string {
  return offset.replace(/:/g, '');
}

function icsLocal(p: Temporal.PlainDateTime): string {
  const n = (v: number, w = 2) => String(v).padStart(w, '0');
  return `${n(p.year, 4)}${n(p.month)}${n(p.day)}T${n(p.hour)}${n(p.minute)}${n(p.second)}`;
}

/**
 * A VTIMEZONE for `zone` valid around `at`: the transitions just before and after it (each observance as RFC 5545
 * wants it: DTSTART in the local time it had before, offsets from and to), or one fixed observance for a zone
 * without transitions. Enough for a calendar to place an event (and its end) near `at`; not a whole rule history.
 */
export function vtimezone(zone: string, at: Date): string {
  const here = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const transitions = [here.getTimeZoneTransition('previous'), here.getTimeZoneTransition('next')].filter(
    (t): t is Temporal.ZonedDateTime => t !== null,
  );
  if (transitions.length === 0) {
    const off = icsOffset(here.offset);
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${off}`, `TZOFFSETTO:${off}`, 'END:STANDARD');
  }
  for (const t of transitions) {
    const before = t.subtract({ nanoseconds: 1 }).offset;
    const kind = t.offsetNanoseconds > t.subtract({ nanoseconds: 1 }).offsetNanoseconds ? 'DAYLIGHT' : 'STANDARD';
    const local = t.toInstant().toZonedDateTimeISO(before).toPlainDateTime();
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${icsLocal(local)}`,
      `TZOFFSETFROM:${icsOffset(before)}`,
      `TZOFFSETTO:${icsOffset(t.offset)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

export function inviteUid(sourceId: string, start: Date, title: string): string {
  const h = createHash('sha256')
    .update(`${sourceId}\n${start.toISOString()}\n${title.trim().toLowerCase()}`)
    .digest('hex');
  return `${h.slice(0, 32)}@distill`;
}

export interface Invitee {
  name: string;
  email: string | null;
}

/**
 * Attendee names resolved through the envelope's participants (by address, full name, or a first name only one of
 * them has). A name the source does not show is kept (without an address) only when it reads as a person's full
 * name: "But", "So" or a lone first name nobody on the source has are the extractor's guesses, not invitees.
 */
export function resolveAttendees(names: string[], env: SourceEnvelope, config: Config): Invitee[] {
  const out: Invitee[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const asEmail = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(name) ? name : null;
    const lower = name.toLowerCase();
    const firstNamed = env.participants.filter((x) => x.name.toLowerCase().split(/\s+/)[0] === lower);
    const p =
      env.participants.find(
        (x) => (asEmail && x.email?.toLowerCase() === asEmail.toLowerCase()) || x.name.toLowerCase() === lower,
      ) ?? (firstNamed.length === 1 && !name.includes(' ') ? firstNamed[0] : undefined);
    if (!p && !asEmail && !(looksLikeFullName(name) && !looksLikeNonPerson(name))) continue;
    const invitee: Invitee = { name: p?.name ?? name, email: asEmail ?? p?.email ?? null };
    if (isOwnerAddress({ name: invitee.name, email: invitee.email ?? undefined }, config)) continue;
    if (invitee.email && /^(?:no-?reply|do-?not-?reply|notifications?|calendar)@/i.test(invitee.email)) continue;
    const key = (invitee.email ?? invitee.name).toLowerCase();
    if (!out.some((o) => (o.email ?? o.name).toLowerCase() === key)) out.push(invitee);
  }
  return out;
}

/** `Mon 15 Dec 2025 10:00 (UTC-08:00)`: the start in the zone the extraction carries, as the source stated it. */
export function statedStart(start: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?([zZ]|[+-]\d{2}:?\d{2})?$/.exec(start);
  if (!m) return null;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const weekday = day.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
  const month = day.toLocaleDateString('en-GB', { month: 'short', timeZone: 'UTC' });
  const zone =
    !m[6] || /z/i.test(m[6]) ? 'UTC' : `UTC${m[6].length === 5 ? `${m[6].slice(0, 3)}:${m[6].slice(3)}` : m[6]}`;
  return `${weekday} ${Number(m[3])} ${month} ${m[1]} ${m[4]}:${m[5]} (${zone})`;
}

export interface InviteInput {
  meeting: ProposedMeeting;
  env: SourceEnvelope;
  config: Config;
  /** Vault-relative path of the source note, named in the description. */
  notePath: string;
  /**
   * DTSTAMP. Defaults to the source's date so that planning the same source twice gives the same bytes (a re-run
   * must map to the same outbox file, and the plan is compared across runs).
   */
  stamp?: Date;
}

/** The `.ics` text, or null when the meeting has no concrete start. */
export function renderInvite(input: InviteInput): string | null {
  const { meeting, env, config } = input;
  const start = concreteStart(meeting.start);
  if (!start) return null;
  let end = meeting.end ? concreteStart(meeting.end) : null;
  if (!end || end.getTime() <= start.getTime()) end = new Date(start.getTime() + DEFAULT_MEETING_MINUTES * 60_000);
  const stamp = input.stamp ?? (env.date ? new Date(`${env.date}T00:00:00Z`) : start);

  const invitees = resolveAttendees(meeting.attendees, env, config);
  const withEmail = invitees.filter((i): i is Invitee & { email: string } => i.email !== null);
  const unaddressed = invitees.filter((i) => i.email === null).map((i) => i.name);
  const ownerEmail = config.owner.emails[0] ?? null;
  // REQUEST (RFC 5546) needs an organizer and an attendee to send to; otherwise the file is a plain event to import.
  const method = ownerEmail && withEmail.length > 0 ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH;

  const description = [
    `Proposed in: ${input.notePath.replace(/\.md$/, '')}`,
    `Starts: ${statedStart(meeting.start) ?? start.toISOString()}`,
    `Evidence: "${meeting.evidence}"`,
    ...(unaddressed.length > 0 ? [`Also invited (no address known): ${unaddressed.join(', ')}`] : []),
    ...(meeting.end ? [] : [`No end time was given: ${DEFAULT_MEETING_MINUTES} minutes assumed.`]),
  ].join('\n');

  const zone = inviteZone(meeting.start, config.timezone);
  const cal = ical({
    prodId: { company: 'Distill', product: 'distill', language: 'EN' },
    method,
    ...(zone ? { timezone: { name: null, generator: (tz: string) => vtimezone(tz, start) } } : {}),
  });
  const local = (d: Date) => Temporal.Instant.fromEpochMilliseconds(d.getTime()).toZonedDateTimeISO(zone!);
  cal.createEvent({
    id: inviteUid(env.source_id, start, meeting.title),
    ...(zone ? { start: local(start), end: local(end), timezone: zone } : { start, end }),
    stamp,
    summary: meeting.title,
    description,
    status: ICalEventStatus.TENTATIVE,
    ...(ownerEmail ? { organizer: { name: config.owner.name, email: ownerEmail } } : {}),
    attendees: withEmail.map((i) => ({
      name: i.name,
      email: i.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: true,
    })),
  });
  // RFC 5545 ends every content line, the last included, with CRLF; ical-generator leaves the last one open.
  const text = cal.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
