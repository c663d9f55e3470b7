/**
 * Size limits on what a model sends back, applied before anything parses, stores or renders it. A model answer is
 * untrusted data: a 20 MB answer, a name with a NUL or ESC in it, or a 300-byte "name" must not hang the run, break a
 * file name or be cached and so come back on every later run.
 *
 * - the HTTP answer is read through `cappedFetch`: past `MAX_ANSWER_BYTES` the call fails (not retried) before the
 *   SDK parses a byte of it;
 * - `boundCore` cleans a parsed extraction: control characters out of every string, names over `MAX_NAME_CHARS`
 *   (or 255 UTF-8 bytes) dropped, long texts cut, long lists shortened;
 * - `approxTokens` counts tokens in time linear in the text (the tokenizer is quadratic in the length of one run of
 *   characters without a space).
 */
import { createRequire } from 'node:module';
import type { ExtractionCore } from '../extract/schema.ts';

// The o200k tables take most of a second to load: required on the first count (an LLM call), not at start-up.
let tokenizer: typeof import('gpt-tokenizer/encoding/o200k_base') | undefined;
function countTokens(text: string): number {
  tokenizer ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as NonNullable<typeof tokenizer>;
  return tokenizer.countTokens(text);
}

/**
 * The largest HTTP answer body read from a provider. An extraction is at most 16,000 output tokens (~64K
 * characters, twice that JSON-escaped inside a provider's envelope), so 2 MB is far above any real answer.
 */
export const MAX_ANSWER_BYTES = 2 * 1024 * 1024;
/** A cached answer larger than this on disk is a miss (it could only come from before the cap). */
export const MAX_CACHE_FILE_BYTES = 4 * 1024 * 1024;
/** Names of people, accounts, projects (and task owners): a longer "name" is not a name. */
export const MAX_NAME_CHARS = 120;
const MAX_NAME_BYTES = 255;
export const MAX_TITLE_CHARS = 200;
export const MAX_SUMMARY_CHARS = 4_000;
export const MAX_ITEM_CHARS = 1_000;
export const MAX_EVIDENCE_CHARS = 2_000;
export const MAX_ITEMS = 300;

/** The provider's answer was larger than `MAX_ANSWER_BYTES`: not retried, the source falls back. */
export class AnswerTooLargeError extends Error {
  override name = 'AnswerTooLargeError';
  constructor(readonly limit: number) {
    super(`answer too large (over ${Math.round(limit / 1024)} KB): discarded unread`);
  }
}

type FetchFn = typeof globalThis.fetch;

/** A fetch whose response body is read whole, but never past `maxBytes`: a longer answer throws instead. */
export function cappedFetch(inner: FetchFn, maxBytes = MAX_ANSWER_BYTES): FetchFn {
  return async (input, init) => {
    const res = await inner(input, init);
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new AnswerTooLargeError(maxBytes);
    }
    if (!res.body) return res;
    const reader = res.body.getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new AnswerTooLargeError(maxBytes);
      }
      parts.push(value);
    }
    const headers = new Headers(res.headers);
    // The body handed on is the decoded bytes: no length or encoding of the wire form applies to it.
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(Buffer.concat(parts), { status: res.status, statusText: res.statusText, headers });
  };
}

/** A run of non-space characters longer than this is counted in pieces (the tokenizer is quadratic in it). */
const MAX_RUN = 256;
const SPACE = /\s/;

function isSpace(code: number, ch: string): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return SPACE.test(ch);
}

/**
 * o200k token count, linear in the length of the text; a long run without spaces may count a few tokens more.
 * The runs are found by a scan, not a regular expression: `\S{257,}` overflowed the stack on a run of a few MB.
 */
export function approxTokens(text: string): number {
  let n = 0;
  let last = 0;
  let runStart = -1;
  const flush = (end: number) => {
    if (runStart < 0) return;
    if (end - runStart > MAX_RUN) {
      if (runStart > last) n += countTokens(text.slice(last, runStart));
      for (let i = runStart; i < end; i += MAX_RUN) n += countTokens(text.slice(i, Math.min(i + MAX_RUN, end)));
      last = end;
    }
    runStart = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code, text[i] as string)) flush(i);
    else if (runStart < 0) runStart = i;
  }
  flush(text.length);
  return last < text.length ? n + countTokens(text.slice(last)) : n;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed here.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufff9-\ufffb]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, for one-line strings (newlines and tabs too).
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufff9-\ufffb]+/g;

/** Text without control characters (newlines and tabs kept), cut at `max` characters on a code-point boundary. */
export function boundText(text: string, max: number): string {
  const clean = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const out = clean.replace(CONTROL, '');
  return out.length > max ? cutAt(out, max) : out;
}

/** One line: control characters and line breaks become spaces, runs of spaces one, cut at `max`. */
export function boundLine(text: string, max: number): string {
  const clean = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const out = clean.replace(CONTROL_LINE, ' ').replace(/\s+/g, ' ').trim();
  return out.length > max ? cutAt(out, max).trim() : out;
}

function cutAt(text: string, max: number): string {
  let end = max;
  // Do not split a surrogate pair.
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end);
}

/** A usable entity name, or null: one line, no control characters, not over 120 characters or 255 bytes. */
export function boundName(name: string | null | undefined): string | null {
  if (typeof name !== 'string') return null;
  if (name.length > MAX_NAME_CHARS * 4) return null;
  const clean = name.replace(CONTROL_LINE, ' ').replace(/\s+/g, ' ').trim();
  if (!clean || clean.length > MAX_NAME_CHARS || Buffer.byteLength(clean, 'utf8') > MAX_NAME_BYTES) return null;
  return clean;
}

function first<T>(items: readonly T[]): T[] {
  return items.length > MAX_ITEMS ? items.slice(0, MAX_ITEMS) : [...items];
}

/**
 * A model's extraction with every string bounded: what is cached and what the rest of the pipeline sees. Names that
 * are not names (too long, empty after cleaning) are dropped: a participant or mention goes, an owner or a fact's
 * subject becomes null. Pure and idempotent.
 */
export function boundCore(core: ExtractionCore): ExtractionCore {
  const item = (t: string) => boundLine(t, MAX_ITEM_CHARS);
  const evidence = (t: string) => boundText(t, MAX_EVIDENCE_CHARS);
  return {
    title: boundLine(core.title, MAX_TITLE_CHARS) || '(untitled)',
    date: core.date,
    summary: boundText(core.summary, MAX_SUMMARY_CHARS),
    participants: first(core.participants).flatMap((p) => {
      const name = boundName(p.name);
      return name ? [{ name, email: boundName(p.email) }] : [];
    }),
    tasks: first(core.tasks)
      .map((t) => ({ ...t, text: item(t.text), owner: boundName(t.owner), evidence: evidence(t.evidence) }))
      .filter((t) => t.text !== '' && t.evidence.trim() !== ''),
    decisions: first(core.decisions)
      .map((d) => ({ ...d, text: item(d.text), evidence: evidence(d.evidence) }))
      .filter((d) => d.text !== '' && d.evidence.trim() !== ''),
    facts: first(core.facts)
      .map((f) => ({ ...f, text: item(f.text), about: boundName(f.about), evidence: evidence(f.evidence) }))
      .filter((f) => f.text !== '' && f.evidence.trim() !== ''),
    topics: first(core.topics)
      .map((t) => boundName(t))
      .filter((t): t is string => t !== null),
    mentions: first(core.mentions).flatMap((m) => {
      const name = boundName(m.name);
      return name ? [{ kind: m.kind, name, email: boundName(m.email) }] : [];
    }),
    reply: core.reply
      ? {
          needed: core.reply.needed,
          urgency: core.reply.urgency,
          reasons: first(core.reply.reasons)
            .map((r) => boundLine(r, MAX_ITEM_CHARS))
            .filter(Boolean),
        }
      : null,
    meetings: first(core.meetings)
      .map((m) => ({
        ...m,
        title: boundLine(m.title, MAX_TITLE_CHARS),
        start: boundLine(m.start, 64),
        end: m.end === null ? null : boundLine(m.end, 64),
        attendees: first(m.attendees)
          .map((a) => boundName(a))
          .filter((a): a is string => a !== null),
        evidence: evidence(m.evidence),
      }))
      .filter((m) => m.title !== '' && m.evidence.trim() !== ''),
  };
}
