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
import { parseEml } from './eml.ts';
import { IngestError, type SourceEnvelope } from './envelope.ts';
import { parseMbox } from './mbox.ts';
import { fixMojibake, hasMojibake } from './mojibake.ts';
import { normaliseNewlines } from './normalise.ts';
import { parseSubtitles } from './subtitles.ts';
import { looksLikeTranscript, parseTranscript } from './transcript.ts';

export const MAX_SOURCE_BYTES = 25 * 1024 * 1024;

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
    throw new IngestError(display, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!info.isFile()) throw new IngestError(display, 'not a regular file');
  if (info.size === 0) throw new IngestError(display, 'empty file');
  if (info.size > max) {
    throw new IngestError(
      display,
      `file too large (${(info.size / 1048576).toFixed(1)} MB > ${max / 1048576} MB limit)`,
    );
  }
  const bytes = await readFile(file);
  const ext = path.extname(file).toLowerCase();
  const mtime = info.mtime;

  if (ext === '.eml') return [await parseEml(bytes, display)];
  if (ext === '.mbox') return parseMbox(bytes, display);
  if (isBinary(bytes)) throw new IngestError(display, 'binary file (not text, .eml or .mbox)');

  const decoded = decodeText(bytes);
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
