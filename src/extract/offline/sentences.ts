/**
 * Turns an envelope into the units every rule reads: one sentence, who said it, to whom, and when. Email uses each
 * message's own new text (never the quoted history, never the signature), transcripts use turns, documents their
 * text without any prior summary block, so nothing an earlier tool wrote is mined again.
 */
import { quotedMessagesOf } from '../../ingest/email-common.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { displayName, OWNER, type OwnerMatcher } from '../participants.ts';

export interface Unit {
  /** One sentence as it appears in the source (trimmed). */
  text: string;
  /** Display name of the sender or speaker (`Myself` for the owner), null when unknown or generic. */
  speaker: string | null;
  /** Names the unit is addressed to: the other people in the thread or call. */
  audience: string[];
  /** The message's or meeting's own timestamp, for relative dates. */
  ref: Date | null;
  /** Message or turn index; for email, higher is newer. */
  index: number;
  /** Position of the unit inside its message or turn. */
  position: number;
  /** Email: the sender of the latest earlier message by someone else, whom an unaddressed "you" means. */
  repliesTo?: string;
  /**
   * Email: a sentence of the thread that no message shown says as its own new text: inline answers inside a quote,
   * a forwarded notification, an earlier message the export left out. Its writer is unknown.
   */
  quoted?: boolean;
}

const ABBREVIATIONS =
  /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Inc|Corp|Ltd|Co|St|Jr|Sr|vs|etc|approx|e\.g|i\.e|a\.m|p\.m|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|U\.S)|\b[A-Z])\.$/;

/** Sentence split by punctuation with an abbreviation guard: compromise is correct but ~100x slower on 50 KB. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.split(/\n+/)) {
    const line = rawLine.replace(/^\s*>+\s?/, '').trim();
    if (line === '') continue;
    let start = 0;
    const re = /[.!?]+["')\]]*(?=\s+["'([]?[A-Z0-9@])/g;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      const end = m.index + m[0].length;
      const piece = line.slice(start, end);
      if (ABBREVIATIONS.test(piece)) continue;
      if (piece.trim()) out.push(piece.trim());
      start = end;
    }
    const rest = line.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}

const SIGN_OFF =
  /^(thanks|thank you|thx|best|best regards|regards|kind regards|cheers|sent from my|get outlook for|--\s*$|-- ?$)/i;
const QUOTE_INTRO = /^(on .{5,80} wrote:|from: .+ sent: |-----original message-----)/i;

/** Drops the signature and anything after a sign-off line: contact cards are not content. */
export function stripSignature(body: string): string {
  const lines = body.split('\n');
  return lines.slice(0, signatureStart(lines)).join('\n');
}

/**
 * The contact card of the signature stripSignature drops: its lines from the sign-off to the end, or to a quoted
 * earlier message (whose text is not the signature's). Empty when the body ends without a sign-off.
 */
export function signatureOf(body: string): string {
  const lines = body.split('\n');
  const from = signatureStart(lines);
  if (from >= lines.length || QUOTE_INTRO.test(bare(lines[from] ?? ''))) return '';
  const quote = lines.findIndex((l, i) => i > from && QUOTE_INTRO.test(bare(l)));
  return lines
    .slice(from, quote < 0 ? lines.length : quote)
    .filter((l) => CARD_LINE.test(bare(l)))
    .join('\n');
}

/**
 * A contact card's line: "RAY COETZEE | FIELD TECHNICAL DIRECTOR", an address, a phone number, a web address. What
 * follows a sign-off is often more of the message ("Thanks. I'll send it Friday."): only such lines are the card.
 */
const CARD_LINE = /\s\|\s|[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ().-]{7,}\d|\bwww\.|https?:\/\/|^[A-Z][A-Z .,'&-]{3,}$/;

const bare = (raw: string) => raw.replace(/^\s*>+\s?/, '').trim();

function signatureStart(lines: string[]): number {
  const at = lines.findIndex((raw) => {
    const line = bare(raw);
    return QUOTE_INTRO.test(line) || (SIGN_OFF.test(line) && line.length < 40);
  });
  return at < 0 ? lines.length : at;
}

/** ISO `2025-12-11T09:00:38` (naive) or with offset -> a Date whose local components are the message's wall clock. */
export function wallClock(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(iso);
  if (!m) return null;
  return new Date(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 9),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
}

function unique(names: (string | null)[]): string[] {
  return [...new Set(names.filter((n): n is string => !!n))];
}

/** `everyone`: the thread's participants as extracted (senders, @-addressed people, the owner). */
export function emailUnits(env: SourceEnvelope, isOwner: OwnerMatcher, everyone: string[]): Unit[] {
  const units: Unit[] = [];
  env.messages.forEach((m, index) => {
    const speaker = isOwner(m.from.name, m.from.email) ? OWNER : displayName(m.from);
    const addressed = [...m.to, ...m.cc].map((a) => (isOwner(a.name, a.email) ? OWNER : displayName(a)));
    const audience = unique(addressed.length > 0 ? addressed : everyone).filter((n) => n !== speaker);
    const ref = wallClock(m.date);
    const previous = env.messages
      .slice(0, index)
      .reverse()
      .find((p) => (isOwner(p.from.name, p.from.email) ? OWNER : displayName(p.from)) !== speaker);
    const repliesTo = previous
      ? isOwner(previous.from.name, previous.from.email)
        ? OWNER
        : displayName(previous.from)
      : undefined;
    splitSentences(stripSignature(m.body)).forEach((text, position) => {
      units.push({ text, speaker, audience, ref, index, position, ...(repliesTo ? { repliesTo } : {}) });
    });
  });
  return [...units, ...quotedUnits(env, units, everyone, isOwner)];
}

/** Export headers and mail headers inside quotes: they are the envelope, not the content. */
const HEADER_LINE =
  /^\s*(?:>\s*)*(?:#{1,6}\s|\*\*(?:subject|from|to|cc|date|sent)\b|-\s*(?:exported|messages):|(?:from|to|cc|bcc|sent|date|subject):\s|-{3,}\s*$)/i;

function sentenceKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The sentences of the thread's text that no message's own body holds: an inline reply written into the quote, a
 * forwarded notification. Each is kept once, with no speaker, so the extractor can read what the export preserved.
 */
function quotedUnits(env: SourceEnvelope, own: Unit[], everyone: string[], isOwner: OwnerMatcher): Unit[] {
  const seen = new Set(own.map((u) => sentenceKey(u.text)));
  // A message's signature was left out of its units on purpose: its lines are not "text no message holds" either.
  const quoted = quotedMessagesOf(env);
  for (const m of [...env.messages, ...quoted])
    for (const sentence of splitSentences(signatureOf(m.body))) seen.add(sentenceKey(sentence));
  const out: Unit[] = [];
  // Quoted messages whose attribution names the writer keep their writer and recipients.
  for (const q of quoted) {
    if (!q.from) continue;
    const speaker = isOwner(q.from.name, q.from.email) ? OWNER : displayName(q.from);
    const addressed = [...q.to, ...q.cc].map((a) => (isOwner(a.name, a.email) ? OWNER : displayName(a)));
    const audience = unique(addressed.length > 0 ? addressed : everyone).filter((n) => n !== speaker);
    const ref = wallClock(env.date);
    for (const sentence of splitSentences(stripSignature(q.body))) {
      const key = sentenceKey(sentence);
      if (key.length < 12 || seen.has(key)) continue;
      seen.add(key);
      out.push({ text: sentence, speaker, audience, ref, index: -1, position: out.length, quoted: true });
    }
  }
  let text = env.text;
  if (env.prior_summary?.text) text = text.replace(env.prior_summary.text, '\n');
  const body = text
    .split('\n')
    .filter((line) => !HEADER_LINE.test(line))
    .join('\n');
  const ref = wallClock(env.date);
  for (const sentence of splitSentences(body)) {
    const key = sentenceKey(sentence);
    if (key.length < 12 || seen.has(key)) continue;
    seen.add(key);
    out.push({ text: sentence, speaker: null, audience: everyone, ref, index: -1, position: out.length, quoted: true });
  }
  return out;
}

/**
 * `everyone`: the call's participants as extracted. When the owner speaks under his name and exactly one other
 * person takes part, the turns the transcriber left unnamed are that person's: the other side of a 1:1.
 */
export function transcriptUnits(env: SourceEnvelope, isOwner: OwnerMatcher, everyone: string[] = []): Unit[] {
  const speakers = unique(
    env.turns.filter((t) => !t.generic).map((t) => (isOwner(t.speaker) ? OWNER : displayName({ name: t.speaker }))),
  );
  const others = everyone.filter((n) => n !== OWNER);
  const otherSide = speakers.includes(OWNER) && others.length === 1 ? (others[0] as string) : null;
  if (otherSide && !speakers.includes(otherSide)) speakers.push(otherSide);
  const ref = wallClock(env.date);
  const units: Unit[] = [];
  env.turns.forEach((turn, index) => {
    const speaker = turn.generic ? otherSide : isOwner(turn.speaker) ? OWNER : displayName({ name: turn.speaker });
    const audience = speakers.filter((s) => s !== speaker);
    splitSentences(turn.text).forEach((text, position) => {
      units.push({ text, speaker, audience, ref, index, position });
    });
  });
  return units;
}

/** Documents (and transcripts an adapter could not diarize): the text minus the prior summary block. */
export function documentUnits(env: SourceEnvelope): Unit[] {
  let text = env.text;
  if (env.prior_summary?.text) text = text.replace(env.prior_summary.text, '\n');
  const ref = wallClock(env.date);
  return splitSentences(text).map((t, position) => ({ text: t, speaker: null, audience: [], ref, index: 0, position }));
}

export function unitsOf(env: SourceEnvelope, isOwner: OwnerMatcher, participants: string[]): Unit[] {
  if (env.kind === 'email' && env.messages.length > 0) return emailUnits(env, isOwner, participants);
  if (env.kind === 'transcript' && env.turns.length > 0) return transcriptUnits(env, isOwner, participants);
  return documentUnits(env);
}
