/**
 * Reply triage: does this email need an answer from the owner, how urgently, and to whom. The old system drafted a
 * reply to every email, including the owner's own mail, no-reply senders and calendar responses; every rule below
 * exists to make one of those impossible, and every decision carries the human-readable reasons behind it.
 *
 * The rule, in order:
 * 1. there is a newest message, and it is from someone other than the owner;
 * 2. the sender is a person: not flagged automated by the adapter, not a no-reply/notification address
 *    (`isAutomatedSender`), not matched by `drafts.skip_senders`, not a calendar response, not a notification or
 *    mailing-list message (unsubscribe footers, alert templates);
 * 3. the owner is addressed: in To/Cc, or named in the newest message (`@jason`, "Hi Jason"), or, when the export
 *    carries no recipients (Apple Mail markdown), on the thread (a participant, or a quoted message of theirs) and the
 *    newest message does not greet somebody else;
 * 4. it asks something or expects an answer: a question, a request addressed to the reader, or the extractor's
 *    `reply.needed`.
 */

import { isOwnerAddress, ownerFirstNames } from '../core/owner.ts';
import type { Extraction, Urgency } from '../extract/schema.ts';
import type { Address, EmailMessage, SourceEnvelope } from '../ingest/envelope.ts';
import { isAutomatedSender } from '../ingest/names.ts';
import type { Config } from '../vault/config.ts';

export interface TriageRules {
  /** Subjects of calendar responses and invitations: the calendar answers these, not a reply. */
  calendarSubject: RegExp;
  /**
   * Subjects of alerts and notifications a system sends in a person's name (the Salesforce Loss Alert comes from the
   * opportunity owner's own address). Kept to template phrases: a colleague's "Re: invoice for PO 12" is a thread.
   */
  notificationSubject: RegExp;
  /** Body text that marks a bulk, list or system message. */
  notificationBody: RegExp;
  /** Phrases that ask the reader to do or answer something. */
  request: RegExp;
  /** Words in the newest message's own text that make a reply urgent. */
  urgent: RegExp;
  /** Words in the subject that make a reply urgent (narrower: subjects like "EoD update" name a report, not a deadline). */
  urgentSubject: RegExp;
  /** Phrases that say no answer is expected. */
  noReply: RegExp;
}

export const DEFAULT_TRIAGE_RULES: TriageRules = {
  calendarSubject:
    /^\s*(?:accepted|declined|tentative(?:ly accepted)?|updated invitation|invitation|canceled event|cancelled event|new event|meeting (?:request|cancel(?:l)?ed))\s*(?:with note)?\s*:/i,
  notificationSubject:
    /\b(?:loss alert|win alert|closed (?:won|lost) alert|opportunity alert|newsletter|weekly digest|daily digest|your receipt|order confirmation|your order|shipping confirmation|delivery status notification)\b/i,
  notificationBody:
    /you are receiving this (?:e-?mail|message|notification)|to stop receiving these|unsubscribe|do not reply to this|this is an automated|this (?:e-?mail|message) was (?:sent|generated) automatically|view (?:it )?in (?:your )?browser|manage (?:your )?(?:email )?preferences|communicationtemplatesemail/i,
  request:
    /\b(?:can you|could you|would you|will you|can we|could we|please|let me know|let us know|your thoughts|what do you think|thoughts\?|need your|waiting (?:for|on) your|chime in|take it with|follow up with|get back to|weigh in|your (?:input|feedback|help|view|take))\b/i,
  urgent:
    /\b(?:urgent(?:ly)?|asap|as soon as possible|immediately|eod|end of (?:the )?day|today|tonight|critical|blocker|blocking|escalat\w*|red flare|deadline|must[- ]have)\b/i,
  urgentSubject: /\b(?:urgent|asap|escalat\w*|red flare|action required|time[- ]sensitive)\b/i,
  noReply:
    /\b(?:no (?:need to|reply|response) (?:needed|required|necessary)|fyi only|no action (?:needed|required))\b/i,
};

export interface TriageResult {
  needed: boolean;
  urgency: Urgency;
  reasons: string[];
  /** The last external sender of the newest message: whom the reply goes to. */
  to: Address | null;
  /** The other people on the newest message (reply-all), never the owner or an automated address. */
  cc: Address[];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message's own text: quoted history and everything after an attribution line are not the newest message. */
export function ownText(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const l = line.replace(/^\s*>\s?/, '');
    if (/^\s*On .{4,200} wrote:\s*$/.test(l) || /^-{3,}\s*Original Message\s*-{3,}/i.test(l) || /^From:\s.*@/.test(l))
      break;
    out.push(l);
  }
  return out.join('\n').trim();
}

function matchesSkipPattern(sender: Address, patterns: string[]): string | null {
  const hay = `${sender.name} <${sender.email ?? ''}>`.toLowerCase();
  for (const p of patterns) {
    const re = /^\/(.+)\/([a-z]*)$/.exec(p);
    if (re) {
      try {
        if (new RegExp(re[1]!, re[2]!.includes('i') ? re[2] : `${re[2]}i`).test(hay)) return p;
      } catch {
        // An invalid pattern in the config is treated as a plain substring rather than stopping the run.
        if (hay.includes(p.toLowerCase())) return p;
      }
    } else if (p && hay.includes(p.toLowerCase())) return p;
  }
  return null;
}

function sameAddress(a: Address, b: Address): boolean {
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  return a.name.toLowerCase() === b.name.toLowerCase();
}

function automatedReason(m: EmailMessage, config: Config, rules: TriageRules, text: string): string | null {
  if (m.automated) return `${label(m.from)} is an automated sender (no-reply or list headers)`;
  if (isAutomatedSender(m.from.email ?? '', m.from.name)) return `${label(m.from)} is a no-reply/notification address`;
  const skip = matchesSkipPattern(m.from, config.drafts.skip_senders);
  if (skip) return `${label(m.from)} matches drafts.skip_senders "${skip}"`;
  if (rules.calendarSubject.test(m.subject))
    return `"${m.subject.slice(0, 60)}" is a calendar response, answered by the calendar`;
  if (rules.notificationSubject.test(m.subject)) return `"${m.subject.slice(0, 60)}" is a system alert/notification`;
  const footer = rules.notificationBody.exec(text);
  if (footer) return `the message is a notification or list mail ("${footer[0]}")`;
  return null;
}

export function label(a: Address): string {
  return a.email ? `${a.name || a.email} <${a.email}>` : a.name;
}

/** The greeting of a message ("Ray,", "Hi Noa,", "Hey Karl"), lower-cased, or null. */
function greetedName(text: string): string | null {
  const first =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  const m =
    /^(?:(?:hi|hey|hello|dear|morning|good (?:morning|afternoon|evening))\s+)?([A-Z][\p{L}'-]+)(?:\s*(?:\/|and|&)\s*[A-Z][\p{L}'-]+)*\s*[,—-]\s*$/u.exec(
      first,
    );
  if (m) return m[1]!.toLowerCase();
  const hi = /^(?:hi|hey|hello|dear)\s+([A-Z][\p{L}'-]+)/u.exec(first);
  return hi ? hi[1]!.toLowerCase() : null;
}

function addressedReason(
  env: SourceEnvelope,
  newest: EmailMessage,
  own: string,
  config: Config,
): { addressed: boolean; reason: string; ccOnly: boolean } {
  if (newest.to.some((a) => isOwnerAddress(a, config)))
    return { addressed: true, reason: 'you are in To', ccOnly: false };
  const firsts = ownerFirstNames(config);
  const fullNames = [config.owner.name, ...config.owner.aliases].filter((n) => n && n.toLowerCase() !== 'myself');
  const mention = [...firsts, ...fullNames.map((n) => n.toLowerCase())].find((n) =>
    new RegExp(`(?:@|\\b(?:hi|hey|hello|dear)\\s+)${escapeRe(n)}\\b`, 'i').test(own),
  );
  if (mention)
    return { addressed: true, reason: `the newest message addresses you by name ("${mention}")`, ccOnly: false };
  if (newest.cc.some((a) => isOwnerAddress(a, config)))
    return { addressed: true, reason: 'you are in Cc', ccOnly: true };
  if (newest.to.length > 0 || newest.cc.length > 0) {
    return { addressed: false, reason: 'you are not among the recipients of the newest message', ccOnly: false };
  }
  // The markdown exports carry no recipients: fall back to the thread, unless the message greets someone else.
  const greeted = greetedName(own);
  if (greeted && !firsts.includes(greeted)) {
    return { addressed: false, reason: `the newest message is addressed to "${greeted}", not to you`, ccOnly: false };
  }
  const onThread = env.participants.some(
    (p) => isOwnerAddress(p, config) && p.roles.some((r) => r === 'from' || r === 'to' || r === 'cc'),
  );
  if (onThread)
    return { addressed: true, reason: 'you are on the thread (no recipient list in the export)', ccOnly: false };
  const quoted = [...config.owner.emails, ...fullNames].find((n) =>
    new RegExp(`${escapeRe(n)}>?\\s*wrote:`, 'i').test(env.text),
  );
  if (quoted) return { addressed: true, reason: 'the thread quotes a message you wrote', ccOnly: false };
  return { addressed: false, reason: 'nothing shows the newest message is addressed to you', ccOnly: false };
}

function asksReason(own: string, ex: Extraction, rules: TriageRules): string | null {
  const question = own
    .split(/(?<=[.?!])\s+|\n+/)
    .map((s) => s.trim())
    .find((s) => s.endsWith('?') && !/^https?:\/\//.test(s) && s.length > 3);
  if (question) return `it asks: "${clip(question, 100)}"`;
  const request = rules.request.exec(own);
  if (request) return `it asks you to act ("${request[0]}")`;
  if (ex.reply?.needed)
    return `the extractor judged a reply needed${ex.reply.reasons.length ? ` (${ex.reply.reasons.join('; ')})` : ''}`;
  return null;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).replace(/\s+\S*$/, '')}…`;
}

function replyCc(env: SourceEnvelope, newest: EmailMessage, to: Address, config: Config): Address[] {
  const listed = [...newest.to, ...newest.cc];
  const pool: Address[] =
    listed.length > 0
      ? listed
      : env.messages
          .map((m) => m.from)
          .concat(
            env.participants
              .filter((p) => p.email)
              .map((p) => ({ name: p.name, ...(p.email ? { email: p.email } : {}) })),
          );
  const out: Address[] = [];
  for (const a of pool) {
    if (!a.email || isOwnerAddress(a, config) || sameAddress(a, to) || isAutomatedSender(a.email, a.name)) continue;
    if (matchesSkipPattern(a, config.drafts.skip_senders)) continue;
    if (!out.some((b) => sameAddress(a, b))) out.push(a);
  }
  return out;
}

export function triageReply(
  env: SourceEnvelope,
  ex: Extraction,
  config: Config,
  rules: TriageRules = DEFAULT_TRIAGE_RULES,
): TriageResult {
  const no = (reasons: string[]): TriageResult => ({ needed: false, urgency: 'low', reasons, to: null, cc: [] });
  if (env.kind !== 'email' || env.messages.length === 0) return no(['not an email thread']);
  if (!config.drafts.enabled) return no(['drafts are disabled (drafts.enabled: false)']);
  const newest = env.messages[env.messages.length - 1]!;
  if (isOwnerAddress(newest.from, config)) return no(['the newest message is from you']);
  const own = ownText(newest.body);
  const automated = automatedReason(newest, config, rules, `${own}\n${newest.body}`);
  if (automated) return no([automated]);
  if (!newest.from.email) return no([`no address is known for ${newest.from.name}`]);

  const addressed = addressedReason(env, newest, own, config);
  if (!addressed.addressed) return no([addressed.reason]);
  const noReply = rules.noReply.exec(own);
  if (noReply) return no([addressed.reason, `the sender says no answer is expected ("${noReply[0]}")`]);
  const asks = asksReason(own, ex, rules);
  if (!asks) return no([addressed.reason, 'it neither asks a question nor requests anything']);

  const reasons = [`${label(newest.from)} wrote last`, addressed.reason, asks];
  let urgency: Urgency = 'normal';
  const urgent = rules.urgentSubject.exec(newest.subject) ?? rules.urgent.exec(own);
  if (ex.reply?.urgency === 'urgent') {
    urgency = 'urgent';
    reasons.push('the extractor marked it urgent');
  } else if (urgent) {
    urgency = 'urgent';
    reasons.push(`urgent: "${urgent[0]}"`);
  } else if (addressed.ccOnly || ex.reply?.urgency === 'low') {
    urgency = 'low';
    reasons.push(addressed.ccOnly ? 'low: you are only in Cc' : 'the extractor marked it low urgency');
  }
  const to: Address = { name: newest.from.name, email: newest.from.email };
  return { needed: true, urgency, reasons, to, cc: replyCc(env, newest, to, config) };
}
