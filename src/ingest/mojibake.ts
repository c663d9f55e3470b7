/**
 * Repair of UTF-8 text that was once decoded as windows-1252 or MacRoman (`Microsoftâ€™s`, `üìÖ`, `Kar√©n`).
 * There is no ftfy for Node, so this is the approach verified in dependencies.md §13: take each run of non-ASCII
 * characters, turn it back into the bytes the wrong decoder saw, and keep the result only when those bytes are
 * valid UTF-8, shorter, and decode to characters people actually write. Anything else is left alone, so clean
 * text (`naïve café — ok`) never changes.
 */
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Non-ASCII runs, allowing one ASCII character inside (a garbled sequence can straddle a space or digit). */
const RUN = /[\u{80}-\u{10FFFF}]+(?:[ -~]?[\u{80}-\u{10FFFF}]+)*/gu;

/**
 * What the wrong decoders typically leave behind: UTF-8 lead bytes as cp1252 (`Ã`, `Â`, `â€`, `ðŸ`) or as MacRoman
 * (`√`, `‚Ä`, `‚è`, `üì`). A trigger only: `fixMojibake` still proves each repair byte by byte.
 */
const MARKERS = /Ã.|Â[\u00a0-\u00bf]|â€|ðŸ|üì|üé|‚Ä|‚è|√[^\s\w]/;

export function hasMojibake(text: string): boolean {
  return MARKERS.test(text);
}

type Enc = 'win1252' | 'macintosh';

/** Bytes iconv-lite leaves unmapped: cp1252's C1 gaps, and MacRoman 0xF0 (the Apple logo, U+F8FF). */
function extraByte(enc: Enc, cp: number): number {
  if (enc === 'win1252') return cp >= 0x80 && cp <= 0x9f ? cp : -1;
  return cp === 0xf8ff || cp === 0xfffd ? 0xf0 : -1;
}

function toBytes(run: string, enc: Enc): Uint8Array | null {
  const out: number[] = [];
  for (const ch of run) {
    // cp1252's five undefined bytes all collapse to U+FFFD: the original byte is lost.
    if (ch === '\uFFFD' && enc === 'win1252') return null;
    const extra = extraByte(enc, ch.codePointAt(0) ?? 0);
    if (extra >= 0) {
      out.push(extra);
      continue;
    }
    const b = iconv.encode(ch, enc);
    const b0 = b[0] ?? -1;
    if (b.length === 1 && (b0 !== 0x3f || ch === '?')) out.push(b0);
    else return null;
  }
  // Emoji start with 0xF0, which MacRoman shows as a private-use character that is often dropped in transit.
  if (enc === 'macintosh' && out[0] === 0x9f) out.unshift(0xf0);
  return Uint8Array.from(out);
}

/**
 * Scripts and symbol blocks real mail contains. A repair that lands elsewhere (`Ü—` would decode to a Syriac
 * letter) is a coincidence of clean text, not mojibake.
 */
function plausible(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const ok =
      c < 0x80 ||
      (c >= 0xa0 && c <= 0x17f) ||
      (c >= 0x370 && c <= 0x3ff) ||
      (c >= 0x400 && c <= 0x4ff) ||
      (c >= 0x5d0 && c <= 0x5ea) ||
      (c >= 0x1e00 && c <= 0x1eff) ||
      (c >= 0x2000 && c <= 0x2bff) ||
      (c >= 0x3000 && c <= 0x30ff) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af) ||
      (c >= 0xfe00 && c <= 0xfe0f) ||
      (c >= 0x1f000 && c <= 0x1faff);
    if (!ok) return false;
  }
  return true;
}

function decodeAs(run: string): string | null {
  for (const enc of ['win1252', 'macintosh'] as const) {
    const bytes = toBytes(run, enc);
    if (!bytes) continue;
    try {
      const s = utf8.decode(bytes);
      if (s.length < run.length && plausible(s)) return s;
    } catch {
      // not UTF-8 under this reading
    }
  }
  return null;
}

function fixRun(run: string): string {
  const whole = decodeAs(run);
  if (whole !== null) return whole;
  // A run can join a garbled word and a clean one across a one-character gap: try the pieces on their own.
  const pieces = run.split(/([\x20-\x7E])/);
  if (pieces.length === 1) return run;
  return pieces.map((p) => (/^[\x20-\x7E]?$/.test(p) ? p : (decodeAs(p) ?? p))).join('');
}

export function fixMojibake(text: string): string {
  return text.replace(RUN, fixRun);
}
