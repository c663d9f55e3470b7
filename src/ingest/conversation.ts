/**
 * Conversation identity: which sources are copies of one conversation (a mail thread exported again after each
 * reply, a meeting recorded or transcribed twice), and the one envelope that stands for all of them.
 *
 * - Email: two copies share a Message-ID (or an In-Reply-To / References entry) where the export has them;
 *   otherwise they have the same normalised subject (`Re:`, `Fwd:`, `[External]`, `EXTERNAL:` stripped), a
 *   participant in common, and at least one message in common. A later export holds the earlier one's messages,
 *   in full or as the quoted history of its newest message, so "in common" compares sender, time and body words.
 *   Two invitations of a weekly meeting share subject, sender and body but not their time: two conversations.
 * - Transcripts: the same meeting date and most of the spoken text in common (3-word shingles, measured on the
 *   smaller copy, so a copy cut short still matches). The summary block an earlier tool wrote on top is not spoken
 *   text: two copies with different summaries are one meeting.
 * - Documents are never merged.
 *
 * Pure: no I/O. `conversationKeys` are short strings a ledger can index to find candidate conversations quickly;
 * `sameConversation` decides on two fingerprints.
 */
import { createHash } from 'node:crypto';
import {
  buildEmailEnvelope,
  compareDates,
  normaliseSubject,
  type QuotedMessage,
  quotedMessagesOf,
} from './email-common.ts';
import type { Address, EmailMessage, PriorSummary, PriorTask, SourceEnvelope } from './envelope.ts';
import { sourceIdOf } from './normalise.ts';

/** One message as conversation identity sees it: a message of the export, or one only quoted in a later body. */
export interface MessagePrint {
  /** The export holds the message itself (false: only a later message's quoted history has it). */
  full: boolean;
  /** Lower-cased Message-ID, when the export has one. */
  id: string | null;
  /** Tokens of the sender's name and address (`lior`, `genzel`); empty when unknown. */
  sender: string[];
  senderEmail: string | null;
  /** `YYYY-MM-DDTHH:MM` of a message of the export; null for a quoted one. */
  minute: string | null;
  /** Day of the message when known (a quoted one's free-text date, when it can be read). */
  day: string | null;
  /** The body's words, lower-cased, without quote marks and punctuation. */
  words: string[];
  /** 3-word shingles of `words`. */
  shingles: Set<string>;
}

export interface ConversationFingerprint {
  kind: SourceEnvelope['kind'];
  source_id: string;
  /** A readable key (the thread's root Message-ID, else its subject; a meeting's date). Copies share it in the usual
   * case, but only `sameConversation` decides. */
  key: string;
  /** Short index keys (hashed): two copies of one conversation always share at least one. */
  keys: string[];
  /**
   * Email: hashed participant keys (`p:…`). Two copies matched by subject share a participant, so a conversation
   * whose participant keys miss all of a copy's need not be read back to be ruled out.
   */
  participantKeys: string[];
  /** Email: normalised subjects of the title and every message. */
  subjects: string[];
  /** Email: every Message-ID, In-Reply-To and References entry, lower-cased. */
  ids: string[];
  /** Email: participants' addresses, else their folded names. */
  participants: string[];
  messages: MessagePrint[];
  /** Transcript: the meeting's date. */
  date: string | null;
  /** Transcript: 3-word shingles of the spoken text (turns only, never an earlier summary). */
  spoken: Set<string>;
  /** Transcript: the spoken words, for copies too short to shingle. */
  spokenWords: string[];
}

const SHINGLE = 3;

/** Lower-case word tokens without diacritics, punctuation or quote marks. */
export function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []
  ).map((w) => w.replace(/’/g, "'"));
}

function shinglesOf(words: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(words.slice(i, i + SHINGLE).join(' '));
  return out;
}

/** |A ∩ B| / min(|A|, |B|): how much of the smaller set the larger one holds. */
export function containment(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / small.size;
}

function hash(text: string, n = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, n);
}

/** The subject a thread is known by: reply/forward prefixes and external-sender tags stripped, lower case. */
export function conversationSubject(subject: string): string {
  return normaliseSubject(subject);
}

function nameTokens(a: Address | undefined): string[] {
  if (!a) return [];
  const local = a.email ? (a.email.split('@')[0] ?? '') : '';
  const fromName = a.name.includes('@') ? '' : a.name;
  return [...new Set([...wordsOf(fromName), ...wordsOf(local.replace(/[._+-]+/g, ' '))].filter((w) => w.length >= 2))];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The day of a quoting client's free-text date (`Tue, Dec 16, 2025 at 12:50 PM`, `Monday, December 1, 2025`,
 * `16 Dec 2025`, `2025-12-16`, `12/16/2025`), or null. */
export function dayOfLooseDate(text: string | undefined): string | null {
  if (!text) return null;
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const md = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(text);
  const dm = /\b(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(text);
  for (const [mon, day, year] of [md ? [md[1], md[2], md[3]] : null, dm ? [dm[2], dm[1], dm[3]] : null].filter(
    (x): x is string[] => x !== null,
  )) {
    const m = MONTHS.indexOf((mon ?? '').slice(0, 3).toLowerCase());
    if (m >= 0) return `${year}-${pad(m + 1)}-${pad(Number(day))}`;
  }
  const us = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (us) return `${us[3]}-${pad(Number(us[1]))}-${pad(Number(us[2]))}`;
  return null;
}

/** Lines of an export's body that are quote marks only are layout; the words are what identifies a message. */
function bodyWords(body: string): string[] {
  return wordsOf(body.replace(/^[ \t]*(?:>[ \t]?)+/gm, ''));
}

function minuteOf(date: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(date);
  return m ? `${m[1]}T${m[2]}` : null;
}

function messagePrint(m: EmailMessage): MessagePrint {
  const words = bodyWords(m.body);
  const minute = minuteOf(m.date);
  return {
    full: true,
    id: m.messageId ? m.messageId.trim().toLowerCase() : null,
    sender: nameTokens(m.from),
    senderEmail: m.from.email?.toLowerCase() ?? null,
    minute,
    day: minute ? minute.slice(0, 10) : dayOfLooseDate(m.date),
    words,
    shingles: shinglesOf(words),
  };
}

function quotedPrint(q: QuotedMessage): MessagePrint {
  const words = bodyWords(q.body);
  return {
    full: false,
    id: null,
    sender: nameTokens(q.from),
    senderEmail: q.from?.email?.toLowerCase() ?? null,
    minute: null,
    day: dayOfLooseDate(q.date),
    words,
    shingles: shinglesOf(words),
  };
}

function idsOf(env: SourceEnvelope): string[] {
  const out = new Set<string>();
  for (const m of env.messages) {
    for (const id of [m.messageId, m.inReplyTo, ...(m.references ?? [])]) {
      const v = id?.trim().toLowerCase();
      if (v) out.add(v);
    }
  }
  return [...out].sort();
}

/** The thread's root Message-ID: the first References entry, else the oldest message's In-Reply-To or own id. */
function rootId(env: SourceEnvelope): string | null {
  for (const m of env.messages) {
    const first = m.references?.[0]?.trim().toLowerCase();
    if (first) return first;
  }
  const oldest = env.messages[0];
  const v = (oldest?.inReplyTo ?? oldest?.messageId)?.trim().toLowerCase();
  return v || null;
}

function subjectsOf(env: SourceEnvelope): string[] {
  const out = new Set<string>();
  for (const s of [env.title, ...env.messages.map((m) => m.subject)]) {
    const n = conversationSubject(s ?? '');
    if (n !== '' && n !== '(no subject)') out.add(n);
  }
  return [...out].sort();
}

function participantKeys(env: SourceEnvelope): string[] {
  return [
    ...new Set(env.participants.map((p) => p.email?.toLowerCase() ?? wordsOf(p.name).join(' ')).filter(Boolean)),
  ].sort();
}

/** The cheap part of a fingerprint: keys, subjects, ids, participants (no message or spoken-text shingles). */
export type ConversationKeys = Omit<ConversationFingerprint, 'messages' | 'spoken' | 'spokenWords'>;

/** Keys, subjects, ids and participants of one envelope: what finding candidate conversations needs. */
export function conversationKeysOf(env: SourceEnvelope): ConversationKeys {
  const base = {
    kind: env.kind,
    source_id: env.source_id,
    subjects: [] as string[],
    ids: [] as string[],
    participants: [] as string[],
    date: env.date,
  };
  if (env.kind === 'email') {
    const subjects = subjectsOf(env);
    const ids = idsOf(env);
    const root = rootId(env);
    const participants = participantKeys(env);
    return {
      ...base,
      key: root ? `email:id:${root}` : `email:subject:${conversationSubject(env.messages[0]?.subject || env.title)}`,
      keys: emailKeys(subjects, ids),
      participantKeys: participants.slice(0, MAX_PARTICIPANT_KEYS).map((k) => `p:${hash(k)}`),
      subjects,
      ids,
      participants,
    };
  }
  if (env.kind === 'transcript') {
    return { ...base, key: `transcript:${env.date ?? 'undated'}`, keys: transcriptKeys(env.date), participantKeys: [] };
  }
  return { ...base, key: `document:${env.source_id.slice(0, 12)}`, keys: [], participantKeys: [] };
}

/** What conversation identity needs of one envelope. */
export function fingerprint(env: SourceEnvelope): ConversationFingerprint {
  return fingerprintWith(env, conversationKeysOf(env));
}

/** The fingerprint, from keys already computed for the envelope. */
export function fingerprintWith(env: SourceEnvelope, keys: ConversationKeys): ConversationFingerprint {
  const out: ConversationFingerprint = { ...keys, messages: [], spoken: new Set(), spokenWords: [] };
  if (env.kind === 'email') {
    out.messages = [...env.messages.map(messagePrint), ...quotedMessagesOf(env).map(quotedPrint)];
  } else if (env.kind === 'transcript') {
    out.spokenWords = wordsOf(env.turns.length ? env.turns.map((t) => t.text).join('\n') : env.text);
    out.spoken = shinglesOf(out.spokenWords);
  }
  return out;
}

const MAX_ID_KEYS = 24;
const MAX_PARTICIPANT_KEYS = 40;

function emailKeys(subjects: string[], ids: string[]): string[] {
  return [...subjects.map((s) => `s:${hash(s)}`), ...ids.slice(0, MAX_ID_KEYS).map((id) => `m:${hash(id)}`)];
}

function transcriptKeys(date: string | null): string[] {
  return [`d:${date ?? 'undated'}`];
}

/**
 * Index keys for a source recorded before conversation keys existed, from what its ledger entry says (kind, title,
 * date). Good enough to find it again by subject or meeting day; `sameConversation` still decides.
 */
export function legacyConversationKeys(entry: { kind: string; title: string; date: string | null }): string[] {
  if (entry.kind === 'email') {
    const s = conversationSubject(entry.title);
    return s ? emailKeys([s], []) : [];
  }
  if (entry.kind === 'transcript') return transcriptKeys(entry.date);
  return [];
}

/** A readable conversation key of one envelope (what `distill parse` shows). */
export function conversationKey(env: SourceEnvelope): string {
  return conversationKeysOf(env).key;
}

function intersects(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const set = new Set(a);
  return b.some((x) => set.has(x));
}

function senderCompatible(a: MessagePrint, b: MessagePrint): boolean {
  if (a.senderEmail && b.senderEmail) return a.senderEmail === b.senderEmail;
  if (a.sender.length === 0 || b.sender.length === 0) return true;
  return intersects(
    a.sender.filter((t) => t.length >= 3),
    b.sender.filter((t) => t.length >= 3),
  );
}

function dayDistance(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/** A quoted copy's date is in the quoting client's time zone: a day either side is the same message. */
function dayCompatible(a: MessagePrint, b: MessagePrint): boolean {
  if (!a.day || !b.day) return true;
  const d = dayDistance(a.day, b.day);
  return Number.isNaN(d) || d <= 1;
}

function sameWords(a: string[], b: string[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((w, i) => w === b[i]);
}

/** Quoted bodies of at least this many shingles are compared by overlap; shorter ones must be equal. */
const MIN_SHINGLES = 6;
const QUOTED_OVERLAP = 0.6;

/** Whether two message prints are one message (the same one exported twice, or a message and its quoted copy). */
export function sameMessage(a: MessagePrint, b: MessagePrint): boolean {
  if (a.id && b.id) return a.id === b.id;
  // two messages of exports: one minute first (the cheap test that rules almost every pair out)
  if (a.full && b.full && a.minute && b.minute && a.minute !== b.minute) return false;
  if (!senderCompatible(a, b)) return false;
  if (a.full && b.full && a.minute && b.minute) {
    // One sender, one minute: one message, whatever each export kept of its body.
    if (a.words.length === 0 || b.words.length === 0) return true;
    return sameWords(a.words, b.words) || containment(a.shingles, b.shingles) >= 0.5;
  }
  // A quoted copy is evidence only with its sender on both sides: a block without attribution is as likely a
  // meeting-invite footer or a disclaimer every message of the sender carries.
  if (a.sender.length === 0 || b.sender.length === 0) return false;
  if (!dayCompatible(a, b)) return false;
  if (a.shingles.size >= MIN_SHINGLES && b.shingles.size >= MIN_SHINGLES) {
    return containment(a.shingles, b.shingles) >= QUOTED_OVERLAP;
  }
  // A short body ("Both work for me.") must be word for word the same.
  return sameWords(a.words, b.words);
}

/** Share of the smaller copy's spoken shingles the other holds, for transcripts of one date. */
const SPOKEN_OVERLAP = 0.5;
/** Without a date on one side, the spoken text alone must agree more. */
const SPOKEN_OVERLAP_UNDATED = 0.8;
const MIN_SPOKEN_SHINGLES = 10;

/**
 * Whether a conversation whose stored keys are `stored` may hold a copy with fingerprint `f`, judged on the keys
 * alone (false rules it out without reading its copies back; true means: compare the copies).
 */
export function mayBeSameConversation(f: ConversationKeys, stored: readonly string[]): boolean {
  const set = new Set(stored);
  if (!f.keys.some((k) => set.has(k))) return false;
  if (f.kind !== 'email' || f.ids.some((id) => set.has(`m:${hash(id)}`))) return true;
  const theirs = stored.filter((k) => k.startsWith('p:'));
  // keys written before participant keys existed say nothing about participants
  return theirs.length === 0 || f.participantKeys.length === 0 || f.participantKeys.some((k) => set.has(k));
}

/** The decision: are these two fingerprints copies of one conversation? Symmetric. */
export function sameConversation(a: ConversationFingerprint, b: ConversationFingerprint): boolean {
  if (a.source_id === b.source_id) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'email') {
    if (intersects(a.ids, b.ids)) return true;
    if (!intersects(a.subjects, b.subjects)) return false;
    if (!intersects(a.participants, b.participants)) return false;
    return a.messages.some((x) => b.messages.some((y) => sameMessage(x, y)));
  }
  if (a.kind === 'transcript') {
    if (a.date && b.date && a.date !== b.date) return false;
    const need = a.date && b.date ? SPOKEN_OVERLAP : SPOKEN_OVERLAP_UNDATED;
    if (a.spoken.size >= MIN_SPOKEN_SHINGLES && b.spoken.size >= MIN_SPOKEN_SHINGLES) {
      return containment(a.spoken, b.spoken) >= need;
    }
    return sameWords(a.spokenWords, b.spokenWords);
  }
  return false;
}

/** The copies of one conversation, as `mergeEnvelopes` found them. */
export interface ConversationCopy {
  source_id: string;
  path: string;
  date: string | null;
}

export interface MergedConversation {
  /** One envelope for the whole conversation; its `source_id` is the conversation's. */
  envelope: SourceEnvelope;
  /** Every copy (including the one whose id the conversation has), ordered by source id. */
  copies: ConversationCopy[];
  key: string;
  /**
   * Index keys of every copy (a later copy may bring a new subject or Message-ID), and their participant keys
   * (`p:…`): what the ledger stores to find the conversation again.
   */
  keys: string[];
}

export interface MergeOptions {
  /**
   * The conversation's id (the ledger's, for a conversation already in the vault). Default: the id of the earliest
   * copy (oldest date, then smallest id), so one set of copies gives one envelope whatever order they came in.
   */
  sourceId?: string;
}

function byDateThenId(a: SourceEnvelope, b: SourceEnvelope): number {
  return (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.source_id.localeCompare(b.source_id);
}

function uniqueById(envs: SourceEnvelope[]): SourceEnvelope[] {
  const seen = new Map<string, SourceEnvelope>();
  for (const e of envs) if (!seen.has(e.source_id)) seen.set(e.source_id, e);
  return [...seen.values()];
}

function wordCount(m: EmailMessage): number {
  return bodyWords(m.body).length;
}

function mergeEmail(copies: SourceEnvelope[], id: string): SourceEnvelope {
  // The newest export gives title and format: its subject is the one the thread has now.
  const lead = [...copies].sort(
    (a, b) =>
      compareDates(b.messages.at(-1)?.date ?? '', a.messages.at(-1)?.date ?? '') ||
      b.messages.length - a.messages.length ||
      (a.source_id === id ? -1 : b.source_id === id ? 1 : 0) ||
      a.source_id.localeCompare(b.source_id),
  )[0]!;
  // Every message once: of two exports of one message, the fuller body (then the earlier copy in a fixed order).
  const kept: { m: EmailMessage; p: MessagePrint }[] = [];
  for (const env of [...copies].sort((a, b) => a.source_id.localeCompare(b.source_id))) {
    for (const m of env.messages) {
      const p = messagePrint(m);
      const same = kept.findIndex((k) => sameMessage(k.p, p));
      if (same < 0) kept.push({ m, p });
      else if (wordCount(m) > wordCount(kept[same]!.m)) kept[same] = { m, p };
    }
  }
  kept.sort((a, b) => compareDates(a.m.date, b.m.date) || a.m.from.name.localeCompare(b.m.from.name));
  // Messages only quoted: each once, and never when the message itself is here (seen in full beats quoted).
  const quoted: { q: QuotedMessage; p: MessagePrint }[] = [];
  for (const env of [...copies].sort((a, b) => a.source_id.localeCompare(b.source_id))) {
    for (const q of quotedMessagesOf(env)) {
      const p = quotedPrint(q);
      if (kept.some((k) => sameMessage(k.p, p))) continue;
      const same = quoted.findIndex((k) => sameMessage(k.p, p));
      if (same < 0) quoted.push({ q, p });
      else if (p.words.length > quoted[same]!.p.words.length) quoted[same] = { q, p };
    }
  }
  quoted.sort((a, b) => (a.p.day ?? '').localeCompare(b.p.day ?? ''));
  const messages = kept.map((k) => k.m);
  const env = buildEmailEnvelope({
    format: lead.format,
    path: lead.path,
    title: lead.title,
    messages,
    // buildEmailEnvelope reads each message's history newest first
    quoted: messages.map((_, i) => (i === messages.length - 1 ? quoted.map((q) => q.q).reverse() : [])),
    warnings: [...new Set(copies.flatMap((c) => c.warnings))],
  });
  return { ...env, source_id: id };
}

function spokenLength(env: SourceEnvelope): number {
  return env.turns.reduce((n, t) => n + t.text.length, 0) || env.text.length;
}

function priorTaskKey(t: PriorTask): string {
  return wordsOf(t.text).join(' ');
}

function mergeTranscript(copies: SourceEnvelope[], id: string): SourceEnvelope {
  // The fullest copy: most turns, then the longest spoken text; on a tie, the conversation's own copy.
  const order = [...copies].sort(
    (a, b) =>
      b.turns.length - a.turns.length ||
      spokenLength(b) - spokenLength(a) ||
      (a.source_id === id ? -1 : b.source_id === id ? 1 : 0) ||
      a.source_id.localeCompare(b.source_id),
  );
  const lead = order[0]!;
  const withSummary = order.find((c) => c.prior_summary !== null);
  let prior: PriorSummary | null = lead.prior_summary ?? withSummary?.prior_summary ?? null;
  if (prior) {
    // Every summary's tasks: a task one earlier summary marks done is never proposed again.
    const tasks = new Map<string, PriorTask>();
    for (const c of order) {
      for (const t of c.prior_summary?.tasks ?? []) {
        const k = priorTaskKey(t);
        const had = tasks.get(k);
        if (!had) tasks.set(k, t);
        else if (t.done && !had.done) tasks.set(k, { ...had, done: true });
      }
    }
    prior = { text: prior.text, tasks: [...tasks.values()] };
  }
  const participants = [...lead.participants];
  for (const c of order) {
    for (const p of c.participants) {
      if (!participants.some((q) => q.name.toLowerCase() === p.name.toLowerCase())) participants.push(p);
    }
  }
  return {
    ...lead,
    source_id: id,
    date: lead.date ?? order.find((c) => c.date)?.date ?? null,
    participants,
    prior_summary: prior,
    warnings: [...new Set(order.flatMap((c) => c.warnings))],
  };
}

/**
 * One envelope for a conversation from its copies (any order, duplicates ignored): email, every message once, in
 * order (a message seen in full beats its quoted copy, quoted-only messages stay quoted); transcript, the fullest
 * copy with its earlier summary and every summary's tasks. The id is the conversation's (see `MergeOptions`).
 */
export function mergeEnvelopes(envelopes: SourceEnvelope[], opts: MergeOptions = {}): MergedConversation {
  const copies = uniqueById(envelopes).sort(byDateThenId);
  if (copies.length === 0) throw new Error('mergeEnvelopes: no envelope');
  const id = opts.sourceId ?? copies[0]!.source_id;
  const kind = copies[0]!.kind;
  if (copies.some((c) => c.kind !== kind)) throw new Error('mergeEnvelopes: copies of different kinds');
  const single = copies.length === 1 ? copies[0]! : null;
  const envelope = single
    ? { ...single, source_id: id }
    : kind === 'email'
      ? mergeEmail(copies, id)
      : kind === 'transcript'
        ? mergeTranscript(copies, id)
        : { ...copies.find((c) => c.source_id === id)!, source_id: id };
  const prints = copies.map(conversationKeysOf);
  // What the conversation holds now: a cache keyed on the conversation's id alone would answer for an earlier copy.
  if (!single || single.source_id !== id) {
    envelope.content_id = sourceIdOf(
      JSON.stringify([envelope.text, envelope.prior_summary?.text ?? '', envelope.prior_summary?.tasks ?? []]),
    );
  }
  return {
    envelope,
    copies: copies
      .map((c) => ({ source_id: c.source_id, path: c.path, date: c.date }))
      .sort((a, b) => a.source_id.localeCompare(b.source_id)),
    key: conversationKeysOf(envelope).key,
    keys: [...new Set(prints.flatMap((p) => [...p.keys, ...p.participantKeys]))].sort(),
  };
}

/** The root of `i` in a union-find parent array, compressing the path it walked. */
export function rootFinder(parent: number[]): (i: number) => number {
  return (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
}

/**
 * Groups fingerprints into conversations (union of every pair `sameConversation` accepts among those sharing an
 * index key). Returns groups of indexes, each sorted, groups in order of their first member.
 */
export function groupConversations(prints: ConversationFingerprint[]): number[][] {
  const parent = prints.map((_, i) => i);
  const find = rootFinder(parent);
  const byKey = new Map<string, number[]>();
  prints.forEach((p, i) => {
    for (const k of p.keys) byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  const tried = new Set<string>();
  for (const members of byKey.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = members[x]!;
        const b = members[y]!;
        if (find(a) === find(b)) continue;
        const pair = `${a},${b}`;
        if (tried.has(pair)) continue;
        tried.add(pair);
        if (sameConversation(prints[a]!, prints[b]!)) parent[Math.max(find(a), find(b))] = Math.min(find(a), find(b));
      }
    }
  }
  const groups = new Map<number, number[]>();
  prints.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
}

/** A short stable hash, for keys that must not grow with the text they stand for. */
export function shortHash(text: string): string {
  return hash(text);
}
