/**
 * The offline reply outline: the facts a reply has to deal with, pulled from the newest message without a model, so
 * the user starts from what was actually asked. It is an outline, never presented as a draft: it invents no prose.
 */
import { ownerNames } from '../core/owner.ts';
import { DISCLAIMER } from '../core/reply.ts';
import * as chrono from '../extract/chrono.ts';
import type { Extraction } from '../extract/schema.ts';
import type { EmailMessage } from '../ingest/envelope.ts';
import type { Config } from '../vault/config.ts';
import { DEFAULT_TRIAGE_RULES, ownText } from './triage.ts';

export interface MentionedDate {
  /** The words as written ("Monday Jan 5, 2026 at 2pm MST"). */
  text: string;
  /** YYYY-MM-DD, plus the weekday, so the reply can state it exactly. */
  date: string;
  weekday: string;
  /** HH:MM with the offset the message gave, when it gave a time. */
  time: string | null;
}

export interface ReplyOutline {
  questions: string[];
  requests: string[];
  /** Tasks the extraction gives the owner from this source: what the sender wants the owner to commit to. */
  commitments: string[];
  dates: MentionedDate[];
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.?!])\s+|\n+/)
    .map((s) =>
      s
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^(?:[-*•]|\d+[.)])\s+/, ''),
    )
    .filter((s) => s.length > 3 && !/^https?:\/\/\S+$/.test(s));
}

/** A message date as the reference instant for relative dates ("Friday"); naive times are read as UTC. */
export function messageInstant(date: string | null | undefined): Date | null {
  if (!date) return null;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? `${date}T12:00:00Z`
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(date)
      ? date
      : `${date}Z`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function mentionedDates(text: string, reference: Date | null): MentionedDate[] {
  const ref = reference ?? new Date();
  const out: MentionedDate[] = [];
  for (const r of chrono.parse(text, ref, { forwardDate: true })) {
    // Bare times and weekday-less fragments ("at 5") are too weak to state as a fact.
    if (!r.start.isCertain('day') && !r.start.isCertain('weekday')) continue;
    // "now" is the moment of writing, not a date the reply has to address.
    if (/^(?:right )?now$/i.test(r.text.trim())) continue;
    const year = r.start.get('year');
    const month = r.start.get('month');
    const day = r.start.get('day');
    if (year === null || month === null || day === null) continue;
    const date = `${year}-${pad(month)}-${pad(day)}`;
    const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
    let time: string | null = null;
    if (r.start.isCertain('hour')) {
      const offset = r.start.get('timezoneOffset');
      const tz =
        offset === null
          ? ''
          : ` (UTC${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)})`;
      time = `${pad(r.start.get('hour') ?? 0)}:${pad(r.start.get('minute') ?? 0)}${tz}`;
    }
    if (!out.some((d) => d.text === r.text)) out.push({ text: r.text, date, weekday, time });
  }
  return out;
}

export function replyOutline(newest: EmailMessage, ex: Extraction, config: Config): ReplyOutline {
  const own = ownText(newest.body);
  const all = sentences(own);
  // A legal footer's "please notify the sender" is no request to answer.
  const said = all.filter((s) => !DISCLAIMER.test(s));
  const questions = said.filter((s) => s.endsWith('?'));
  const requests = said.filter((s) => !s.endsWith('?') && DEFAULT_TRIAGE_RULES.request.test(s));
  const mine = new Set(ownerNames(config));
  const commitments = ex.tasks
    .filter(
      (t) => t.status !== 'done' && t.status !== 'rejected' && t.owner !== null && mine.has(t.owner.toLowerCase()),
    )
    .map((t) => (t.due ? `${t.text} (due ${t.due})` : t.text));
  return { questions, requests, commitments, dates: mentionedDates(own, messageInstant(newest.date)) };
}

export function formatDate(d: MentionedDate): string {
  return `"${d.text}" = ${d.weekday} ${d.date}${d.time ? ` ${d.time}` : ''}`;
}
