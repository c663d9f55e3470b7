/**
 * The file-name grammar of the inputs (old-system.md §3.2–3.4), read without guessing:
 * - MacWhisper: `2025-12-15 16 10 - Google GDC RFP.md`, `2025-12-19 09:50 - New Recording.md`
 * - Apple Mail export: `2026-01-01_152322_4183_Q4-bookings-to-date-in-context.md` (date, HHMMSS, random 4 digits, slug)
 * - compact: `20251028 1008 Parallels Transcription`
 * - legacy: `2025-10-29 - <summary>.md`, `2025-10 - Jeff Denworth.md` (month only: no day is invented)
 * - anything else: the name itself, slugs turned back into words.
 * The old system kept the minutes in the title (`10 - Google GDC RFP`) and dated undated names with the
 * processing day; neither happens here.
 */

export interface SourceFileName {
  /** YYYY-MM-DD, or null when the name carries no full date. */
  date: string | null;
  /** HH:MM or HH:MM:SS when the name carries a time. */
  time: string | null;
  title: string;
  /** YYYY-MM when the name gives only a month. */
  month?: string;
  /** The title is an app-window or recorder default (`New Recording`, `Google Chrome`) and says nothing. */
  placeholder: boolean;
  warnings: string[];
}

const EXTENSION = /\.(?:md|markdown|txt|vtt|srt|eml|mbox)$/i;

/**
 * MacWhisper names a recording after the foreground window, so these titles describe the recorder, not the meeting.
 * Matched on the whole title (a trailing counter like `New Recording 3` allowed).
 */
const PLACEHOLDER_TITLES =
  /^(?:new recording|recording|untitled(?: recording| document| note)?|audio recording|voice memo|new voice memo|google chrome|chrome|safari|firefox|microsoft edge|arc|zoom|zoom meeting|zoom workplace|zoom\.us|microsoft teams|teams|microsoft teams meeting|webex|cisco webex meetings|google meet|meet|facetime|slack|slack huddle|parallels transcription|transcription|transcript|macwhisper|meeting|call)(?:[\s_-]*\(?\d+\)?)?$/i;

export function isPlaceholderTitle(title: string): boolean {
  const t = title.replace(/\s+/g, ' ').trim();
  return t === '' || PLACEHOLDER_TITLES.test(t);
}

function validDate(y: string, m: string, d: string): string | null {
  const yi = Number(y);
  const mi = Number(m);
  const di = Number(d);
  if (yi < 1990 || yi > 2100 || mi < 1 || mi > 12 || di < 1) return null;
  const last = new Date(Date.UTC(yi, mi, 0)).getUTCDate();
  if (di > last) return null;
  return `${y}-${m}-${d}`;
}

function validTime(h: string, m: string, s?: string): string | null {
  if (Number(h) > 23 || Number(m) > 59 || (s !== undefined && Number(s) > 59)) return null;
  return s === undefined ? `${h.padStart(2, '0')}:${m}` : `${h.padStart(2, '0')}:${m}:${s}`;
}

/** `Q4-bookings-to-date` -> `Q4 bookings to date`; a name with spaces keeps its hyphens (`Re: A-B deal`). */
export function titleFromSlug(name: string): string {
  const spaced = name.includes(' ') ? name.replace(/_/g, ' ') : name.replace(/[_-]+/g, ' ');
  return spaced.replace(/\s+/g, ' ').trim();
}

/** Separator between the date/time prefix and the title: ` - `, ` — `, `_`, or plain space. */
const SEP = String.raw`(?:\s*[-–—]\s*|_|\s+|$)`;

const EMAIL_EXPORT = /^(\d{4})-(\d{2})-(\d{2})_(\d{2})(\d{2})(\d{2})_\d{4}_(.*)$/;
const DASHED = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[ T_](\d{1,2})(?:[ :.h](\d{2})|(\d{2}))(?:[ :.](\d{2}))?(?=\s*[-–—_]|\s|$))?${SEP}(.*)$`,
);
const COMPACT = new RegExp(
  String.raw`^(\d{4})(\d{2})(\d{2})(?:[ _T-](\d{2})(\d{2})(\d{2})?(?=\s|[-–—_]|$))?${SEP}(.*)$`,
);
const MONTH_ONLY = new RegExp(String.raw`^(\d{4})-(\d{2})(?!-?\d)${SEP}(.*)$`);

function finish(
  date: string | null,
  time: string | null,
  rawTitle: string,
  warnings: string[],
  month?: string,
): SourceFileName {
  let rest = rawTitle.trim();
  // Legacy archives prefixed a processing date to an already dated name: `2026-01-04 - 2025-10 - Pricing Tasks`.
  const inner = /^(\d{4}-\d{2}(?:-\d{2})?)\s*[-–—]\s+(.*)$/.exec(rest);
  if (inner?.[1] && inner[2]) {
    warnings.push(`file name carries a second date "${inner[1]}" after the first; kept the first`);
    rest = inner[2];
  }
  // The archiver appended `_HHMMSS` to avoid overwriting a same-named file.
  rest = rest.replace(/_\d{6}$/, '');
  const title = titleFromSlug(rest);
  const placeholder = isPlaceholderTitle(title);
  return month === undefined
    ? { date, time, title, placeholder, warnings }
    : { date, time, title, month, placeholder, warnings };
}

/**
 * Words a phrase does not end on: a title or timeline gist that does was cut short by whatever wrote it. The doctor
 * flags such lines; `repairCutTitle` trims them.
 */
export const DANGLING_WORDS: ReadonlySet<string> = new Set(
  'a an the and or but of to in on for with from by at as is are was that which their his her its our your vs'.split(
    ' ',
  ),
);

/**
 * A file-name title another tool cut at a length limit ("…failover approaches on GCP (alias IPs, rou"): drop the
 * part word cut short (when `text` shows the title going on mid-word), an unclosed bracket, trailing punctuation and
 * a dangling connector, so the note's title and every timeline line built from it read as whole phrases.
 */
export function repairCutTitle(title: string, text = ''): string {
  let t = title.trim();
  if (text && t.length >= 20) {
    const at = text.indexOf(t);
    if (at >= 0 && /^[\p{L}\p{N}]/u.test(text.slice(at + t.length))) t = t.replace(/[\p{L}\p{N}'’-]+$/u, '');
  }
  for (let prev = ''; prev !== t; ) {
    prev = t;
    const opens = [...t.matchAll(/[([{]/g)].length;
    const closes = [...t.matchAll(/[)\]}]/g)].length;
    if (opens > closes) t = t.slice(0, Math.max(t.lastIndexOf('('), t.lastIndexOf('['), t.lastIndexOf('{')));
    t = t.replace(/[\s,;:\-–—/&]+$/, '');
    const last = /\s([\p{L}']+)$/u.exec(t);
    if (last?.[1] && DANGLING_WORDS.has(last[1].toLowerCase())) t = t.slice(0, last.index);
  }
  return t === '' ? title.trim() : t;
}

export function parseSourceFileName(file: string): SourceFileName {
  const base = (file.split(/[\\/]/).pop() ?? file).replace(EXTENSION, '').trim();
  const warnings: string[] = [];

  const email = EMAIL_EXPORT.exec(base);
  if (email) {
    const [, y, mo, d, h, mi, s, slug] = email as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const date = validDate(y, mo, d);
    if (date) return finish(date, validTime(h, mi, s), slug, warnings);
  }

  const dashed = DASHED.exec(base);
  if (dashed) {
    const [, y, mo, d, h, mi1, mi2, s, rest] = dashed;
    const date = validDate(y!, mo!, d!);
    if (date) {
      const mi = mi1 ?? mi2;
      const time = h !== undefined && mi !== undefined ? validTime(h, mi, s) : null;
      return finish(date, time, rest ?? '', warnings);
    }
  }

  const compact = COMPACT.exec(base);
  if (compact) {
    const [, y, mo, d, h, mi, s, rest] = compact;
    const date = validDate(y!, mo!, d!);
    if (date) {
      const time = h !== undefined && mi !== undefined ? validTime(h, mi, s) : null;
      return finish(date, time, rest ?? '', warnings);
    }
  }

  const month = MONTH_ONLY.exec(base);
  if (month) {
    const [, y, mo, rest] = month;
    if (Number(mo) >= 1 && Number(mo) <= 12) {
      warnings.push(`file name gives only a month (${y}-${mo}): no day assumed`);
      return finish(null, null, rest ?? '', warnings, `${y}-${mo}`);
    }
  }

  return finish(null, null, base, warnings);
}
