/**
 * JSON text for Distill's large state files (the ledger, entity states, run records), written so that it costs one
 * byte per character in memory. V8 keeps a string of Latin-1 characters at one byte each and any other string at
 * two: one curly quote or emoji in a 10 MB entity state doubled it, and with it every copy a run holds (read, written,
 * recorded). Characters above U+00FF are written as `\uXXXX` escapes, which JSON readers turn back into the same
 * characters, so the data is unchanged; the file on disk stays plain ASCII and Latin-1.
 */
const WIDE = /[\u0100-\uffff]/;
const WIDE_ALL = /[\u0100-\uffff]/g;

const asEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function oneByteJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  if (!WIDE.test(text)) return text;
  // `replace` builds its result from the two-byte original, so it would stay two-byte: a Latin-1 round trip makes it
  // a one-byte string (every character is now below U+0100).
  return Buffer.from(text.replace(WIDE_ALL, asEscape), 'latin1').toString('latin1');
}
