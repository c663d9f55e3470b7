/**
 * People spoken to in a call the transcriber could not fully diarize. "David, please scroll to the left" tells us
 * David was on the call even when his voice is filed under "Speaker 3" or the file has no speakers at all. Only the
 * vocative counts: a name merely talked about ("Kamal was saying…") is a mention, not a participant.
 */
import { isSentenceOpener } from '../core/names.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { isGenericSpeaker } from '../ingest/generic-labels.ts';
import { soundKey } from '../ingest/names.ts';
import { matchHasTag } from './compromise.ts';

const W = '([A-Z][a-z]{2,})';
/**
 * Where a name stands when it is spoken to or introduces its speaker:
 * - opening a sentence with a comma: "Kamal, one more thing", "Thanks, Lior, that helps", "- Amit, I don't need…";
 * - closing one after a comma or a greeting: "Just a second, Amit.", "I think that's fine, Lior.", "Thank you, David.";
 * - before a question to "you": "Malikarjan and Kamal are you clear…", "so Pete are you aware…";
 * - before a greeting: "Avinash, hello.";
 * - introducing oneself: "I'm Ben.", "My name is Peter", "this is Lior".
 */
const VOCATIVES = [
  new RegExp(
    `^(?:-\\s*)?(?:(?:hi|hey|hello|thanks|thank you|ok|okay|so|and|yes|yeah|sorry|right|well|oh),?\\s+)?${W}(?:\\s+and\\s+${W})?,\\s+\\S`,
  ),
  new RegExp(`(?:,|\\b[Tt]hanks|\\b[Tt]hank you|\\b[Hh]i|\\b[Hh]ello|\\b[Bb]ye)\\s*${W}[.!?]?$`),
  new RegExp(`\\b${W}(?:\\s+and\\s+${W})?,?\\s+(?:are|can|could|would|will|do|did) you\\b`),
  new RegExp(`\\b${W},\\s*(?:hi|hello|hey|good morning)\\b`),
  new RegExp(`\\b(?:I'm|I am|[Mm]y name is|[Tt]his is)\\s+${W}\\b`),
];
/** Below this share of unattributed turns the speakers are the participants: a vocative then is just rhetoric. */
const UNDIARIZED_SHARE = 0.25;

/** Besides the sentence openers: organisations a tagger takes for people when they open a sentence. */
const ORGANISATIONS = new Set(['Google', 'Microsoft', 'Amazon', 'Vast']);
const notName = (w: string) => isSentenceOpener(w) || ORGANISATIONS.has(w);

function taggedPerson(sentence: string, name: string): boolean {
  return matchHasTag(sentence, name, '#Person');
}

export interface AddressedOptions {
  /** Lower-case first words of names already among the participants (the owner's included). */
  present: Set<string>;
}

/**
 * A call of two voices: one named speaker (the recorder's own channel), one unnamed channel, and one other person the
 * header lists. Whatever name either voice calls the other by ("Sorry I'm late, Ben", "How about you, Alex?") is the
 * other party misheard or misnamed, never a third person.
 */
function twoVoices(env: SourceEnvelope): boolean {
  const unnamed = new Set(env.turns.filter((t) => t.generic).map((t) => t.speaker));
  const named = new Set(env.turns.filter((t) => !t.generic).map((t) => t.speaker));
  const listed = env.participants.filter((p) => !p.roles.includes('speaker'));
  return unnamed.size === 1 && named.size === 1 && listed.length === 1;
}

/**
 * Names addressed in the turns of a mostly undiarized transcript, in first-seen order. A candidate counts when the
 * tagger knows it as a person's name in that sentence ("Dboxes, wait" is not), and is given in full when the text
 * names exactly one such person in full. The vault's entities are deliberately not consulted: what a source yields
 * must not depend on which other sources were processed before it.
 */
export function addressedNames(env: SourceEnvelope, opts: AddressedOptions): string[] {
  if (env.kind !== 'transcript') return [];
  const generic = env.turns.filter((t) => t.generic).length;
  if (env.turns.length > 0 && generic / env.turns.length < UNDIARIZED_SHARE) return [];
  if (twoVoices(env)) return [];
  // Insertion order is first-seen order; the value says whether the tagger confirmed the name once.
  const seen = new Map<string, boolean>();
  const texts = env.turns.length > 0 ? env.turns.map((t) => t.text) : [env.text];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.!?])\s+/)) {
      const s = sentence.trim();
      const hits: string[] = [];
      for (const re of VOCATIVES) {
        const m = re.exec(s);
        for (const name of m?.slice(1) ?? []) if (name) hits.push(name);
      }
      for (const name of hits) {
        if (notName(name) || isGenericSpeaker(name)) continue;
        // "Glenn, I don't know if you've ever met Glenn Lockwood": a restart about someone, not an address.
        if (new RegExp(`\\b${name} [A-Z]`).test(s.slice(s.indexOf(name) + name.length))) continue;
        if (!seen.get(name)) seen.set(name, taggedPerson(s, name));
      }
    }
  }
  const out: string[] = [];
  for (const [name, person] of seen) {
    const first = name.toLowerCase();
    if (!person || opts.present.has(first)) continue;
    opts.present.add(first);
    out.push(fullNameInText(name, env.text) ?? name);
  }
  return out;
}

/**
 * "David" becomes "David Pollack" when the call names exactly one David in full ("From our side, David Pollack"):
 * a full name resolves to the same page whatever else the vault holds, a lone given name depends on it.
 */
function fullNameInText(given: string, text: string): string | null {
  const families = new Set<string>();
  for (const m of text.matchAll(new RegExp(`\\b${given} ([A-Z][a-z]{2,})\\b`, 'g'))) {
    const family = m[1] as string;
    if (!notName(family) && !isGenericSpeaker(family)) families.add(family);
  }
  return families.size === 1 ? `${given} ${[...families][0]}` : null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Did the call hear from this person? They introduce themselves ("I'm Dave Stryker", "My name is Peter Kapsashi",
 * "A.K. Rapsone, you know me", "Pali here") or are spoken to by name ("Ikki, should we get started", "the tackle
 * side, Ikki, should we…", "How are you, Jack?"). A name only talked about ("we got Jotam hopping in", "Glenn, I don't
 * know if you've ever met Glenn Lockwood") is no evidence. Used for the people a header or frontmatter lists: an
 * invitation is not attendance.
 */
export function heardInCall(env: SourceEnvelope, name: string): boolean {
  const full = name.trim();
  const first = full.split(/\s+/)[0] ?? full;
  const texts = env.turns.length > 0 ? env.turns.map((t) => t.text) : [env.text];
  // The transcriber spells a name the way it sounds (`Carl` for Karl, `Yonzi` for Jonsi): same consonants.
  const key = soundKey(first);
  const heard = new Set<string>();
  if (first.length >= 4 && key.length >= 2) {
    for (const text of texts) {
      for (const w of text.match(/\b[\p{Lu}][\p{Ll}]{3,}\b/gu) ?? []) if (soundKey(w) === key) heard.add(w);
    }
  }
  const forms = [...new Set([full, first, ...heard])].filter((f) => f.length >= 2).map(escapeRe);
  if (forms.length === 0) return false;
  const n = `(?:${forms.join('|')})`;
  const intro = new RegExp(
    String.raw`(?:\b(?:I'm|I am|my name is|this is|it's)\s+${n}(?![\p{L}])|(?<![\p{L}])${n}\s+here\b|(?<![\p{L}])${n},\s+you know me)`,
    'iu',
  );
  const vocative = new RegExp(
    String.raw`(?:(?:^|[,;:!?-]\s*|\b(?:hi|hey|hello|thanks|thank you|ok|okay|so|and|then|but|maybe|now|yes|yeah|sorry|right|well|oh|please|actually)[,\s]+)${n},\s+\S|,\s*${n}\s*[,?]|\b(?:hi|hey|hello|thanks|thank you|bye)[,\s]+${n}(?![\p{L}])|,\s*${n}[.!]?$|\b(?:meet(?:ing)? you|welcome|see you)[,\s]+(?:[\p{Lu}][\p{L}]+(?:,?\s+and\s+|,\s+))*${n}(?![\p{L}]))`,
    'iu',
  );
  // A caption's inline speaker label (`>> DIRECTOR HAMPSON:`) is the person speaking.
  const caption = new RegExp(String.raw`>>\s*(?:[\p{L}.]+\s+)*${n}\s*:`, 'iu');
  for (const text of texts) {
    if (caption.test(text)) return true;
    for (const sentence of text.split(/(?<=[.!?])\s+/)) {
      const s = sentence.trim();
      if (!new RegExp(String.raw`(?<![\p{L}])${n}(?![\p{L}])`, 'u').test(s)) continue;
      if (intro.test(s)) return true;
      const v = vocative.exec(s);
      if (!v) continue;
      // Spoken to and then talked about by full name in one breath is a restart, not an address.
      const rest = s.slice((v.index ?? 0) + v[0].length);
      if (new RegExp(String.raw`\b${escapeRe(first)} [A-Z]`).test(rest)) continue;
      return true;
    }
  }
  return false;
}

/**
 * Does the summary an earlier tool wrote of this meeting name the person in its prose (as doing or saying
 * something)? The header's participant list is left out: it names the invited, which is the question.
 */
export function namedInPriorSummary(env: SourceEnvelope, name: string): boolean {
  const text = (env.prior_summary?.text ?? '')
    .split('\n')
    // Its task list is left out too: a task is often given to someone who was not there.
    .filter(
      (l) => !/^\s*(?:#\s|\*\*(?:participants|attendees|date)\b|(?:participants|attendees):|[-*+]\s+\[.\])/i.test(l),
    )
    .join('\n');
  if (text === '') return false;
  const first = name.trim().split(/\s+/)[0] ?? '';
  if (first.length < 2) return false;
  return new RegExp(String.raw`(?<![\p{L}])${escapeRe(first)}(?![\p{L}])`, 'u').test(text);
}
