/**
 * Does the owner owe this thread a written reply? The one decision the offline extractor (`reply` in the
 * extraction) and the outputs' triage (whether to draft one) share, so they cannot disagree.
 *
 * True when someone asked the owner something, or is waiting on them, after the owner's last message in the thread
 * (exported or quoted), and the ask is still open. Who a sentence is for is read from how the writer addresses people:
 * a greeting or vocative ("Jason, I have no way…", "@Chris & @jason.vallery, please share…", "Hi all"), else the
 * thread's shape (a one-correspondent thread, a reply to the owner, a thread the owner started, the owner on the To
 * line); a message whose recipients are known and do not include the owner asks nothing of them. An ask to several
 * people is settled when another of them answers after it, except a roll call ("let me know if you are in") that each
 * must answer. Asks to attend a call, conditional offers ("ping me if you'd like"), signatures and legal disclaimers
 * ("if you have received this in error, please notify the sender") are not asks. Urgency comes from the words used
 * and how soon a stated deadline falls; only in Cc, it is low.
 *
 * Pure: the caller reads the thread (exported and quoted messages, in order) and supplies the sentence splitter and
 * the deadline reader the extractor uses, so this module needs nothing above core.
 */
import { isSentenceOpener } from './names.ts';
import type { OwnerMatcher } from './owner.ts';

export type ReplyUrgency = 'urgent' | 'normal' | 'low';

export interface ReplyAddress {
  name: string;
  email?: string | undefined;
}

/** One message of the thread as the decision reads it. */
export interface ThreadMessage {
  from: ReplyAddress | undefined;
  to: ReplyAddress[];
  cc: ReplyAddress[];
  body: string;
  /** Sent by a system (no-reply, list headers): it asks nothing of anyone. */
  automated: boolean;
  /** ISO date-time as the source gives it (`2025-12-22T10:00:00`, with or without offset), or null. */
  date: string | null;
}

export interface ReplyReading {
  /** The sentences of a message body. */
  sentences: (text: string) => string[];
  /** The deadline (ISO day) a sentence states, relative to the date it was written, or null. */
  deadline: (sentence: string, writtenAt: string | null) => string | null;
  /** A greeting's name that names a team, list or organisation rather than a person ("Hi IHDF Board,"). */
  isGroupName: (name: string) => boolean;
}

export interface ReplyDecision {
  needed: boolean;
  urgency: ReplyUrgency;
  /** Why, in words a reader can check against the thread. */
  reasons: string[];
  /** The open asks of the owner, as written. */
  asked: string[];
}

export interface ReplyThread {
  /** Every message, oldest first: quoted ones (whose dates are only roughly comparable) before the exported ones. */
  timeline: ThreadMessage[];
  /** The newest exported message: the one a reply would answer. */
  newest: ThreadMessage | undefined;
}

/** Legal and confidentiality footers: their "please notify the sender" is boilerplate, not an ask. */
export const DISCLAIMER =
  /\b(?:(?:is|are|be|contains?|contain information that is) (?:strictly )?(?:confidential|privileged)|intended (?:only |solely )?for (?:the )?(?:use of )?(?:the )?(?:named |individual |intended )?(?:recipient|addressee)|received this (?:e-?mail|message|communication|transmission)(?: message)? in error|unauthori[sz]ed (?:review|use|disclosure|copying|distribution)|(?:notify|inform) the sender|delete (?:this|the) (?:e-?mail|message)|privacy (?:policy|notice)|unsubscribe|before printing)\b/i;

/** Words that ask the reader to do or answer something; the outline lists the sentences that use them. */
export const REQUEST =
  /\b(can you|could you|would you|will you|please|pls|let me know|thoughts\?|any update|do you have|are you able|need you to|need your|what do you think|when (?:is|are|can|will)|is it (?:still )?the case|looking for your|(?:would )?appreciate your|you(?:['’]ll| will) (?:have|need) to|you need to|waiting (?:on|for) (?:you|your)|your (?:guidance|input|feedback|thoughts|advice|help|approval|call|decision)|advise)\b/i;
const URGENT = /\b(urgent(ly)?|asap|immediately|right away|critical|blocker|escalat\w*|today|eod|end of (the )?day)\b/i;
const LOW = /\b(fyi|no rush|no need to reply|for your information|when you get a chance)\b/i;
/** The writer says no answer is expected. */
const NO_REPLY =
  /\b(?:no (?:need to|reply|response) (?:needed|required|necessary)|no need to (?:reply|respond)|fyi only|no action (?:needed|required))\b/i;
/** Offers and pleasantries phrased as asks: nothing is owed. */
const NOT_AN_ASK =
  /\b(?:if you(?:['’]d| would)? like|if (?:needed|necessary|interested|helpful)|no need to|if you have any (?:questions|concerns)|let me know if (?:you have|there are) any (?:questions|concerns))\b/i;
/** An offer clause inside an ask ("… or feel free to schedule some time"): what is left must ask on its own. */
const OFFER = /(?:[,;]?\s*(?:or|and)\s+)?\bfeel free\b[^.?!]*/gi;
/** An ask to come to a call or meeting is answered by coming, not by writing. */
const ATTEND = /\b(?:attend|join|dial in(?:to)?|be on)\b[^.?!]*\b(?:call|meeting|session|sync|zoom|teams|webex)\b/i;
/** A roll call: every recipient answers for themselves, so others' answers do not settle it. */
const ROLL_CALL =
  /\b(?:let (?:me|us) know|tell me|reply|respond|confirm)\b[^.?!]*\bif you(?:'re| are)? (?:in|out|coming|available|able to|can (?:make|come|join|attend))\b|\b(?:are you|who(?:'s| is)) (?:in|coming|available)\b|\bcan you make it\b/i;
const GROUP = /^(?:all|everyone|everybody|team|folks|guys|y'?all|both|gents|ladies|[\p{L}]+ (?:team|folks|all))$/iu;

const WORD = String.raw`[\p{Lu}][\p{L}'’-]*`;
const PERSON = `${WORD}(?: ${WORD}){0,2}`;
const JOIN = String.raw`\s*(?:,|&|\band\b|/)\s*`;
/** `Mohamad and Kurt, …`, `David & team, …`, `Jason, I have…`: names (or a group word) and a comma. */
const BARE_VOCATIVE = new RegExp(
  String.raw`^((?:${PERSON}|all|team|everyone|folks|guys)(?:${JOIN}(?:${PERSON}|all|team|everyone|folks|guys))*)\s*,`,
  'u',
);
/** `Hi Jason,`, `Good afternoon IHDF Board of Directors,`, `Hi Alon/Tomer —`, `Hi all`: whatever the greeting names. */
const GREETING =
  /^(?:hi|hey|hello|dear|greetings|good (?:morning|afternoon|evening|day))\b[\s,]*([^,:!.?—–]{0,60}?)\s*(?:[,:!.—–]|$)/i;
/** `@Chris & @jason.vallery, …`, `@Lior Genzel @Jason Vallery`: a run of @-mentions opening the sentence. */
const AT_RUN = new RegExp(String.raw`^((?:@[\p{L}][\p{L}.'’_-]*(?: ${WORD})?(?:${JOIN}|\s+)?)+)`, 'u');

/** A sign-off line (`Thanks,`, `Best regards`, `Sent from my iPhone`), not a sentence that opens with thanks. */
const SIGN_OFF =
  /^(?:thanks|thank you|thx|best|best regards|regards|kind regards|warm regards|cheers|sent from my|get outlook for|--)(?![\p{L}])[^\n]{0,20}$/iu;

/** The message without its signature: everything from the first sign-off line on. */
function withoutSignature(body: string): string {
  const lines = body.split('\n');
  const end = lines.findIndex((l) => SIGN_OFF.test(l.trim()));
  return (end < 0 ? lines : lines.slice(0, end)).join('\n');
}

interface Addressees {
  names: string[];
  group: boolean;
}

/** Whom a sentence says it is for, or null when it does not say. */
export function vocative(sentence: string, isGroupName: (name: string) => boolean = () => false): Addressees | null {
  const s = sentence.trim();
  const at = AT_RUN.exec(s);
  const greeting = at ? null : GREETING.exec(s);
  const bare = at || greeting ? null : BARE_VOCATIVE.exec(s);
  const run = at?.[1] ?? greeting?.[1] ?? bare?.[1];
  if (run === undefined) return null;
  const parts = run
    .split(/\s*(?:,|&|\band\b|\/)\s*|\s+(?=@)/)
    .map((p) => p.replace(/^@/, '').trim())
    .filter(Boolean);
  // `Hi,` says nothing of whom.
  if (parts.length === 0) return null;
  const names: string[] = [];
  let group = false;
  for (const p of parts) {
    if (GROUP.test(p) || isGroupName(p)) group = true;
    else if (at || /^[\p{Lu}][\p{L}'’-]*(?: [\p{Lu}][\p{L}'’-]*){0,2}$/u.test(p)) {
      if (isSentenceOpener(p.split(/\s+/)[0] ?? '')) return greeting ? { names: [], group: true } : null;
      names.push(p);
    } else if (greeting) group = true;
    else return null;
  }
  return { names, group };
}

function mentions(list: ReplyAddress[], isOwner: OwnerMatcher): boolean {
  return list.some((a) => isOwner(a.name, a.email ?? null));
}

export function replyOwed(
  thread: ReplyThread,
  isOwner: OwnerMatcher,
  ownerFirst: string | null,
  read: ReplyReading,
): ReplyDecision {
  const no = (reason: string): ReplyDecision => ({ needed: false, urgency: 'low', reasons: [reason], asked: [] });
  const last = thread.newest;
  if (!last) return no('no messages');
  if (last.from && isOwner(last.from.name, last.from.email ?? null)) return no('the newest message is your own');
  if (last.automated) return no('the newest message is automated');
  const waived = NO_REPLY.exec(withoutSignature(last.body));
  if (waived) return no(`the sender says no answer is expected ("${waived[0]}")`);

  const said = thread.timeline;
  const byOwner = (s: ThreadMessage | undefined) => s?.from !== undefined && isOwner(s.from.name, s.from.email ?? null);
  // `Jason`, `Jason Vallery`, an alias, or the address's local part as an @-mention (`@jason.vallery`).
  const isOwnerName = (n: string) =>
    isOwner(n) || (ownerFirst !== null && n.toLowerCase() === ownerFirst) || isOwner(n.replace(/[._]+/g, ' '));
  let start = 0;
  said.forEach((s, i) => {
    if (byOwner(s)) start = i + 1;
  });
  const senders = new Set(
    said
      .filter((s) => !byOwner(s) && !s.automated && s.from)
      .map((s) => (s.from?.email ?? s.from?.name ?? '').toLowerCase()),
  );
  const ownerStarted = byOwner(said[0]);

  const reasons: string[] = [];
  let needed = false;
  let ccOnly = false;
  const asked: string[] = [];
  for (let i = said.length - 1; i >= start && !needed; i--) {
    const m = said[i] as ThreadMessage;
    if (m.automated || byOwner(m) || !m.from) continue;
    const sentences = read.sentences(withoutSignature(m.body));
    const greeting = sentences[0] ? vocative(sentences[0], read.isGroupName) : null;
    // Sent to the owner (and at most one other): a To line of a whole team is no personal address.
    const toOwner = m.to.length <= 2 && mentions(m.to, isOwner);
    // Recipients are known and the owner is not among them (a list, a Bcc): nothing unaddressed is for the owner.
    const notARecipient = m.to.length + m.cc.length > 0 && !mentions(m.to, isOwner) && !mentions(m.cc, isOwner);
    const replyToOwner = byOwner(said[i - 1]);
    const unaddressedForOwner = !notARecipient && (toOwner || replyToOwner || ownerStarted || senders.size <= 1);
    let current: Addressees | null = greeting;
    const later = said.slice(i + 1).filter((s) => !s.automated && s.from);
    for (const sentence of sentences) {
      const v = vocative(sentence, read.isGroupName);
      if (v) current = v;
      const ask = sentence.replace(OFFER, '').trim();
      const isAsk = /\?\s*$/.test(ask) || REQUEST.test(ask);
      if (!isAsk || NOT_AN_ASK.test(ask) || ATTEND.test(ask) || DISCLAIMER.test(ask)) continue;
      const rollCall = ROLL_CALL.test(sentence);
      const others = (current?.names ?? []).filter((n) => !isOwnerName(n));
      const ownerNamed = (current?.names ?? []).some(isOwnerName);
      let forOwner: boolean;
      if (current === null) forOwner = unaddressedForOwner;
      else if (ownerNamed) forOwner = true;
      else if (current.group) forOwner = rollCall && !notARecipient;
      else forOwner = false;
      if (!forOwner) continue;
      // Asked of several: settled once another of them has answered, unless each must answer for themselves.
      const shared = others.length > 0 || current?.group === true;
      if (shared && !rollCall) {
        const answered = later.some((s) =>
          others.some((o) => {
            const name = `${s.from?.name ?? ''}`.toLowerCase();
            return name === o.toLowerCase() || name.split(/\s+/)[0] === o.toLowerCase().split(/\s+/)[0];
          }),
        );
        if (answered) continue;
      }
      asked.push(sentence);
      if (reasons.length === 0) {
        ccOnly = !mentions(m.to, isOwner) && mentions(m.cc, isOwner);
        if (ownerNamed) reasons.push(current?.names.length === 1 ? 'addressed to you' : 'addressed to you and others');
        else if (current?.group) reasons.push('asks everyone, you included');
        else if (toOwner) reasons.push('addressed to you');
        else if (replyToOwner) reasons.push('a reply to your message');
        else if (ownerStarted) reasons.push('a reply in a thread you started');
        else reasons.push('a thread between you and the sender');
        if (i !== said.length - 1) reasons.push(`asked by ${m.from.name} earlier in the thread, not answered since`);
      }
    }
    if (asked.length > 0) needed = true;
  }
  if (needed) reasons.push(asked.some((s) => /\?\s*$/.test(s)) ? 'asks a question' : 'makes a request');
  else reasons.push('nothing asked of you is open');

  const body = withoutSignature(last.body);
  let urgency: ReplyUrgency = 'normal';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(last.date ?? '')?.[0] ?? null;
  const due = asked.map((s) => read.deadline(s, last.date)).find((d) => d !== null);
  const words = asked.join(' ') || body;
  if (needed && URGENT.test(words)) {
    urgency = 'urgent';
    reasons.push(`urgent wording ("${URGENT.exec(words)?.[0]}")`);
  } else if (needed && due && day) {
    const days = (Date.parse(`${due}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000;
    if (days <= 2) {
      urgency = 'urgent';
      reasons.push(`deadline ${due} is within two days`);
    } else reasons.push(`deadline ${due}`);
  } else if (needed && ccOnly) {
    urgency = 'low';
    reasons.push('low: you are only in Cc');
  } else if (LOW.test(body) || !needed) {
    urgency = 'low';
  }
  return { needed, urgency, reasons, asked };
}
