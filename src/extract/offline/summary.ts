/**
 * Extractive summary, 2-4 sentences. Email: the newest message first (it is what the reader must act on), then
 * the earlier ones. Transcripts and documents: the sentences whose content words recur most in the conversation,
 * in the order they were said. The prior summary block never contributes (units exclude it).
 */

import { contentTokens, jaccard } from '../../core/text.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import type { Unit } from './sentences.ts';
import { fillerCount, HEDGED, withoutGluedName, withoutOpener } from './spoken.ts';

const SKIP =
  /^(hi|hey|hello|dear|thanks|thank you|best|regards|cheers|sounds good|ok|okay|yeah|yes|no|right|sure|great|cool|got it)\b/i;

/** Markup is not prose: checkboxes, table rows, headings, quotes and labelled fields stay out of a summary. */
const MARKUP = /^\s*(?:[-*•]\s*\[[ xX?/R]\]|\||#{1,6}\s|>|```|[A-Z][\w .'-]{0,30}:\s)|\|.*\|/;

/**
 * Pleasantries that open a message but say nothing of it: season's greetings, "I hope this finds you well",
 * "Good afternoon, Board".
 */
const PLEASANTRY =
  /^[\s….,-]*(?:(?:and\s+)?(?:a\s+)?(?:happy|merry)\s+(?:new year|holidays?|christmas|thanksgiving|easter|birthday|friday|monday)\b|(?:i\s+)?hope (?:this|my) (?:\w+ )?finds\b|(?:i\s+)?hope (?:you|everyone|all)\b[^.!?]{0,40}\b(?:well|good|great|nice|holidays?|weekend|break|christmas|new year|thanksgiving)\b|good (?:morning|afternoon|evening|day)\b|(?:i\s+)?wish(?:ing)? you\b)/i;

/**
 * Not prose either: links and app markup (`[](app://…)`), a task's Obsidian metadata (`@Tomer ⏫ ✅ 2025-11-08`, the
 * tail of a ticked item), a signature's `Title | Company`, and the banners mail systems put above a message.
 */
const NOT_PROSE =
  /https?:\/\/|\]\(|app:\/\/|[⏫🔼🔽✅📅⏳🛫]|\s\|\s|\byou don['’]t often get email from\b|\blearn why this is important\b|^\s*(?:caution|external)\s*(?:email)?\s*:/iu;

function usable(u: Unit, minWords = 6): boolean {
  const words = u.text.split(/\s+/).length;
  return (
    words >= minWords &&
    words <= 60 &&
    !u.quoted &&
    !SKIP.test(u.text) &&
    !PLEASANTRY.test(u.text) &&
    !MARKUP.test(u.text) &&
    !NOT_PROSE.test(u.text) &&
    !/:\s*$/.test(u.text)
  );
}

/**
 * When no sentence of a note or call is long enough to summarise by (a note of short bullets), the first few lines
 * that are prose at all, however short, rather than no summary.
 */
function fallbackSummary(units: Unit[], max: number): string {
  const picked: string[] = [];
  for (const u of units) {
    if (!usable({ ...u, quoted: false }, 3) || /\?\s*$/.test(u.text)) continue;
    const t = withoutOpener(asProse(u));
    if (picked.some((p) => p === t)) continue;
    picked.push(t);
    if (picked.length >= max) break;
  }
  return picked.join(' ');
}

/** One sentence as prose: bullets, bold and stray whitespace gone, a full stop at the end. */
function asProse(u: Unit): string {
  const t = u.text
    .replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[,;:]+$/, '');
  return /[.!?]["'\u201d\u2019)\]]*$/.test(t) ? t : `${t}.`;
}

/** The newest message first, prose only: who wrote it is in the note's participants, not in every sentence. */
export function emailSummary(units: Unit[], max = 3): string {
  const byMessage = new Map<number, Unit[]>();
  for (const u of units) if (usable(u)) byMessage.set(u.index, [...(byMessage.get(u.index) ?? []), u]);
  const picked: string[] = [];
  const indexes = [...byMessage.keys()].sort((a, b) => b - a);
  // Up to two sentences from the newest message, then one from each earlier one.
  for (const [i, idx] of indexes.entries()) {
    const take = i === 0 ? 2 : 1;
    for (const u of (byMessage.get(idx) ?? []).slice(0, take)) {
      picked.push(withoutOpener(asProse(u)));
      if (picked.length >= max) return picked.join(' ');
    }
  }
  return picked.join(' ');
}

/** A name, product or number mid-sentence: the sentences a reader can act on. */
const SPECIFIC = /(?:\s(?!I\b)[A-Z][\w'-]+|\d)/;

export function conversationSummary(units: Unit[], max = 3): string {
  // A question asked in a call is talk, not what came out of it.
  const candidates = units.filter((u) => usable(u) && !/\?\s*$/.test(u.text));
  if (candidates.length === 0) return '';
  const freq = new Map<string, number>();
  const tokens = candidates.map((u) => [...new Set(contentTokens(u.text))]);
  for (const ts of tokens) for (const t of ts) freq.set(t, (freq.get(t) ?? 0) + 1);
  const scored = candidates.map((u, i) => {
    const ts = tokens[i] ?? [];
    // Mean recurrence, damped for very short and very long sentences.
    let s = ts.reduce((acc, t) => acc + Math.log1p(freq.get(t) ?? 0), 0) / Math.max(8, ts.length);
    if (HEDGED.test(u.text)) s *= 0.6;
    s *= 0.8 ** fillerCount(u.text);
    if (SPECIFIC.test(u.text)) s *= 1.2;
    return { u, i, s, ts };
  });
  // Best first, skipping a sentence that mostly repeats one already taken.
  const picked: typeof scored = [];
  for (const c of scored.sort((a, b) => b.s - a.s || a.i - b.i)) {
    if (picked.some((p) => jaccard(p.ts, c.ts) >= 0.7)) continue;
    picked.push(c);
    if (picked.length >= max) break;
  }
  return picked
    .sort((a, b) => a.i - b.i)
    .map(({ u }) => withoutOpener(asProse(u)))
    .join(' ');
}

/**
 * 2-4 sentences of prose. `speakers` are the names a transcript may glue to its turns (the owner's among them),
 * taken off the front of a sentence.
 */
export function extractSummary(env: SourceEnvelope, raw: Unit[], speakers: readonly string[] = []): string {
  const units = env.kind === 'transcript' ? raw.map((u) => ({ ...u, text: withoutGluedName(u.text, speakers) })) : raw;
  const summary = env.kind === 'email' ? emailSummary(units) : conversationSummary(units);
  // A mail whose every line is quoted or short is an invitation or a notification: its title says it better.
  return summary !== '' || env.kind === 'email' ? summary : fallbackSummary(units, 3);
}
