/**
 * Adapter dispatch: reads one file, refuses what cannot be a source (empty, binary, too large) with a one-line
 * reason, decodes bytes, and hands the text to the adapter for its format. Every adapter returns envelopes; an mbox
 * returns one envelope per thread.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parseDocument } from './document.ts';
import { looksLikeEmailMarkdown, parseEmailMarkdown } from './email-md.ts';
import { IngestError, type SourceEnvelope } from './envelope.ts';
import { fixMojibake, hasMojibake } from './mojibake.ts';
import { normaliseNewlines } from './normalise.ts';
import { parseSubtitles } from './subtitles.ts';
import { looksLikeTranscript, parseTranscript } from './transcript.ts';

export const MAX_SOURCE_BYTES = 25 * 1024 * 1024;

/**
 * The file is gone (removed mid-run) or may not be read (EACCES): nothing to archive or queue. The run reports it
 * and leaves it where it is; `code` is the system error code.
 */
export class UnreadableFileError extends IngestError {
  constructor(
    file: string,
    readonly code: string,
  ) {
    super(file, `cannot read: ${code}`);
  }
}

function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message ?? 'error';
}

export interface IngestOptions {
  /** Path recorded in the envelope (vault-relative when the file is in a vault); defaults to the given path. */
  displayPath?: string;
  maxBytes?: number;
}

/** Decode bytes as UTF-8; if that fails, as windows-1252 (via iconv-lite: Node 20's TextDecoder gets 0x80-0x9F wrong). */
export function decodeText(bytes: Buffer): { text: string; warnings: string[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), warnings: [] };
  } catch {
    return { text: iconv.decode(bytes, 'win1252'), warnings: ['not valid UTF-8: decoded as windows-1252'] };
  }
}

/**
 * UTF-16 text (Windows tools write it: Notepad "Unicode", PowerShell, some caption exporters): by its byte-order
 * mark, or without one when nearly every other byte of the start is zero on one side only. Null when not UTF-16.
 */
export function utf16Of(bytes: Buffer): 'utf16le' | 'utf16be' | null {
  let guess: 'utf16le' | 'utf16be' | null = null;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) guess = 'utf16le';
  else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) guess = 'utf16be';
  else {
    const n = Math.min(bytes.length, 4096) & ~1;
    // Too short to tell from the pattern alone: a few bytes of binary look like anything.
    if (n < 32) return null;
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) evenZero++;
      if (bytes[i + 1] === 0) oddZero++;
    }
    const pairs = n / 2;
    if (oddZero / pairs > 0.6 && evenZero / pairs < 0.05) guess = 'utf16le';
    else if (evenZero / pairs > 0.6 && oddZero / pairs < 0.05) guess = 'utf16be';
  }
  if (!guess) return null;
  // Text, once decoded: almost no control characters (binary that happens to start with FF FE is not).
  const head = decodeUtf16(bytes.subarray(0, 8192), guess);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c < 0xa0) || c === 0xfffd) control++;
  }
  return head.length > 0 && control / head.length <= 0.01 ? guess : null;
}

/** UTF-16 bytes as text (the byte-order mark dropped; an odd last byte ignored). */
export function decodeUtf16(bytes: Buffer, encoding: 'utf16le' | 'utf16be'): string {
  const even = bytes.subarray(0, bytes.length & ~1);
  const le = encoding === 'utf16le' ? even : Buffer.from(even).swap16();
  return le.toString('utf16le').replace(/^\uFEFF/, '');
}

function isBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return true;
  let control = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) control++;
  return head.length > 0 && control / head.length > 0.1;
}

/** Text-level adapters share this: newline normalisation and (only where markers show it) mojibake repair. */
export function prepareText(raw: string): { text: string; warnings: string[] } {
  let text = normaliseNewlines(raw);
  const warnings: string[] = [];
  if (hasMojibake(text)) {
    const fixed = fixMojibake(text);
    if (fixed !== text) {
      text = fixed;
      warnings.push('repaired mojibake (UTF-8 read as cp1252/MacRoman)');
    }
  }
  return { text, warnings };
}

export async function ingestFile(file: string, opts: IngestOptions = {}): Promise<SourceEnvelope[]> {
  const display = opts.displayPath ?? file;
  const max = opts.maxBytes ?? MAX_SOURCE_BYTES;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (e) {
    throw new UnreadableFileError(display, codeOf(e));
  }
  if (!info.isFile()) throw new IngestError(display, 'not a regular file');
  if (info.size === 0) throw new IngestError(display, 'empty file');
  if (info.size > max) {
    throw new IngestError(
      display,
      `file too large (${(info.size / 1048576).toFixed(1)} MB > ${max / 1048576} MB limit)`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new UnreadableFileError(display, codeOf(e));
  }
  const ext = path.extname(file).toLowerCase();
  const mtime = info.mtime;

  // The MIME stack (mailparser, turndown, mbox-reader) loads only for the files that need it: most inboxes are
  // exported markdown, and a start-up that pays for it on every `distill extract` is a tenth of a second slower.
  if (ext === '.eml') return [await (await import('./eml.ts')).parseEml(bytes, display)];
  if (ext === '.mbox') return (await import('./mbox.ts')).parseMbox(bytes, display);
  const utf16 = utf16Of(bytes);
  if (!utf16 && isBinary(bytes)) throw new IngestError(display, 'binary file (not text, .eml or .mbox)');

  const decoded = utf16
    ? { text: decodeUtf16(bytes, utf16), warnings: [`decoded as ${utf16 === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'}`] }
    : decodeText(bytes);
  const { text, warnings } = prepareText(decoded.text);
  if (text.trim() === '') throw new IngestError(display, 'empty file (only whitespace)');
  const extra = [...decoded.warnings, ...warnings];
  const withWarnings = (envs: SourceEnvelope[]) => envs.map((e) => ({ ...e, warnings: [...extra, ...e.warnings] }));

  if (ext === '.vtt' || ext === '.srt')
    return withWarnings([parseSubtitles(text, display, ext === '.vtt' ? 'vtt' : 'srt', mtime)]);
  if (ext !== '.md' && ext !== '.txt' && ext !== '.markdown') {
    throw new IngestError(
      display,
      `unsupported file type "${ext || '(none)'}" (expected .md, .txt, .eml, .mbox, .vtt, .srt)`,
    );
  }
  if (looksLikeEmailMarkdown(text)) return withWarnings([parseEmailMarkdown(text, display)]);
  if (looksLikeTranscript(text, display)) return withWarnings([parseTranscript(text, display, mtime)]);
  return withWarnings([parseDocument(text, display, mtime)]);
}

export type { SourceEnvelope };
export { IngestError };
