/**
 * Long sources are split on turn (or message, or paragraph) boundaries with overlap, extracted part by part and
 * merged, so nothing past some fixed character count is ever silently dropped (the old system cut at 12,000).
 */

import type { ExtractionCore } from '../extract/schema.ts';
import { normaliseTaskText } from '../extract/task-id.ts';
import type { EmailMessage, SourceEnvelope } from '../ingest/envelope.ts';

/** ~7,500 o200k tokens of source per call: fits every provider's context with room for the answer. */
export const DEFAULT_CHUNK_CHARS = 30_000;
export const DEFAULT_OVERLAP_CHARS = 1_500;

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}

function addr(a: { name: string; email?: string }): string {
  return a.email && a.email !== a.name ? `${a.name} <${a.email}>` : a.name;
}

/** Whitespace-, case- and `>`-marker-insensitive form of one line, to tell whether a line was already shown. */
function lineKey(line: string): string {
  return line
    .replace(/^[\s>]+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * What the thread's text holds besides its messages' own bodies: the earlier messages quoted in the thread that the
 * export does not carry as messages (a forwarded chain, inline answers under a quoted question), each under its own
 * heading with sender and date. Evidence is checked against the whole text, so the model must see all of it.
 * Normally the part after the last message body; if a body cannot be found in the text (an adapter that reformats
 * bodies), every line no message shows, in order.
 */
export function unshownEmailText(env: SourceEnvelope): string {
  let pos = 0;
  let located = true;
  for (const m of env.messages) {
    const body = m.body.trim();
    if (!body) continue;
    const at = env.text.indexOf(body, pos);
    if (at < 0) {
      located = false;
      break;
    }
    pos = at + body.length;
  }
  if (located) return env.text.slice(pos).trim();
  const shown = new Set(env.messages.flatMap((m, i) => messageUnit(env, m, i).split('\n').map(lineKey)));
  return env.text
    .split('\n')
    .filter((l, i) => i > 0 && !shown.has(lineKey(l)))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The source as the model reads it, one unit per turn / message / paragraph. Speaker labels, timestamps and
 * headers are kept apart from the spoken or written words so that quotes of the words match the source text.
 */
export function renderUnits(env: SourceEnvelope): string[] {
  if (env.turns.length) {
    return env.turns.map((t) => `${t.start !== undefined ? `[${clock(t.start)}] ` : ''}${t.speaker}: ${t.text.trim()}`);
  }
  if (env.messages.length) {
    const units = env.messages.map((m, i) => messageUnit(env, m, i));
    const quoted = unshownEmailText(env);
    if (!quoted) return units;
    // One unit per quoted message (its heading starts it), so a long forwarded chain is cut between messages.
    const history = (/^#/.test(quoted) ? quoted : `--- quoted in the thread\n${quoted}`).split(/\n(?=#{1,6} )/);
    return [...units, ...history.map((u) => u.trim()).filter(Boolean)];
  }
  return env.text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function messageUnit(env: SourceEnvelope, m: EmailMessage, i: number): string {
  const head = [
    `--- message ${i + 1} of ${env.messages.length}`,
    `Date: ${m.date}`,
    `From: ${addr(m.from)}`,
    m.to.length ? `To: ${m.to.map(addr).join(', ')}` : null,
    m.cc.length ? `Cc: ${m.cc.map(addr).join(', ')}` : null,
    `Subject: ${m.subject}`,
    m.automated ? 'Note: automated sender' : null,
  ].filter((l): l is string => l !== null);
  return `${head.join('\n')}\n\n${m.body.trim()}`;
}

/** Splits one over-long unit at sentence, then line, then word boundaries; characters are never lost. */
export function splitLongUnit(unit: string, maxChars: number): string[] {
  if (unit.length <= maxChars) return [unit];
  const out: string[] = [];
  let rest = unit;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    let cut = Math.max(
      window.lastIndexOf('. '),
      window.lastIndexOf('? '),
      window.lastIndexOf('! '),
      window.lastIndexOf('\n'),
    );
    if (cut < maxChars / 2) cut = window.lastIndexOf(' ');
    if (cut <= 0) cut = maxChars - 1;
    out.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  if (rest) out.push(rest);
  return out;
}

export interface Chunk {
  index: number;
  count: number;
  text: string;
}

export function chunkUnits(
  units: readonly string[],
  maxChars = DEFAULT_CHUNK_CHARS,
  overlapChars = DEFAULT_OVERLAP_CHARS,
): string[][] {
  const pieces = units.flatMap((u) => splitLongUnit(u, maxChars));
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  let fresh = 0; // units in `current` that no earlier chunk has seen
  for (const p of pieces) {
    const add = p.length + 1;
    if (fresh > 0 && size + add > maxChars) {
      chunks.push(current);
      // Carry the tail of this chunk into the next one, so a task spoken across the cut is seen whole once.
      const tail: string[] = [];
      let tailSize = 0;
      for (let i = current.length - 1; i >= 0; i--) {
        const u = current[i] as string;
        if (tailSize + u.length + 1 > overlapChars || tailSize + u.length + 1 + add > maxChars) break;
        tail.unshift(u);
        tailSize += u.length + 1;
      }
      current = tail;
      size = tailSize;
      fresh = 0;
    }
    current.push(p);
    size += add;
    fresh++;
  }
  if (fresh > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

export function chunkSource(
  env: SourceEnvelope,
  maxChars = DEFAULT_CHUNK_CHARS,
  overlapChars = DEFAULT_OVERLAP_CHARS,
): Chunk[] {
  const groups = chunkUnits(renderUnits(env), maxChars, overlapChars);
  return groups.map((g, index) => ({ index, count: groups.length, text: g.join('\n') }));
}

// ---- merging the parts of one source ----

function numbers(t: Set<string>): string {
  return [...t]
    .filter((w) => /\d/.test(w))
    .sort()
    .join(' ');
}

/** What `similar` compares of a text, worked out once per item when many are compared. */
interface Keyed {
  norm: string;
  toks: Set<string>;
  nums: string;
}

function keyOf(text: string): Keyed {
  const norm = normaliseTaskText(text);
  const toks = new Set(norm.split(' ').filter(Boolean));
  return { norm, toks, nums: numbers(toks) };
}

const SIMILAR = 0.75;

function similarKeyed(a: Keyed, b: Keyed, threshold: number): boolean {
  if (a.norm === b.norm) return true;
  if (!a.toks.size || !b.toks.size) return false;
  if (a.nums !== b.nums) return false;
  let inter = 0;
  for (const t of a.toks) if (b.toks.has(t)) inter++;
  return inter / (a.toks.size + b.toks.size - inter) >= threshold;
}

/**
 * Token-set Jaccard: overlap repeats the same item in slightly different words. Items whose numbers differ
 * ("3 racks" / "30 racks", two dates) are never the same item.
 */
export function similar(a: string, b: string, threshold = SIMILAR): boolean {
  return similarKeyed(keyOf(a), keyOf(b), threshold);
}

/**
 * The parts' items, each said once. Only the overlap between parts repeats an item, so an item is merged into one
 * from another part only; two items of one part are two items, however alike their wording. `same` adds a condition
 * (tasks: the same owner, or one of them names none).
 */
function dedupe<T extends { text: string }>(
  parts: readonly T[][],
  fill: (kept: T, dup: T) => T = (k) => k,
  same: (a: T, b: T) => boolean = () => true,
): T[] {
  // A long source is hundreds of parts: comparing every item with every kept one is quadratic (200 parts took 32 s).
  // Prefix filtering finds the same pairs: two token sets with Jaccard >= t share a token among the first
  // |x| - ceil(t|x|) + 1 of each, taken rarest first, so only kept items indexed under those tokens (and with the
  // same numbers) are compared.
  // Items whose numbers differ are never similar: the index is kept per set of numbers.
  const keyed = parts.map((items) => items.map((item) => ({ item, key: keyOf(item.text) })));
  const freq = new Map<string, number>();
  for (const items of keyed) for (const k of items) for (const t of k.key.toks) freq.set(t, (freq.get(t) ?? 0) + 1);
  const out: { item: T; part: number; key: Keyed }[] = [];
  const byToken = new Map<string, number[]>();
  const byNorm = new Map<string, number[]>();
  const push = <K>(m: Map<K, number[]>, k: K, i: number) => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  keyed.forEach((items, part) => {
    for (const { item, key } of items) {
      const { norm, toks, nums } = key;
      const order = [...toks].sort((a, b) => (freq.get(a) ?? 0) - (freq.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
      const prefix = order.slice(0, order.length - Math.ceil(SIMILAR * order.length) + 1);
      const candidates = new Set<number>(byNorm.get(norm) ?? []);
      for (const t of prefix) for (const i of byToken.get(`${nums}|${t}`) ?? []) candidates.add(i);
      let i = -1;
      for (const c of [...candidates].sort((a, b) => a - b)) {
        const k = out[c] as (typeof out)[number];
        if (k.part !== part && similarKeyed(k.key, key, SIMILAR) && same(k.item, item)) {
          i = c;
          break;
        }
      }
      if (i >= 0) {
        const k = out[i] as (typeof out)[number];
        out[i] = { item: fill(k.item, item), part: k.part, key: k.key };
        continue;
      }
      const at = out.push({ item, part, key }) - 1;
      push(byNorm, norm, at);
      for (const t of prefix) push(byToken, `${nums}|${t}`, at);
    }
  });
  return out.map((k) => k.item);
}

function unnamed(owner: string | null): boolean {
  return !owner?.trim() || /^tbd$/i.test(owner.trim());
}

function sameOwner(a: { owner: string | null }, b: { owner: string | null }): boolean {
  return unnamed(a.owner) || unnamed(b.owner) || a.owner?.trim().toLowerCase() === b.owner?.trim().toLowerCase();
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const URGENCY_RANK = { urgent: 0, normal: 1, low: 2 } as const;

export function mergeExtractions(parts: readonly ExtractionCore[]): ExtractionCore {
  const first = parts[0];
  if (!first) throw new Error('mergeExtractions: no parts');
  if (parts.length === 1) return first;
  const replies = parts.map((p) => p.reply).filter((r) => r !== null);
  const needed = replies.filter((r) => r.needed);
  return {
    title: first.title,
    date: parts.find((p) => p.date)?.date ?? null,
    summary: parts
      .map((p) => p.summary.trim())
      .filter(Boolean)
      .join(' '),
    participants: uniqueBy(
      parts.flatMap((p) => p.participants),
      (p) => (p.email ?? p.name).toLowerCase(),
    ),
    tasks: dedupe(
      parts.map((p) => p.tasks),
      (k, d) => ({
        ...k,
        owner: unnamed(k.owner) && !unnamed(d.owner) ? d.owner : k.owner,
        due: k.due ?? d.due,
        priority: k.priority ?? d.priority,
      }),
      sameOwner,
    ),
    decisions: dedupe(parts.map((p) => p.decisions)),
    facts: dedupe(
      parts.map((p) => p.facts),
      (k, d) => ({ ...k, about: k.about ?? d.about, date: k.date ?? d.date }),
    ),
    topics: uniqueBy(
      parts.flatMap((p) => p.topics),
      (t) => t.toLowerCase().trim(),
    ),
    mentions: uniqueBy(
      parts.flatMap((p) => p.mentions),
      (m) => `${m.kind}:${m.name.toLowerCase()}`,
    ),
    reply: replies.length
      ? {
          needed: needed.length > 0,
          urgency:
            [...(needed.length ? needed : replies)].sort((a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency])[0]
              ?.urgency ?? 'normal',
          reasons: uniqueBy(
            replies.flatMap((r) => r.reasons),
            (r) => r.toLowerCase(),
          ),
        }
      : null,
    meetings: uniqueBy(
      parts.flatMap((p) => p.meetings),
      (m) => `${m.title.toLowerCase()}|${m.start}`,
    ),
  };
}
