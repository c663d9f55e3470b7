/**
 * Reply triage: should Distill draft a reply to this email, how urgently, and to whom. The old system drafted a reply
 * to every email, including the owner's own mail, no-reply senders, calendar responses and expert-network
 * solicitations; every rule below exists to make one of those impossible, and every decision carries the
 * human-readable reasons behind it.
 *
 * The rule, in order:
 * 1. there is a newest message, and it is from someone other than the owner;
 * 2. the sender is a person writing to a person: not flagged automated by the adapter, not a no-reply/notification
 *    address (`isAutomatedSender`), not matched by `drafts.skip_senders`, not a calendar response, not a notification,
 *    newsletter or mailing-list message (unsubscribe footers, alert templates);
 * 3. it is no solicitation (an expert network's "paid consultation", cold sales outreach) unless
 *    `drafts.solicitations` is on;
 * 4. the owner owes a reply: the one decision the extractor also makes (src/core/reply.ts): someone asked the owner
 *    something that is still open. Signatures and legal disclaimers are never asks.
 */

import { isOwnerAddress } from '../core/owner.ts';
import { REQUEST } from '../core/reply.ts';
import { ownerOwesReplyFor } from '../extract/offline/reply.ts';
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
  /** Phrases that ask the reader to do or answer something (the reply decision's own list, for the outline). */
  request: RegExp;
  /** Senders whose mail is an expert network's solicitation, whatever it says. */
  solicitationSender: RegExp;
  /** Text that marks an expert network's or a cold seller's solicitation. */
  solicitationBody: RegExp;
}

export const DEFAULT_TRIAGE_RULES: TriageRules = {
  calendarSubject:
    /^\s*(?:accepted|declined|tentative(?:ly accepted)?|updated invitation|invitation|canceled event|cancelled event|new event|meeting (?:request|cancel(?:l)?ed))\s*(?:with note)?\s*:/i,
  notificationSubject:
    /\b(?:loss alert|win alert|closed (?:won|lost) alert|opportunity alert|newsletter|weekly digest|daily digest|your receipt|order confirmation|your order|shipping confirmation|delivery status notification)\b/i,
  notificationBody:
    /you are receiving this (?:e-?mail|message|notification)|to stop receiving these|unsubscribe|do not reply to this|this is an automated|this (?:e-?mail|message) was (?:sent|generated) automatically|view (?:it )?in (?:your )?browser|manage (?:your )?(?:email )?preferences|communicationtemplatesemail/i,
  request: REQUEST,
  solicitationSender:
    /@(?:[\w-]+\.)*(?:alphasights|glgroup|glginsights|guidepoint|guidepointglobal|thirdbridge|tegus|colemanrg|dialecticanet|atheneum-partners|capvision|inex-one|nexus-expertnetwork|proseeder|techspert|arbolus|stream-dns)\.[a-z.]+$/i,
  solicitationBody:
    /\b(?:expert[- ]networks?|(?:paid|compensated) (?:consultations?|consulting|calls?|engagements?|projects?|surveys?)|(?:compensat(?:e|ed|ion)|paid|honorarium) for your time|honorarium|your hourly rate|(?:consultation|consulting) (?:project|request|opportunity)|alphasights|gerson lehrman|guidepoint|third bridge|tegus|coleman research|dialectica|atheneum|your profile was recommended|came across your (?:linkedin )?profile|(?:book|schedule) a (?:quick )?(?:demo|discovery call)|(?:15|20|30)[- ]minute (?:intro|call|chat) to (?:show|introduce|discuss how))\b|\bGLG\b/i,
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

/**
 * An expert network (by its address or its words: "paid consultation", "expert network", GLG, AlphaSights…) or a
 * cold sales pitch from outside the owner's thread: answering is optional, so there is no draft by default.
 */
function solicitationReason(newest: EmailMessage, own: string, rules: TriageRules): string | null {
  if (newest.from.email && rules.solicitationSender.test(newest.from.email))
    return `${label(newest.from)} writes for an expert network`;
  const words = rules.solicitationBody.exec(own);
  if (!words) return null;
  return `a solicitation ("${words[0]}")`;
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
  _ex: Extraction,
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
  const solicitation = solicitationReason(newest, own, rules);
  if (solicitation && !config.drafts.solicitations)
    return no([`${solicitation}: no draft unless drafts.solicitations is on`]);
  if (!newest.from.email) return no([`no address is known for ${newest.from.name}`]);

  // Whether a reply is owed is the extractor's decision too, so a draft and the note's "reply needed" agree.
  const owed = ownerOwesReplyFor(env, config);
  if (!owed?.needed) return no(owed?.reasons ?? ['nothing asked of you is open']);
  const reasons = [`${label(newest.from)} wrote last`, ...owed.reasons];
  if (owed.asked[0]) reasons.push(`it asks: "${clip(owed.asked[0], 100)}"`);
  if (solicitation) reasons.push(`${solicitation}, drafted because drafts.solicitations is on`);
  const to: Address = { name: newest.from.name, email: newest.from.email };
  return { needed: true, urgency: owed.urgency, reasons, to, cc: replyCc(env, newest, to, config) };
}
