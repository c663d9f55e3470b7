/**
 * Who took part: the envelope's senders, recipients and speakers, never a generic diarization label, with the vault
 * owner collapsed to `Myself` so every note links the owner the same way.
 */
import type { Participant, SourceEnvelope } from '../../ingest/envelope.ts';
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';
import { normalisePersonName } from '../../ingest/names.ts';
import type { Config } from '../../vault/config.ts';
import { ownerNames } from '../../vault/config.ts';
import type { ExtractedParticipant } from '../schema.ts';

export const OWNER = 'Myself';

export type OwnerMatcher = (name: string | null | undefined, email?: string | null) => boolean;

/** Compares names case-insensitively against the configured owner name, aliases and addresses. */
export function ownerMatcher(config: Config): OwnerMatcher {
  const names = new Set(ownerNames(config).map((n) => n.trim()));
  const emails = new Set(config.owner.emails.map((e) => e.toLowerCase()));
  return (name, email) => {
    if (email && emails.has(email.toLowerCase())) return true;
    if (!name) return false;
    return names.has(name.trim().toLowerCase()) || names.has(normalisePersonName(name).toLowerCase());
  };
}

/** A name an adapter passes through may still be an address or `Last, First`: make it a display name. */
export function displayName(p: { name: string; email?: string }): string {
  const raw = p.name.trim();
  if (raw === '' || raw.includes('@')) {
    const local = (p.email ?? raw).split('@')[0] ?? raw;
    const parts = local.split(/[._-]+/).filter((s) => /^[a-z]{2,}$/i.test(s));
    if (parts.length >= 2) return parts.map((s) => s[0]?.toUpperCase() + s.slice(1).toLowerCase()).join(' ');
    return raw;
  }
  return normalisePersonName(raw);
}

/** Machines (no-reply, notifications) send mail but do not take part in a conversation. */
function looksAutomated(p: Participant, env: SourceEnvelope): boolean {
  if (!p.email) return false;
  const sent = env.messages.filter((m) => m.from.email?.toLowerCase() === p.email?.toLowerCase());
  return sent.length > 0 && sent.every((m) => m.automated === true);
}

/** `@Karl Vietmeier` in a message body addresses that person: mail exports often carry no To/Cc lines. */
const AT_FULL_NAME = /@([A-Z][\p{L}'-]+(?:[ \t]+[A-Z][\p{L}'-]+){1,2})/gu;

function emailAddressees(env: SourceEnvelope): Participant[] {
  const out: Participant[] = [];
  for (const m of env.messages) {
    for (const hit of m.body.matchAll(AT_FULL_NAME)) {
      if (hit[1]) out.push({ name: hit[1], roles: ['to'] });
    }
  }
  return out;
}

function ownerNamed(env: SourceEnvelope, ownerWords: string[]): boolean {
  const bodies = env.messages.map((m) => m.body).join('\n');
  return ownerWords.some((w) =>
    new RegExp(`(^|[^\\p{L}])@?${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'iu').test(bodies),
  );
}

/**
 * `ownerWords`: how the owner can be named in a body (full name, given name, aliases), lower-case. The owner's own
 * messages already put them among the envelope's participants.
 */
export function extractParticipants(
  env: SourceEnvelope,
  isOwner: OwnerMatcher,
  ownerWords: string[] = [],
): ExtractedParticipant[] {
  const out: ExtractedParticipant[] = [];
  const seen = new Set<string>();
  const people = [...env.participants];
  if (env.kind === 'email') {
    people.push(...emailAddressees(env));
    // Exports carry no To/Cc lines: the owner took part when they wrote or are named in the thread. A notification
    // that lands in the owner's mailbox without naming them is not a conversation they were part of.
    if (env.messages.some((m) => !m.automated) && ownerNamed(env, ownerWords))
      people.push({ name: OWNER, roles: ['to'] });
  }
  for (const p of people) {
    if (isGenericSpeaker(p.name) && p.name !== OWNER && !isOwner(p.name, p.email)) continue;
    if (looksAutomated(p, env)) continue;
    const owner = p.name === OWNER || isOwner(p.name, p.email);
    const name = owner ? OWNER : displayName(p);
    // `Myself` is itself a generic diarization label, so the check applies to everyone but the owner.
    if (name === '' || (!owner && isGenericSpeaker(name))) continue;
    const key = name.toLowerCase();
    const mail = p.email?.toLowerCase();
    if (seen.has(key) || (mail && seen.has(mail))) continue;
    seen.add(key);
    if (mail) seen.add(mail);
    out.push({ name, email: p.email ?? null });
  }
  return out;
}
