/**
 * Calendar invites for proposed meetings with a concrete start. The old system wrote floating local times,
 * `mailto:<Human Name>@example.com` attendees and unescaped text, and never parsed its own output. Here every time is
 * UTC, converted from the offset the extraction carries (the zone the source states, else its writer's); ical-generator
 * with plain `Date`s and no calendar time zone, since its TZID path writes the process's wall clock under the label
 * (dependencies.md §12). The description repeats the start as the source stated it, in its own zone, so the reader
 * can check it against the quoted proposal. The UID is stable, and attendees are people the source shows (its
 * headers, participants and speakers), by address where one is known: a word the extractor took for a name is no
 * invitee.
 */
import { createHash } from 'node:crypto';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
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

  const cal = ical({ prodId: { company: 'Distill', product: 'distill', language: 'EN' }, method });
  cal.createEvent({
    id: inviteUid(env.source_id, start, meeting.title),
    start,
    end,
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
