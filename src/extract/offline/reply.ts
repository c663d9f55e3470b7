/**
 * Does the newest message need an answer from the owner? Only when someone else wrote it, it is for the owner
 * (addressed, named, or a two-person thread), and it asks or requests something. Urgency comes from the words used
 * and how soon a stated deadline falls; the outputs stage applies its own triage on top.
 */
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import type { Reply } from '../schema.ts';
import { dueDate } from './due-dates.ts';
import type { OwnerMatcher } from './participants.ts';
import { splitSentences, stripSignature, wallClock } from './sentences.ts';

const REQUEST =
  /\b(can you|could you|would you|will you|please|let me know|thoughts\?|any update|do you have|are you able|need you to|what do you think|when (?:is|are|can|will)|is it (?:still )?the case)\b/i;
const URGENT = /\b(urgent(ly)?|asap|immediately|right away|critical|blocker|escalat\w*|today|eod|end of (the )?day)\b/i;
const LOW = /\b(fyi|no rush|no need to reply|for your information|when you get a chance)\b/i;

export function extractReply(env: SourceEnvelope, isOwner: OwnerMatcher, ownerFirst: string | null): Reply | null {
  if (env.kind !== 'email') return null;
  const last = env.messages[env.messages.length - 1];
  if (!last) return { needed: false, urgency: 'low', reasons: ['no messages'] };
  if (isOwner(last.from.name, last.from.email))
    return { needed: false, urgency: 'low', reasons: ['the newest message is your own'] };
  if (last.automated) return { needed: false, urgency: 'low', reasons: ['the newest message is automated'] };

  const body = stripSignature(last.body);
  const sentences = splitSentences(body);
  const reasons: string[] = [];
  const toOwner = [...last.to, ...last.cc].some((a) => isOwner(a.name, a.email));
  const named = ownerFirst !== null && new RegExp(`(^|[\\s@,])${ownerFirst}\\b`, 'i').test(body);
  const people = new Set(env.participants.map((p) => (p.email ?? p.name).toLowerCase()));
  const twoPerson = people.size <= 2 && env.participants.some((p) => isOwner(p.name, p.email));
  if (toOwner) reasons.push('addressed to you');
  if (named) reasons.push('mentions you by name');
  if (twoPerson && !toOwner) reasons.push('a thread between you and the sender');
  const forOwner = toOwner || named || twoPerson;
  if (!forOwner) reasons.push('not addressed to you');
  const asks = sentences.filter((s) => /\?\s*$/.test(s) || REQUEST.test(s));
  if (asks.length > 0) reasons.push(asks.some((s) => /\?\s*$/.test(s)) ? 'asks a question' : 'makes a request');
  const needed = forOwner && asks.length > 0;

  let urgency: Reply['urgency'] = 'normal';
  const ref = wallClock(last.date);
  const due = asks.map((s) => dueDate(s, ref)).find((d) => d !== null);
  if (URGENT.test(body)) {
    urgency = 'urgent';
    reasons.push(`urgent wording ("${URGENT.exec(body)?.[0]}")`);
  } else if (due && ref) {
    const days =
      (Date.parse(`${due.date}T00:00:00Z`) - Date.UTC(ref.getFullYear(), ref.getMonth(), ref.getDate())) / 86_400_000;
    if (days <= 2) {
      urgency = 'urgent';
      reasons.push(`deadline ${due.date} is within two days`);
    } else reasons.push(`deadline ${due.date}`);
  } else if (LOW.test(body) || !needed) {
    urgency = 'low';
  }
  if (!needed && reasons.length === 0) reasons.push('nothing asked of you');
  return { needed, urgency, reasons };
}
