/**
 * Calendar invites for proposed meetings with a concrete start. The old system wrote floating local times,
 * `mailto:<Human Name>@example.com` attendees and unescaped text, and never parsed its own output. Here every time is
 * UTC (ical-generator with plain `Date`s and no calendar time zone: its TZID path writes the process's wall clock
 * under the label, see dependencies.md §12), the UID is stable, and attendees without a known address are named in
 * the description instead of being given an invented one.
 */
import { createHash } from 'node:crypto';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { ProposedMeeting } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import type { Config } from '../vault/config.ts';
import { isOwnerAddress } from '../core/owner.ts';

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

/** Attendee names resolved to addresses through the envelope's participants (or given as addresses). */
export function resolveAttendees(names: string[], env: SourceEnvelope, config: Config): Invitee[] {
  const out: Invitee[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const asEmail = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(name) ? name : null;
    const p = env.participants.find(
      (x) =>
        (asEmail && x.email?.toLowerCase() === asEmail.toLowerCase()) || x.name.toLowerCase() === name.toLowerCase(),
    );
    const invitee: Invitee = { name: p?.name ?? name, email: asEmail ?? p?.email ?? null };
    if (isOwnerAddress({ name: invitee.name, email: invitee.email ?? undefined }, config)) continue;
    const key = (invitee.email ?? invitee.name).toLowerCase();
    if (!out.some((o) => (o.email ?? o.name).toLowerCase() === key)) out.push(invitee);
  }
  return out;
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
