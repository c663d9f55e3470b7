/**
 * What the sentence model sees of one unit: sparse binary features, named so a weights file can be read. Lexical
 * features come from wink's lemmas and tags; the rest describe the unit's place in the conversation (who speaks, to
 * whom, what came before and after), which is where a request and its acceptance show.
 */
import type { SourceKind } from '../../../ingest/envelope.ts';
import type { Unit } from '../sentences.ts';
import { CONDITIONAL, fillerCount, HEDGED, isQuestion } from '../spoken.ts';
import type { Analysis } from './nlp.ts';

export interface UnitContext {
  kind: SourceKind;
  prev: Unit | null;
  next: Unit | null;
  /** Index of the newest message (email) or last turn: what is said last is more often still open. */
  lastIndex: number;
  /** Lower-case first names of the people taking part, the owner included. */
  firstNames: Set<string>;
  /** Where the unit falls in the source, 0 (first) to 1 (last): next steps gather at the end of a call. */
  rel: number;
  /**
   * How many units the source has. A reader flags a handful of items in a source of any length, so the longer the
   * source, the less likely any one sentence of it is one.
   */
  units: number;
}

/** Source sizes, in units, that the size features step over: a feature per step passed, each step learning a shift. */
const SIZE_STEPS = [5, 10, 25, 50, 100, 200, 400];

const COMMIT =
  /\b(?:i(?:'ll| will| am going to|'m going to| shall|'d like to| can)|let me|we(?:'ll| will| are going to|'re going to| can))\b/i;
const REQUEST =
  /\b(?:can you|could you|would you|will you|would you mind|i need you to|you need to|you should|please|pls|kindly|make sure)\b/i;
const NEED =
  /\b(?:need(?:s)? to|have to|has to|must|should|required|requires?|action required|next steps?|to ?do|follow[- ]up)\b/i;
const DECIDE =
  /\b(?:decided|decision|agreed|agree|approved|go with|going with|the plan is|will not|won't|not going to|final|confirmed|we'll use|settled|deferred|postponed|cancel(?:l)?ed)\b/i;
/** The narrower decision phrases: a choice stated as made, not merely discussed. */
export const DECIDED =
  /\b(?:we(?:'ve| have)? decided|decided (?:to|that|on|against)|decision(?: is)?:|the decision (?:is|was)|(?:we|they|everyone|all) agreed|agreed (?:to|that|on)|(?:will|we'll|we will|going to|gonna) go with|we(?:'re| are) going with|let's go with|the plan is to|(?:was|were|has been|have been|got) (?:deferred|approved|cancel(?:l)?ed|rejected|declined|postponed)|signed off on|final answer is)\b/i;
/** Subjects that make the next verb someone's action: "I'll send", "can you review", "let's set up", "we need to". */
const AGENT = new Set([
  'i',
  'we',
  'you',
  'let',
  'please',
  'gonna',
  'to',
  "'ll",
  'will',
  'can',
  'could',
  'should',
  'must',
  'need',
]);
const ACCEPT =
  /^(?:yes|yeah|yep|sure|ok|okay|will do|sounds good|absolutely|of course|definitely|no problem|got it|perfect|great)\b/i;
const DEADLINE =
  /\b(?:by|before|until|no later than|due)\s+(?:the\s+)?(?:end of|eod|eow|next|this|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d)/i;
const WEEKDAY =
  /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b(?:tomorrow|next week|this week|eod|eow)\b/i;
const MEASURE =
  /\b\d[\d,.]*\s*(?:%|[kmgtpe]i?b\b|[kmgtpe]i?bps\b|gb\/s|ms\b|gpus?\b|nodes?\b|racks?\b|mw\b|gw\b|k\b|m\b|x\b|tb\b|pb\b|eb\b|years?\b|months?\b)|\$\s?\d/i;
const BOILERPLATE =
  /\b(?:unsubscribe|confidential|intended recipient|privileged|disclaimer|privacy (?:policy|statement)|all rights reserved|view (?:it )?in (?:your )?browser|manage (?:your )?preferences|join (?:zoom|teams|the) meeting|meeting id|passcode|dial[- ]in|click here|sent from my|https?:\/\/)\b/i;
const CONTACT = /\b(?:\+?\d[\d ()-]{7,}\d|[\w.+-]+@[\w-]+\.[\w.]+|www\.|\.com\b|suite \d|street|avenue|linkedin)/i;
const MARKUP = /^\s*(?:\||#{1,6}\s|[-*•]\s*\[[ xX]\]|>|```)/;
const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/;
/**
 * A mail footer's legal or postal line: copyright, trademarks, privacy and unsubscribe notices, a company's address.
 * Never an item, whatever the model makes of its names and numbers (GOLD.md: nothing from boilerplate).
 */
export const FOOTER =
  /©|\(c\) (?:19|20)\d\d|\ball rights reserved\b|\bregistered trademarks?\b|\b(?:privacy|cookie) (?:policy|statement|notice)\b|\bunsubscribe\b|\bterms of (?:service|use)\b|\b(?:LLC|Inc|Corp|Corporation|Ltd|GmbH|LLP)\b[.,]*\s+\d+\s+\w|\b\d{5}(?:-\d{4})?,?\s+(?:USA|United States)\.?$/i;
/** Who someone is and where they sit: roles, reporting lines, tenure, place. The labels keep these as facts. */
const ROLE =
  /\b(?:ceo|cfo|cto|coo|cio|vp|svp|evp|gm|vice president|president|director|head of|manager|lead|architect|engineer|founder|owner|owns|runs|in charge of|responsible for|reports? to|reporting to|my boss|joined|based (?:in|out of)|works? (?:at|for|on)|my role|counterpart)\b/i;

function bucket(n: number, edges: number[]): string {
  for (const e of edges) if (n <= e) return `<=${e}`;
  return `>${edges[edges.length - 1]}`;
}

/** First name of the person a vocative or @-mention at the start of the sentence names, if one takes part. */
export function leadingName(text: string, firstNames: Set<string>): string | null {
  const m = /^(?:(?:hi|hey|hello|dear|and|so|ok|okay)\s+)?@?([A-Za-z][a-z]+)\b[,:]?/i.exec(text.trim());
  const name = m?.[1]?.toLowerCase();
  return name && firstNames.has(name) ? name : null;
}

export function featuresOf(u: Unit, a: Analysis, ctx: UnitContext): string[] {
  const f = new Set<string>();
  const t = u.text;
  f.add(`kind:${ctx.kind}`);
  const words = a.words.filter((_, i) => a.pos[i] !== 'PUNCT');
  f.add(`len:${bucket(words.length, [3, 6, 10, 16, 25, 40])}`);
  // Content: lemmas and lemma bigrams of the first 40 tokens; the opening words and their tags, where imperatives,
  // modals and questions show.
  const n = Math.min(a.lemmas.length, 40);
  for (let i = 0; i < n; i++) {
    const p = a.pos[i];
    if (p === 'PUNCT' || p === 'SYM' || p === 'SPACE') continue;
    const l = p === 'NUM' ? '#num' : p === 'PROPN' ? '#propn' : a.lemmas[i];
    f.add(`w:${l}`);
    const nextLemma = a.pos[i + 1] === 'PROPN' ? '#propn' : a.pos[i + 1] === 'NUM' ? '#num' : a.lemmas[i + 1];
    if (i + 1 < n && a.pos[i + 1] !== 'PUNCT') f.add(`b:${l}_${nextLemma}`);
    f.add(`p:${p}`);
    if (i + 1 < n) f.add(`pp:${p}_${a.pos[i + 1]}`);
  }
  const lead = a.pos.findIndex((p) => p !== 'PUNCT' && p !== 'INTJ' && p !== 'CCONJ' && p !== 'SPACE');
  if (lead >= 0) {
    f.add(`p0:${a.pos[lead]}`);
    f.add(`l0:${a.pos[lead] === 'PROPN' ? '#propn' : a.lemmas[lead]}`);
    if (lead + 1 < a.pos.length) {
      f.add(`p01:${a.pos[lead]}_${a.pos[lead + 1]}`);
      f.add(`l01:${a.lemmas[lead]}_${a.pos[lead + 1] === 'PROPN' ? '#propn' : a.lemmas[lead + 1]}`);
    }
  }
  for (const e of new Set(a.entities)) f.add(`ent:${e}`);
  // Cues: patterns a reader uses to tell a request, a commitment, a decision or a fact from talk.
  if (ROLE.test(t)) f.add('cue:role');
  if (isQuestion(t)) f.add('cue:question');
  else if (/\?\s*$/.test(t)) f.add('cue:tag-question');
  if (COMMIT.test(t)) f.add('cue:commit');
  if (REQUEST.test(t)) f.add('cue:request');
  if (NEED.test(t)) f.add('cue:need');
  if (DECIDE.test(t)) f.add('cue:decide');
  if (DECIDED.test(t)) f.add('cue:decided');
  // The action a modal or subject introduces ("I'll *send*", "can you *review*"): the verb generalises across wording.
  for (let i = 1; i < n; i++) {
    if (a.pos[i] !== 'VERB') continue;
    const before = [a.words[i - 1], a.words[i - 2]].filter((w): w is string => !!w);
    if (before.some((w) => AGENT.has(w))) {
      f.add(`act:${a.lemmas[i]}`);
      f.add('act');
      const subject = a.words
        .slice(Math.max(0, i - 4), i)
        .find((w) => w === 'i' || w === 'we' || w === 'you' || w === 'let');
      if (subject) f.add(`act-by:${subject}`);
      break;
    }
  }
  if (DEADLINE.test(t)) f.add('cue:deadline');
  if (WEEKDAY.test(t)) f.add('cue:day');
  if (MEASURE.test(t)) f.add('cue:measure');
  if (/\d/.test(t)) f.add('cue:digit');
  if (BOILERPLATE.test(t)) f.add('cue:boilerplate');
  if (CONTACT.test(t)) f.add('cue:contact');
  if (MARKUP.test(t)) f.add('cue:markup');
  if (BULLET.test(t)) f.add('cue:bullet');
  if (/[|]/.test(t)) f.add('cue:pipe');
  if (/@\w/.test(t)) f.add('cue:at');
  if (/^[A-Z][\w .'-]{0,40}:\s/.test(t)) f.add('cue:label');
  if (CONDITIONAL.test(t)) f.add('cue:condition');
  else if (HEDGED.test(t)) f.add('cue:hedge');
  const fillers = fillerCount(t);
  if (fillers > 0) f.add(fillers > 1 ? 'cue:fillers' : 'cue:filler');
  if (leadingName(t, ctx.firstNames)) f.add('cue:vocative');
  if (/\b(?:i|i'm|i'll|i've|i'd|me|my)\b/i.test(t)) f.add('pr:i');
  if (/\b(?:you|your|you'll|you're)\b/i.test(t)) f.add('pr:you');
  if (/\b(?:we|we'll|we're|we've|us|our|let's)\b/i.test(t)) f.add('pr:we');
  if (/\b(?:he|she|they|him|her|them|his|their)\b/i.test(t)) f.add('pr:they');
  // Place in the conversation.
  f.add(`spk:${u.speaker === null ? 'none' : u.speaker === 'Myself' ? 'owner' : 'other'}`);
  if (u.quoted) f.add('quoted');
  f.add(`pos:${bucket(u.position, [0, 2, 6])}`);
  if (u.index === ctx.lastIndex) f.add('last');
  f.add(`rel:${Math.min(4, Math.floor(ctx.rel * 5))}`);
  for (const step of SIZE_STEPS) if (ctx.units > step) f.add(`size>${step}`);
  if (ctx.kind === 'transcript' && ctx.rel >= 0.85) f.add('wrap-up');
  if (ctx.kind === 'email' && u.audience.length === 1) f.add('aud:one');
  if (ctx.prev && /\?\s*$/.test(ctx.prev.text) && ctx.prev.speaker !== u.speaker) f.add('ctx:answers');
  if (ctx.next && ctx.next.speaker !== u.speaker && ACCEPT.test(ctx.next.text)) f.add('ctx:accepted');
  if (
    ctx.prev &&
    ctx.prev.speaker === u.speaker &&
    /\b(?:action items?|next steps?|to ?dos?|follow[- ]ups?)\b/i.test(ctx.prev.text)
  )
    f.add('ctx:list');
  // Conjunctions the linear model cannot form itself.
  for (const c of ['cue:commit', 'cue:request', 'cue:question', 'cue:need', 'cue:decide', 'cue:measure']) {
    if (f.has(c)) f.add(`${c}&${ctx.kind}`);
  }
  return [...f];
}
