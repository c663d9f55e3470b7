import { createHash } from 'node:crypto';

/** CRLF and bare CR (Apple Mail exports use CR alone) become LF; a BOM is dropped. */
export function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * The content hash behind `source_id`: over the normalised text with whitespace runs folded, so the same thread
 * exported twice (CR vs LF, trailing spaces, NBSPs) gets the same id.
 */
export function sourceIdOf(normalisedText: string): string {
  const folded = normalisedText.replace(/[\s\u00a0]+/g, ' ').trim();
  return createHash('sha256').update(folded).digest('hex');
}
