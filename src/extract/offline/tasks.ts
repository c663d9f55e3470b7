/**
 * Tasks from rules: commitments ("I will send…", owner = the speaker), requests ("can you…", "please…", owner = the
 * person addressed), needs with a deadline ("we need to … by …"), and the items of a "Next steps:" / "Action items:"
 * list or an open `- [ ]` checkbox. A rule only fires when an action verb follows the cue, which keeps the chatter
 * of a call ("I'll tell you", "let me think") out.
 */
import type { PriorTask, SourceEnvelope } from '../../ingest/envelope.ts';
import { contentTokens, jaccard } from '../eval/match.ts';
import type { Priority } from '../schema.ts';
import { dueDate } from './due-dates.ts';
import { displayName, OWNER, type OwnerMatcher } from './participants.ts';
import { stripSignature, type Unit, wallClock } from './sentences.ts';
import { fillerCount } from './spoken.ts';

export interface TaskCandidate {
  text: string;
  owner: string;
  due: string | null;
  priority: Priority | null;
  evidence: string;
  /** Higher is more certainly a task; used to cap chatty transcripts. */
  score: number;
}

const ACTION_VERBS =
  'send|share|suggest|chime|weigh|give|help|join|attend|tell|advise|comment|follow|schedule|set|setup|reach|ping|check|review|draft|prepare|connect|introduce|talk|email|update|create|write|look|find|confirm|arrange|book|loop|provide|coordinate|sync|circle|investigate|take|own|put|build|compile|engage|ask|call|forward|reply|respond|finalize|finalise|deliver|submit|add|validate|test|run|figure|work|pull|organize|organise|approve|sign|escalate|document|publish|present|walk|demo|get back|dig|clarify|align|decide|define|evaluate|assess|open|file|fix|resolve|reschedule|invite|contact|notify|remind|shoot|drop|send over|put together|track|verify|collect|gather|summarize|summarise|outline|plan|propose|push|start|finish|complete|handle|bring|reconnect|meet|discuss|estimate|quote|price|order|install|deploy|configure|migrate|reserve|confirm'.split(
    '|',
  );
const VERB = `(?:${ACTION_VERBS.join('|')})`;

const LEAD = String.raw`^(?:(?:so|and|but|ok|okay|yeah|yes|alright|all right|well|um|uh|also|then|great|sure|perfect|cool|right)[,.!]?\s+)*`;
const COMMIT = new RegExp(
  String.raw`\b(?:i(?:'ll| will| am going to|'m going to| shall| need to| want to|'d like to| also want to)|let me|let's|let us|i(?:'ll| will) (?:try to|make sure to|go ahead and)|we(?:'ll| will| are going to|'re going to| need to| have to| should| must| want to))\s+(?:also\s+|just\s+|then\s+|definitely\s+|quickly\s+)?(${VERB})\b`,
  'i',
);
const REQUEST = new RegExp(
  String.raw`\b(?:can you|could you|would you|will you|can u|would you mind|i need you to|you need to|you should|please|pls|kindly|make sure(?: to| you)?)\s+(?:please\s+|also\s+|just\s+|kindly\s+|be\s+)?((?:${VERB})(?:ing)?)\b`,
  'i',
);
/** Vague talk that looks like a commitment ("I can look at it" is one, "I can see" / "let me ask you" are not). */
/** Meeting mechanics and opinion-sharing are said with "I'll…" all the time and are never tasks. */
const META =
  /\b(share (my|the|your) screen|screen ?shar\w*|headset|mute|unmute|camera|hear (me|you)|my take(away)?|your take|opinion|in (just )?(one|a) (second|sec|minute|moment)|in a (little )?bit|real quick|right now|walk (us|me|you) through|(let's|let us|i'll|we'll) start (with|from|on|by))\b/i;
const NOT_A_TASK =
  /\b(let me (ask|tell|say|think|see|know|just say)|i can('t)? (see|tell|hear|imagine)|you (know|see)\b.*\?$|if you (want|need)|happy to)\b/i;

const TRAILING =
  /\b(the|a|an|our|your|my|to|of|and|or|with|for|in|on|at|by|from|into|about|around|over|up|that|which|because|but|so|if|like|where|there|here)$/i;
/**
 * Where the action ends and another clause begins: "Talk tomorrow, but this is serious", "Give you heads up, I sent
 * Kushal…". The task text stops there; the evidence stays the whole sentence.
 */
const CLAUSE_BREAK =
  /(?:,\s*(?:but|because|which|while|whereas|though|although|by the way|i|i'm|i've|we|we're|we've|you|you're|they|they're|he|she|it's|that's)\b|;|\s[-\u2013\u2014]\s|\s(?:but|because|so that)\s|\sand (?:say(?:ing)?|i|we|you|he|she|they)\b)/i;
/** Words that name no particular thing: "add it as another point", "talk to more people". Stemmed like the tokens. */
const VAGUE = new Set(
  contentTokens('another point thing stuff way lot bit time people guy something anything everything'),
);

const HIGHEST = /\b(urgent(ly)?|asap|immediately|right away|critical|blocker|top priority|p0)\b/i;
const HIGH =
  /\b(important|high priority|priority|must[- ]have|today|tomorrow|eod|end of (the )?day|time[- ]sensitive|deadline)\b/i;
const LOW =
  /\b(no rush|when you (get|have) a (chance|minute)|low priority|eventually|at some point|nice to have|whenever)\b/i;

export function priorityOf(text: string): Priority | null {
  if (HIGHEST.test(text)) return 'highest';
  if (HIGH.test(text)) return 'high';
  if (LOW.test(text)) return 'low';
  return null;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The imperative form of an action (the sentence from its verb on): first letter up, ending in a full stop. */
export function taskText(action: string): string {
  // "you should be working with Violet" -> "Work with Violet".
  let t = action
    .trim()
    .replace(/^(\w+?)ing\b/i, (whole, base: string) => (ACTION_VERBS.includes(base.toLowerCase()) ? base : whole));
  t = t.replace(/[\s?!.,;:"'\u201c\u201d\u2019)]+$/, '').replace(/\s+/g, ' ');
  if (t.length > 220) t = `${t.slice(0, 220).replace(/\s+\S*$/, '')}`;
  return `${capitalise(t)}.`;
}

/** `@jason,` or a leading `Noa,` names the person a request goes to. */
function vocative(sentence: string, audience: string[], ownerFirst: string | null): string | null {
  // In the owner's vault, "@Lior @Jason please…" is the owner's task too: the owner wins over the others.
  if (ownerFirst && new RegExp(`@${ownerFirst}\\b`, 'i').test(sentence)) return OWNER;
  const at = /@([A-Za-z][\w.-]*)/.exec(sentence);
  const lead = /^(?:hi|hey|hello|dear)?\s*([A-Z][a-z]+)\s*,/.exec(sentence);
  const handle = at?.[1] ?? lead?.[1];
  if (!handle) return null;
  const first = handle.split(/[.@]/)[0]?.toLowerCase() ?? '';
  if (ownerFirst && first === ownerFirst) return OWNER;
  const hit = audience.find((n) => n.toLowerCase().split(/\s+/)[0] === first);
  return hit ?? null;
}

export interface TaskContext {
  env: SourceEnvelope;
  isOwner: OwnerMatcher;
  /** The person each unit is addressed to by the nearest preceding greeting or vocative ("Hi Noa," / "Ray,"). */
  greeted: Map<Unit, string>;
  /** The owner's given name, lower-case: "@jason" in a request means the owner. */
  ownerFirst: string | null;
}

function requestOwner(u: Unit, ctx: TaskContext): string {
  const named = vocative(u.text, u.audience, ctx.ownerFirst) ?? ctx.greeted.get(u);
  if (named) return named;
  if (u.audience.length === 1) return u.audience[0] as string;
  return u.repliesTo ?? 'TBD';
}

function candidateFrom(u: Unit, ctx: TaskContext): TaskCandidate | null {
  const s = u.text;
  const words = s.split(/\s+/).length;
  if (words < 4 || words > 70) return null;
  if (NOT_A_TASK.test(s) || META.test(s)) return null;
  const lead = new RegExp(LEAD, 'i').exec(s)?.[0].length ?? 0;
  const req = REQUEST.exec(s);
  const com = COMMIT.exec(s);
  let owner: string;
  let verbAt: number;
  let score = 1;
  if (req && (!com || req.index <= com.index)) {
    owner = requestOwner(u, ctx);
    verbAt = req.index + req[0].length - (req[1]?.length ?? 0);
    if (/^(can|could|would|will) you/i.test(req[0])) score += 0.5;
  } else if (com) {
    if (/\?\s*$/.test(s)) return null;
    const we = /^(we|let's|let us)/i.test(com[0]);
    owner = u.speaker ?? 'TBD';
    if (we && !/\b(need|have|must)\b/i.test(com[0])) score -= 0.3;
    verbAt = com.index + com[0].length - (com[1]?.length ?? 0);
  } else {
    return null;
  }
  if (verbAt < lead) verbAt = lead;
  if (insideCondition(s, verbAt) || insideQuote(s, verbAt)) return null;
  // The action must be a complete thought: a verb with an object, not trailing off ("Meet him.", "Put behind.",
  // "Send those to you in advance of our.").
  const whole = s.slice(verbAt);
  const cut = CLAUSE_BREAK.exec(whole);
  const action = (cut ? whole.slice(0, cut.index) : whole).replace(/[\s?!.,]+$/, '');
  const actionWords = action.split(/\s+/);
  if (actionWords.length < 3 || actionWords.length > 30) return null;
  if (TRAILING.test(action)) return null;
  // A commitment overheard in a call needs something to act on ("Add it as another point", "Talk to more people"
  // do not); a request someone wrote down is taken at its word ("please chime in on how we approach this").
  if (!req && objectWords(action) < 2) return null;
  if (fillerCount(s) > 1) return null;
  const due = dueDate(s, u.ref);
  if (due) score += 1;
  const priority = priorityOf(s);
  if (priority) score += 0.5;
  if (words >= 8) score += 0.3;
  return {
    text: taskText(action),
    owner,
    due: due?.date ?? null,
    priority,
    evidence: s,
    score,
  };
}

/** "If we need to build big clusters…, then…": the verb sits in the condition, not in what will be done. */
function insideCondition(s: string, verbAt: number): boolean {
  return /\b(?:if|unless|whether)\b[^,]*$/i.test(s.slice(0, verbAt));
}

/** `You're saying, "Hey, I want to take capacity…"`: reported speech is not the speaker's own commitment. */
function insideQuote(s: string, verbAt: number): boolean {
  const quotes = (s.slice(0, verbAt).match(/["\u201c\u201d]/g) ?? []).length;
  return quotes % 2 === 1;
}

/**
 * How specific the action's object is: content words after the verb, vague ones excluded; a capitalised name
 * ("Follow up with Amji") is specific enough on its own.
 */
function objectWords(action: string): number {
  const rest = action.replace(/^\S+\s*/, '');
  if (/(?:^|\s)(?!I\b)[A-Z][\w'-]+/.test(rest)) return 2;
  return contentTokens(rest).filter((t) => !VAGUE.has(t)).length;
}

const LIST_HEADING =
  /^\s*(?:#+\s*|\*\*)?(next steps|action items|actions|follow[- ]ups?|to[- ]?dos?|todo)\b[^:\n]*:?\**\s*$/i;
const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+(?:\[ \]\s+)?(.+)$/;
const OPEN_BOX = /^\s*[-*]\s+\[ \]\s+(.+)$/;
const OWNER_TAG = /@([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)/;
const OWNER_PREFIX = /^([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*(?::|-|–|to)\s+/;

/** Items under a "Next steps:" heading and open checkboxes, with `@Owner` or `Name:` owners when written. */
function listCandidates(
  body: string,
  ref: Date | null,
  names: string[],
  isOwner: OwnerMatcher,
  ownerFirst: string | null,
): TaskCandidate[] {
  const out: TaskCandidate[] = [];
  let inList = false;
  for (const raw of body.split('\n')) {
    const line = raw.replace(/^\s*>+\s?/, '');
    if (LIST_HEADING.test(line)) {
      inList = true;
      continue;
    }
    const box = OPEN_BOX.exec(line);
    const bullet = BULLET.exec(line);
    if (!box && !(inList && bullet)) {
      if (line.trim() !== '' && !bullet) inList = false;
      continue;
    }
    const item = ((box ?? bullet)?.[1] ?? '').trim();
    if (/^\[[xX]\]/.test(item) || item.split(/\s+/).length < 3) continue;
    let owner = 'TBD';
    const tag = OWNER_TAG.exec(item);
    const prefix = OWNER_PREFIX.exec(item);
    const who = tag?.[1] ?? prefix?.[1];
    if (who) {
      const first = who.toLowerCase().split(/\s+/)[0];
      owner =
        isOwner(who) || (ownerFirst !== null && first === ownerFirst)
          ? OWNER
          : (names.find((n) => n.toLowerCase().split(/\s+/)[0] === first) ?? displayName({ name: who }));
    }
    const text = item
      .replace(/@[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?/g, '')
      .replace(OWNER_PREFIX, '')
      .replace(/[📅⏫🔼🔽⏬🔺✅].*$/u, '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.;]*$/, '');
    if (text.split(/\s+/).length < 3) continue;
    const due = dueDate(item, ref);
    out.push({
      text: `${capitalise(text)}.`,
      owner,
      due: due?.date ?? null,
      priority: priorityOf(item),
      evidence: item,
      score: 2.5,
    });
  }
  return out;
}

function isDoneEcho(text: string, done: string[][]): boolean {
  const t = contentTokens(text);
  return done.some((d) => jaccard(t, d) >= 0.5);
}

export interface TaskOptions {
  /** Most tasks kept per source; a 50,000-character call yields dozens of "I'll…" and few real tasks. */
  max: number;
}

export function extractTasks(units: Unit[], ctx: TaskContext, opts: TaskOptions = { max: 12 }): TaskCandidate[] {
  const { env } = ctx;
  const candidates: TaskCandidate[] = [];
  for (const u of units) {
    const c = candidateFrom(u, ctx);
    if (c) candidates.push(c);
  }
  const names = [...new Set(units.flatMap((u) => [u.speaker, ...u.audience]).filter((n): n is string => !!n))];
  if (env.kind === 'email') {
    env.messages.forEach((m) => {
      candidates.push(...listCandidates(stripSignature(m.body), wallClock(m.date), names, ctx.isOwner, ctx.ownerFirst));
    });
  } else {
    let text = env.text;
    if (env.prior_summary?.text) text = text.replace(env.prior_summary.text, '\n');
    candidates.push(...listCandidates(text, wallClock(env.date), names, ctx.isOwner, ctx.ownerFirst));
  }
  const done = (env.prior_summary?.tasks ?? []).filter((t: PriorTask) => t.done).map((t) => contentTokens(t.text));
  const kept: TaskCandidate[] = [];
  const ranked = candidates
    .map((c, order) => ({ c, order }))
    .sort((a, b) => b.c.score - a.c.score || a.order - b.order);
  for (const { c } of ranked) {
    if (isDoneEcho(c.text, done)) continue;
    const tokens = contentTokens(c.text);
    if (tokens.length < 2) continue;
    if (kept.some((k) => jaccard(contentTokens(k.text), tokens) >= 0.6)) continue;
    kept.push(c);
    if (kept.length >= opts.max) break;
  }
  // Back in source order so a note reads like the conversation.
  return kept.sort((a, b) => candidates.indexOf(a) - candidates.indexOf(b));
}

/**
 * Greeting and vocative lines ("Hi Noa,", "Ray,", "@jason") name who the following sentences are for, until the
 * next one or the end of the message; requests in them go to that person.
 */
export function greetings(units: Unit[], ownerFirst: string | null): Map<Unit, string> {
  const out = new Map<Unit, string>();
  let current: { index: number; name: string } | null = null;
  for (const u of units) {
    if (current && current.index !== u.index) current = null;
    const m =
      /^(?:(?:hi|hey|hello|dear)\s+)?@?([A-Za-z][a-z]+)\s*[,:!\u2013-]?\s*$/i.exec(u.text) ??
      /^(?:hi|hey|hello|dear)\s+@?([A-Za-z][a-z]+)\b/i.exec(u.text);
    if (m?.[1]) {
      const first = m[1].toLowerCase();
      const hit =
        ownerFirst && first === ownerFirst ? OWNER : u.audience.find((n) => n.toLowerCase().split(/\s+/)[0] === first);
      if (hit) current = { index: u.index, name: hit };
    }
    if (current) out.set(u, current.name);
  }
  return out;
}
