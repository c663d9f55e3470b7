/**
 * Due dates: chrono-node reads the date phrase inside the task sentence relative to the message's own timestamp
 * (never the run day). chrono ignores IANA zone names, so the result is read from its components, which are the
 * wall-clock date the writer meant ("by Wednesday 12/24 5:00pm PT" -> 2025-12-24 whatever the process TZ).
 */
import * as chrono from '../chrono.ts';

export function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Phrases that name a moment without naming a day ("now", "today" at the message's own time) are not deadlines. */
const NOT_A_DEADLINE =
  /^(now|right now|today at|tonight|this (morning|afternoon|evening)|\d{1,2}(:\d{2})?\s*(am|pm)?)$/i;

/** A date phrase must name a day: chrono also reads durations ("an hour") and bare times as today. */
const NAMES_A_DAY =
  /\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d|\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)|\d{1,2}\/\d{1,2}|\d{4}-\d{2}-\d{2}|\b(tomorrow|today|tonight|next week|this week|end of (the )?(week|month|day)|eod|eow)\b/i;

/**
 * Every phrase NAMES_A_DAY accepts holds one of these (a weekday's or a month's first letters, a d/d or ISO date,
 * "today", "week"…), so a sentence with none has no date phrase worth reading, and chrono (which tries all its
 * parsers on every sentence) is not asked: most sentences of a source, a fact's figures included, name no day.
 */
const MAY_NAME_A_DAY =
  /mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d\/\d|\d{4}-\d\d-\d\d|today|tomorrow|tonight|week|end of|eod|eow/i;

/** Words before a date phrase that make it a deadline or the day of the action. */
const DEADLINE_CUE = /\b(by|before|until|till|due|no later than|on|next|this|eod|end of|tomorrow|within|in|for)\s*$/i;

/** "if you don't hear (back) from me by", "if we haven't received it by": a deadline for what follows the silence. */
const NO_WORD_BY =
  /\b(?:if|unless)\b[^,.;]*\b(?:don't|do not|doesn't|does not|haven't|have not|hasn't|has not|didn't|did not)\s+(?:hear|heard|get|got|receive|received|see|seen)\b[^,.;]*\bby\s*$/i;

export interface DueDate {
  date: string;
  /** The date phrase as it appears in the sentence. */
  phrase: string;
}

/**
 * The first date phrase in `sentence` that reads as a day, as YYYY-MM-DD, or null. `ref` is the message's wall
 * clock (see sentences.ts `wallClock`); without it nothing relative can be resolved, so nothing is returned.
 */
export function dueDate(sentence: string, ref: Date | null): DueDate | null {
  if (!ref) return null;
  const period = periodEnd(sentence, ref);
  const results = MAY_NAME_A_DAY.test(sentence) ? chrono.parse(sentence, ref, { forwardDate: true }) : [];
  for (const [i, r] of results.entries()) {
    if (period && period.index <= r.index) break;
    const text = r.text.trim();
    if (NOT_A_DEADLINE.test(text)) continue;
    const s = r.start;
    if (!NAMES_A_DAY.test(text)) continue;
    const before = sentence.slice(0, r.index);
    // "If we need to be in place by February 1st…": a date inside a condition is no one's deadline; but "follow up if
    // you don't hear from me by Friday" is: the day the silence runs out is the day of the follow-up.
    if (/\b(?:if|unless|whether|in case)\b[^,.;]*$/i.test(before) && !NO_WORD_BY.test(before)) continue;
    const selfCued = /^(tomorrow|next|this|end of|eod|by|on)\b/i.test(text);
    if (!selfCued && !DEADLINE_CUE.test(before) && !s.isCertain('month')) continue;
    const year = s.get('year');
    const month = s.get('month');
    const day = s.get('day');
    if (year === null || month === null || day === null) continue;
    return latestAlternative(sentence, results.slice(i), { date: isoDay(year, month, day), phrase: r.text });
  }
  return period ? { date: period.date, phrase: period.phrase } : null;
}

/**
 * "today (or tomorrow if…)", "by Monday or Tuesday", "by Thursday, Friday": of days offered as alternatives, the
 * deadline is the latest one the sentence allows.
 */
function latestAlternative(sentence: string, results: chrono.ParsedResult[], first: DueDate): DueDate {
  let best = first;
  for (let j = 1; j < results.length; j++) {
    const prev = results[j - 1] as chrono.ParsedResult;
    const next = results[j] as chrono.ParsedResult;
    const between = sentence.slice(prev.index + prev.text.length, next.index);
    // "by Wednesday or Thursday", "by Thursday, Friday": the next day follows at once, after "or" or a comma
    if (!/^[\s,(]*(?:or\s*)?$/i.test(between) || !NAMES_A_DAY.test(next.text)) break;
    const [y, m, d] = [next.start.get('year'), next.start.get('month'), next.start.get('day')];
    if (y === null || m === null || d === null) break;
    const date = isoDay(y, m, d);
    if (date > best.date) best = { date, phrase: next.text };
  }
  return best;
}

/**
 * Deadlines that name a period, read as its last working day: chrono reads "this week" as tomorrow and "end of the
 * week" as next Monday, and does not know "EOD" or "EOW" at all.
 */
const PERIODS: { re: RegExp; end: (ref: Date) => Date }[] = [
  { re: /\b(?:end of (?:the |this )?(?:business )?day|eod|cob|close of business)\b/i, end: (ref) => ref },
  { re: /\b(?:end of (?:the |this )?week|eow|this week)\b/i, end: (ref) => addDays(ref, (5 - ref.getDay() + 7) % 7) },
  { re: /\bnext week\b/i, end: (ref) => addDays(ref, ((5 - ref.getDay() + 7) % 7) + 7) },
  {
    re: /\b(?:end of (?:the |this )?month|eom)\b/i,
    end: (ref) => new Date(ref.getFullYear(), ref.getMonth() + 1, 0),
  },
];

function addDays(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
}

function periodEnd(sentence: string, ref: Date): { date: string; phrase: string; index: number } | null {
  let best: { date: string; phrase: string; index: number } | null = null;
  for (const p of PERIODS) {
    const m = p.re.exec(sentence);
    if (!m || (best && best.index <= m.index)) continue;
    const d = p.end(ref);
    best = { date: isoDay(d.getFullYear(), d.getMonth() + 1, d.getDate()), phrase: m[0], index: m.index };
  }
  return best;
}

/** Any concrete date mentioned in a sentence (facts carry it), resolved against the source's timestamp. */
export function mentionedDate(sentence: string, ref: Date | null): string | null {
  if (!ref || !MAY_NAME_A_DAY.test(sentence)) return null;
  for (const r of chrono.parse(sentence, ref)) {
    const s = r.start;
    if (!NAMES_A_DAY.test(r.text)) continue;
    const year = s.get('year');
    const month = s.get('month');
    const day = s.get('day');
    if (year !== null && month !== null && day !== null) return isoDay(year, month, day);
  }
  return null;
}
