/**
 * The extractor's side of the one reply decision (src/core/reply.ts): it reads the thread out of the envelope (the
 * exported messages and the ones only quoted) and supplies the extractor's sentence splitter and deadline reader.
 * The outputs' triage asks the same question through `ownerOwesReply`, so a draft is written exactly when the
 * extraction says a reply is owed.
 */

import type { HasOwner } from '../../core/owner.ts';
import { type ReplyDecision, type ReplyThread, replyOwed, type ThreadMessage } from '../../core/reply.ts';
import { quotedMessagesOf } from '../../ingest/email-common.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { looksLikeNonPerson } from '../../ingest/names.ts';
import { type OwnerMatcher, ownerMatcher } from '../participants.ts';
import type { Reply } from '../schema.ts';
import { dueDate } from './due-dates.ts';
import { splitSentences, wallClock } from './sentences.ts';

export { vocative } from '../../core/reply.ts';

const reading = {
  sentences: splitSentences,
  deadline: (sentence: string, writtenAt: string | null) => dueDate(sentence, wallClock(writtenAt))?.date ?? null,
  isGroupName: looksLikeNonPerson,
};

function looseTime(date: string | null | undefined): number | null {
  if (!date) return null;
  const t = Date.parse(
    date
      .replace(/[\u202f\u00a0]/g, ' ')
      .replace(/\bat\b/gi, ' ')
      .replace(/^[A-Za-z]+,\s*/, '')
      .replace(/\s+/g, ' '),
  );
  return Number.isNaN(t) ? null : t;
}

/**
 * Every message of the thread in order: the exported ones by their dates, a quoted one by the date its quoter wrote
 * (a clock in the quoter's time zone, so only roughly comparable) but always before the newest exported message,
 * which it must precede since some exported message quotes it; an undated quote before them all.
 */
export function replyThread(env: SourceEnvelope): ReplyThread {
  const own = env.messages.map((m, i) => {
    const said: ThreadMessage = {
      from: m.from,
      body: m.body,
      automated: m.automated === true,
      to: m.to,
      cc: m.cc,
      date: m.date,
    };
    // An unreadable date keeps the export's order.
    return { said, key: looseTime(m.date) ?? i };
  });
  const newest = Math.max(...own.map((o) => o.key));
  const quoted = quotedMessagesOf(env)
    .filter((q) => q.body.trim() !== '')
    .map((q) => {
      const t = looseTime(q.date);
      const said: ThreadMessage = {
        from: q.from,
        body: q.body,
        automated: false,
        to: q.to,
        cc: q.cc,
        date: q.date ?? null,
      };
      return { said, key: t === null ? Number.NEGATIVE_INFINITY : Math.min(t, newest - 1) };
    });
  const timeline = [...quoted, ...own].sort((a, b) => a.key - b.key).map((x) => x.said);
  const last = own.at(-1)?.said;
  return { timeline, newest: last };
}

/** The decision with the open asks it found; null for anything but an email thread. */
export function ownerOwesReply(
  env: SourceEnvelope,
  isOwner: OwnerMatcher,
  ownerFirst: string | null,
): ReplyDecision | null {
  if (env.kind !== 'email') return null;
  return replyOwed(replyThread(env), isOwner, ownerFirst, reading);
}

export function extractReply(env: SourceEnvelope, isOwner: OwnerMatcher, ownerFirst: string | null): Reply | null {
  const d = ownerOwesReply(env, isOwner, ownerFirst);
  return d && { needed: d.needed, urgency: d.urgency, reasons: d.reasons };
}

/** The first name the owner goes by (`jason` for "Jason Vallery"), as the extractor reads vocatives. */
export function ownerFirstName(config: HasOwner): string | null {
  const name = config.owner.name;
  return name && name.toLowerCase() !== 'myself' ? (name.split(/\s+/)[0]?.toLowerCase() ?? null) : null;
}

/** The decision for a vault's owner: what the triage asks before it drafts. */
export function ownerOwesReplyFor(env: SourceEnvelope, config: HasOwner): ReplyDecision | null {
  return ownerOwesReply(env, ownerMatcher(config), ownerFirstName(config));
}
