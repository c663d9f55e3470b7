/**
 * Who took part: the envelope's senders, recipients and speakers, never a generic diarization label, with the vault
 * owner collapsed to `Myself` so every note links the owner the same way.
 */

import { type HasOwner, ownerMatcher as matchOwner, OWNER, type OwnerMatcher } from '../core/owner.ts';
import type { Participant, SourceEnvelope } from '../ingest/envelope.ts';
import { isGenericSpeaker } from '../ingest/generic-labels.ts';
import { isRoleAddress, looksLikeNonPerson, normalisePersonName, soundKey, splitJointName } from '../ingest/names.ts';
import { heardInCall, namedInPriorSummary } from './addressed.ts';
import type { ExtractedParticipant } from './schema.ts';

export { OWNER, type OwnerMatcher };

/** The core owner rule, also comparing a raw header name's display form (`Doe, Jane` -> `Jane Doe`). */
export function ownerMatcher(config: HasOwner): OwnerMatcher {
  return matchOwner(config, normalisePersonName);
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

/** `Name <addr>` handed to a list is not a person when the address is a role or the name a list or a firm. */
function notAPerson(p: Participant): boolean {
  if (p.email && isRoleAddress(p.email)) return true;
  return looksLikeNonPerson(p.name);
}

const NAME_WORD = String.raw`[\p{Lu}][\p{L}'’-]+`;
/** `@Karl Vietmeier`: a mention by full name (two or three words). */
const AT_FULL_NAME = new RegExp(String.raw`@(${NAME_WORD}(?:[ \t]+${NAME_WORD}){1,2})`, 'gu');
/** What may stand before an @-mention that addresses someone: nothing, a greeting, "adding", "+", "cc", other mentions. */
const ADDRESSING_LEAD =
  /^(?:(?:hi|hey|hello|dear|thanks|thank you|adding|add|looping in|loop in|including|cc'?(?:ing)?:?|\+)[\s,]*)?(?:@[\p{L}'’. -]+?(?:[\s,]+(?:&|and)?[\s,]*))*$/iu;

/**
 * People a message addresses by @-mention: clients add them to the To line, and exports carry no To/Cc lines. Only a
 * mention that addresses counts ("@Jeff Denworth once you have a chance…", "Adding @John Mao", "Hi @Lior Genzel"),
 * not one in the middle of a sentence ("I discussed with @Alon Horev"). `known` fixes names the export glued to the
 * next word (`@Mordechai Blaunsteincan you please…`).
 */
function atMentioned(text: string, known: string[]): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const bare = line.replace(/^[>\s]+/, '');
    for (const hit of bare.matchAll(AT_FULL_NAME)) {
      const lead = bare.slice(0, hit.index);
      if (!ADDRESSING_LEAD.test(lead.trim())) continue;
      const raw = hit[1] as string;
      const full = known.find((k) => raw === k || raw.startsWith(`${k}`)) ?? raw;
      out.push(full);
    }
  }
  return out;
}

/** `+Shachar Fienblit` / `Adding John Mao` opening a line: the writer put that person on the thread. */
const ADDED = new RegExp(
  String.raw`^(?:\+\s?|(?:adding|looping in|cc'?ing)\s+)(${NAME_WORD}(?:[ \t]+${NAME_WORD}){1,2})\b`,
  'iu',
);

function addedToThread(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = ADDED.exec(line.replace(/^[>\s]+/, '').trim());
    // The name words must be capitalised even though the lead word matched case-insensitively.
    if (m?.[1] && /^\p{Lu}/u.test(m[1]) && m[1].split(/\s+/).every((w) => /^\p{Lu}/u.test(w))) out.push(m[1]);
  }
  return out;
}

/** Invitations list their guests one a line under `Guests` (Google Calendar) or `Who`, the organiser marked. */
function inviteGuests(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n').map((l) => l.replace(/^[>\s]+/, '').trim());
  lines.forEach((line, i) => {
    if (!/^(?:guests|who|attendees|invitees)$/i.test(line)) return;
    for (let j = i + 1; j < lines.length; j++) {
      const guest = (lines[j] ?? '').replace(/\s*[-–(]\s*(?:organi[sz]er|creator|optional|host)\)?\s*$/i, '').trim();
      if (!new RegExp(String.raw`^${NAME_WORD}(?:[ \t]+(?:${NAME_WORD}|[\p{Lu}]\.)){1,3}$`, 'u').test(guest)) break;
      if (looksLikeNonPerson(guest)) break;
      out.push(guest);
    }
  });
  return out;
}

/**
 * Mail a service sends for a person (a shared document, a connection request, a comment): the person is the
 * participant, the service is not. Read from the sender's display name (`Lior Genzel <drive-shares-dm-noreply@…>`,
 * `Louis Feuvrier via LinkedIn`, `Erik Wolf (Google Docs)`), taken only when what is left is a person's full name.
 */
function sentFor(name: string): string | null {
  const bare = name
    .replace(/\s*\((?:via\s+)?[^()]*\)\s*$/i, '')
    .replace(/\s+via\s+.+$/i, '')
    .trim();
  const words = bare.split(/\s+/);
  if (words.length < 2 || words.length > 4) return null;
  if (!words.every((w) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w)) || looksLikeNonPerson(bare)) return null;
  return normalisePersonName(bare);
}

/**
 * `M.A. Weimer` signs `Mike Weimer, MSEE, PE`: a sender known by initials takes the given name the text writes in
 * full with the same family name and first initial, when there is exactly one.
 */
function fullerName(name: string, text: string): string {
  const m = /^((?:[\p{Lu}]\.?\s?){1,3})\s*([\p{Lu}][\p{L}'’-]+)$/u.exec(name.trim());
  if (!m?.[1] || !m[2]) return name;
  const initial = m[1].charAt(0);
  const family = m[2];
  const given = new Set<string>();
  for (const hit of text.matchAll(new RegExp(String.raw`\b(${initial}[\p{Ll}]+) ${family}\b`, 'gu'))) {
    if (hit[1]) given.add(hit[1]);
  }
  return given.size === 1 ? `${[...given][0]} ${family}` : name;
}

function emailPeople(env: SourceEnvelope): Participant[] {
  const out: Participant[] = [];
  const known = env.participants.map((p) => normalisePersonName(p.name)).filter((n) => !n.includes('@'));
  for (const m of env.messages) {
    if (!m.automated) continue;
    const person = sentFor(m.from.name);
    if (person) out.push({ name: person, roles: ['from'] });
  }
  const names = [...atMentioned(env.text, known), ...addedToThread(env.text), ...inviteGuests(env.text)];
  for (const name of names) out.push({ name, roles: ['to'] });
  return out;
}

/**
 * People a transcript's header or frontmatter lists who never speak under their own name, are not heard in the
 * call (introducing themselves or spoken to) and are not named in the meeting's earlier summary: invited, not present. A call whose only unnamed voice can be just one
 * listed person (a 1:1 recorded as `Remote`) keeps that person.
 */
function listedOnly(env: SourceEnvelope, isOwner: OwnerMatcher): Set<Participant> {
  const listed = env.participants.filter(
    (p) => !p.roles.includes('speaker') && !isOwner(p.name, p.email) && !isGenericSpeaker(p.name),
  );
  const unnamedVoices = env.turns.some((t) => t.generic);
  const namedOthers = env.participants.some((p) => p.roles.includes('speaker') && !isOwner(p.name, p.email));
  if (listed.length === 1 && unnamedVoices && !namedOthers) return new Set();
  return new Set(listed.filter((p) => !heardInCall(env, displayName(p)) && !namedInPriorSummary(env, displayName(p))));
}

/** Same given name and a family name that sounds the same (`Stefanson` / `Stephenson`). */
function soundsAlike(a: string, b: string): boolean {
  const [fa, ...ra] = a.toLowerCase().split(/\s+/);
  const [fb, ...rb] = b.toLowerCase().split(/\s+/);
  if (!fa || fa !== fb || ra.length === 0 || rb.length === 0) return false;
  const ka = soundKey(ra.join(''));
  return ka.length >= 3 && ka === soundKey(rb.join(''));
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
  const email = env.kind === 'email';
  if (email) {
    people.push(...emailPeople(env));
    // Exports carry no To/Cc lines: the owner took part when they wrote or are named in the thread. A notification
    // that lands in the owner's mailbox without naming them is not a conversation they were part of.
    if (env.messages.some((m) => !m.automated) && ownerNamed(env, ownerWords))
      people.push({ name: OWNER, roles: ['to'] });
  }
  const add = (p: Participant, name: string): void => {
    const key = name.toLowerCase();
    const mail = p.email?.toLowerCase();
    if (seen.has(key) || (mail && seen.has(mail))) return;
    // `Jonsi Stefanson` and `Jonsi Stephenson` in one note: one person spelled two ways.
    if (!mail && out.some((o) => o.name !== OWNER && soundsAlike(o.name, name))) return;
    seen.add(key);
    if (mail) seen.add(mail);
    out.push({ name, email: p.email ?? null });
  };
  const listed = env.kind === 'transcript' ? listedOnly(env, isOwner) : new Set<Participant>();
  for (const p of people) {
    if (listed.has(p)) continue;
    if (isGenericSpeaker(p.name) && p.name !== OWNER && !isOwner(p.name, p.email)) continue;
    if (looksAutomated(p, env)) continue;
    const owner = p.name === OWNER || isOwner(p.name, p.email);
    if (owner) {
      add(p, OWNER);
      continue;
    }
    if (email && notAPerson(p)) continue;
    let name = displayName(p);
    // An address no name came with (`alon@`, `pm@`) names no one: a list or an alias as often as a person.
    if (name === '' || name.includes('@') || isGenericSpeaker(name)) continue;
    if (email) name = fullerName(name, env.text);
    const split = email ? splitJointName(name) : [name];
    if (split.length > 1) {
      // A shared address: each person is a participant, the address stays with neither.
      for (const one of split) add({ name: one, roles: p.roles }, one);
      if (p.email) seen.add(p.email.toLowerCase());
      continue;
    }
    add(p, name);
  }
  return out;
}
