/**
 * From classified units to the items of a note: each unit becomes at most one item (the kind it most clearly is),
 * best first, near-repeats and done echoes left out, a few per source.
 */

import type { Priority } from '../../../core/task-line.ts';
import { contentTokens, jaccard } from '../../../core/text.ts';
import { parsePriorTask } from '../../../ingest/prior-summary.ts';
import { peopleIn } from '../../compromise.ts';
import { OWNER } from '../../participants.ts';
import type { Decision, Fact } from '../../schema.ts';
import { dueDate, mentionedDate } from '../due-dates.ts';
import { escapeRegExp } from '../mentions.ts';
import { priorityOf } from '../priority.ts';
import type { Unit } from '../sentences.ts';
import { CONDITIONAL, isQuestion, withoutGluedName, withoutOpener, withoutTag } from '../spoken.ts';
import { FOOTER, leadingName } from './features.ts';
import { analyse } from './nlp.ts';
import { type ActionVoice, nameTheSpeaker, taskAction, withoutAsides } from './rewrite.ts';
import { type Classified, type OfflineModel, type OwnerClass, ownerClass } from './sentence-model.ts';

export interface SelectedTask {
  text: string;
  owner: string;
  due: string | null;
  priority: Priority | null;
  evidence: string;
}

export interface SelectContext {
  /** Participants' display names, the owner as `Myself`. */
  people: string[];
  /** How the owner is named in task text ("Send Jason the deck"). */
  ownerName: string;
  ownerFirst: string | null;
  /** Done tasks of an earlier summary: never proposed again. */
  done: string[];
  /**
   * Tasks an earlier summary in the source gave an owner (done or not): a task the transcript leaves without a known
   * speaker takes the owner that summary gave the same action.
   */
  assigned?: { text: string; owner: string }[];
  sourceDate: string | null;
  /** Names a fact can be about, longest first. */
  subjects: string[];
  /** People named in the source (participants and mentioned people): whom a "she will…" can mean. */
  persons?: string[];
  /** Whom each message or turn (by unit index) opened by addressing; selectItems works it out. */
  greeted?: Map<number, string>;
  max: { tasks: number; decisions: number; facts: number };
  /** Said aloud (a transcript): a speaker restating a point a few sentences later is still one item. */
  spoken?: boolean;
}

type Kind = 'task' | 'decision' | 'fact';

function firstOf(name: string): string {
  return name.split(/\s+/)[0]?.toLowerCase() ?? '';
}

/**
 * The person a unit is said to: a vocative or @-mention in it, else the one its message or turn opened on ("@Lior
 * Genzel @Jason Vallery" then "Please populate…"), the one listener, or whom an email replies to.
 */
function addresseeOf(u: Unit, ctx: SelectContext): string | null {
  const named = spokenTo(u, ctx);
  if (named) return named;
  const opened = ctx.greeted?.get(u.index);
  if (opened && opened !== u.speaker) return opened;
  if (u.audience.length === 1) return u.audience[0] as string;
  return u.repliesTo ?? null;
}

/** A participant a unit names as whom it speaks to: a leading vocative, or an @-mention. */
function spokenTo(u: Unit, ctx: SelectContext): string | null {
  const first = leadingName(u.text, new Set([...ctx.people.map(firstOf), ctx.ownerFirst ?? '']));
  if (first) {
    if (first === ctx.ownerFirst) return OWNER;
    const hit = ctx.people.find((p) => firstOf(p) === first);
    if (hit) return hit;
  }
  const at = /@([A-Za-z][\w-]*)/.exec(u.text)?.[1]?.toLowerCase().split(/[._]/)[0];
  if (at) {
    if (at === ctx.ownerFirst) return OWNER;
    const hit = ctx.people.find((p) => p !== OWNER && firstOf(p) === at);
    if (hit) return hit;
  }
  return null;
}

/** A person the sentence names other than its speaker, in order of appearance. */
function namedIn(u: Unit, ctx: SelectContext): string | null {
  const lower = u.text.toLowerCase();
  let best: { name: string; at: number } | null = null;
  const candidates = ctx.ownerFirst ? [...ctx.people, OWNER] : ctx.people;
  for (const p of candidates) {
    if (p === u.speaker) continue;
    const first = p === OWNER ? (ctx.ownerFirst ?? '') : firstOf(p);
    if (!first) continue;
    const at = lower.search(new RegExp(`\\b${escapeRegExp(first)}\\b`));
    if (at >= 0 && (!best || at < best.at)) best = { name: p, at };
  }
  return best?.name ?? null;
}

const LEAD = String.raw`^(?:(?:so|and|but|ok|okay|yeah|yes|well|alright|sure|great|then|also|actually|now)[,.!]?\s+)*`;
/** "I'll send…", "let me check…": the speaker's own commitment, whatever the model thinks of its wording. */
const OWN_COMMITMENT = new RegExp(
  // "let me know" asks the listener to tell the speaker: it is no commitment of the speaker's
  `${LEAD}(?:i(?:'ll|’ll| will| am going to|'m going to|’m going to|'m gonna| can| need to| have to| should| owe)|let me(?! know\\b))\\b`,
  'i',
);
/** "Can you…", "Noa, please…": a request to the person spoken to. */
const REQUEST = new RegExp(
  `${LEAD}(?:@?[A-Z][\\w.-]*,?\\s+)?(?:(?:can|could|would|will) you|please|pls|kindly)\\b`,
  'i',
);

/**
 * Whose task: the sentence's grammar when it is plain (a first-person commitment is the speaker's, a request the
 * addressee's), else the owner model's reading of it.
 */
/** "Perla will share the SWOT doc": a name that is the subject of the action, taking part or not. */
function subjectName(text: string, ctx: SelectContext): string | null {
  const m =
    /^(?:(?:so|and|ok|okay|also|then)[,\s]+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:will|'ll|’ll|should|needs to|has to|is going to|to)\s/.exec(
      text.trim(),
    );
  const name = m?.[1];
  if (!name || /^(?:I|We|You|They|He|She|It|This|That|There|Someone|Everyone|Nobody)$/.test(name)) return null;
  return namedPerson(name, ctx);
}

function namedPerson(name: string, ctx: SelectContext): string | null {
  if (/^(?:I|We|You|They|He|She|It|This|That|There|Someone|Everyone|Nobody)$/.test(name)) return null;
  const first = firstOf(name);
  if (first === ctx.ownerFirst) return OWNER;
  return ctx.people.find((p) => p !== OWNER && firstOf(p) === first) ?? name;
}

/** "She will try to set something up": an action whose subject is a third-person pronoun. */
const PRONOUN_SUBJECT =
  /^(?:(?:so|and|ok|okay|also|then|yeah)[,\s]+)*(?:he|she)\s+(?:will|'ll|’ll|is going to|should|needs to|has to)\s/i;

/**
 * The person a "he" or "she" opening a sentence means: the last person the sentence before it named ("I had a request
 * for Christina… She will try to set something for tomorrow"). Null when it named none.
 */
function pronounReferent(u: Unit, before: Unit | undefined, ctx: SelectContext): string | null {
  if (!before || !PRONOUN_SUBJECT.test(u.text)) return null;
  let best: { name: string; at: number } | null = null;
  // The people the source is known to name, and those compromise reads as people in that sentence (a first name
  // said once is in no list).
  const read = peopleIn(before.text);
  for (const name of [...(ctx.persons ?? []), ...read]) {
    if (name === OWNER || name === before.speaker) continue;
    const first = firstOf(name);
    if (first.length < 2 || first === ctx.ownerFirst) continue;
    const re = new RegExp(`\\b${escapeRegExp(first)}\\b`, 'gi');
    for (let m = re.exec(before.text); m !== null; m = re.exec(before.text)) {
      if (!best || m.index > best.at || (m.index === best.at && name.length > best.name.length))
        best = { name, at: m.index };
    }
  }
  return best ? namedPerson(best.name.replace(/[^\p{L}\s'’-]+/gu, '').trim(), ctx) : null;
}

/**
 * No one owes a task to himself: "Text Jason after the meeting" in Jason's own notes is for the other person there
 * (or nobody known), not Jason. Only the owner's name is checked: other names may be a vocative or a subject.
 */
function notToSelf(owner: string, u: Unit, ctx: SelectContext): string {
  if (owner !== OWNER || !ctx.ownerFirst) return owner;
  const at = u.text.toLowerCase().search(new RegExp(`\\b${escapeRegExp(ctx.ownerFirst)}\\b`));
  if (at <= 0 || leadingName(u.text, new Set([ctx.ownerFirst])) || subjectName(u.text, ctx) === OWNER) return owner;
  const others = ctx.people.filter((p) => p !== OWNER && p !== u.speaker);
  return others.length === 1 ? (others[0] as string) : 'TBD';
}

function ownerFor(cls: OwnerClass, u: Unit, ctx: SelectContext, voice: ActionVoice | null): string {
  if (OWN_COMMITMENT.test(u.text) || voice === 'speaker') {
    // "I'll send…" is its speaker's: when the transcript did not say who spoke, nobody else is the owner.
    if (u.speaker) return u.speaker;
    if (!subjectName(u.text, ctx)) return 'TBD';
  }
  const subject =
    subjectName(u.text, ctx) ?? (typeof voice === 'object' && voice ? namedPerson(voice.named, ctx) : null);
  if (subject) return subject;
  if (REQUEST.test(u.text) || voice === 'addressee') {
    const to = addresseeOf(u, ctx);
    if (to && to !== u.speaker) return to;
  }
  switch (cls) {
    case 'speaker':
      return u.speaker ?? 'TBD';
    case 'addressee':
      return addresseeOf(u, ctx) ?? 'TBD';
    case 'named':
      return namedIn(u, ctx) ?? addresseeOf(u, ctx) ?? 'TBD';
    default:
      return 'TBD';
  }
}

/**
 * The owner an earlier summary in the source gave the same action ("- [x] Send Tackle platform invitations @Peter
 * Kapsashi" for "I'll send out some invites" said by an unnamed speaker): the same verb first, and at least two content
 * words shared (on their first five letters, so "invites" meets "invitations"), half of the shorter one's; none when
 * two summary tasks with different owners fit as well.
 */
function summaryOwner(text: string, ctx: SelectContext): string | null {
  const stems = (t: string) => new Set(contentTokens(t).map((w) => w.slice(0, 5)));
  const verb = (t: string) => /^[A-Za-z]+/.exec(t.trim())?.[0]?.toLowerCase().slice(0, 5) ?? '';
  const mine = stems(text);
  const action = verb(text);
  if (!action) return null;
  let best: { owner: string; shared: number } | null = null;
  let tied = false;
  for (const a of ctx.assigned ?? []) {
    if (verb(a.text) !== action) continue;
    const theirs = stems(a.text);
    const shared = [...mine].filter((w) => theirs.has(w)).length;
    if (shared < 2 || shared < 0.5 * Math.min(mine.size, theirs.size)) continue;
    if (!best || shared > best.shared) {
      best = { owner: a.owner, shared };
      tied = false;
    } else if (shared === best.shared && a.owner !== best.owner) tied = true;
  }
  if (!best || tied) return null;
  const owner = best.owner.replace(/^@/, '').trim();
  return owner.toLowerCase() === ctx.ownerName.toLowerCase() ? OWNER : owner;
}

/**
 * "Tell David Ellis if…", "Send Jason Vallery the deck": the person the action is for is not the one who does it. An
 * owner the line opens on is unknown instead.
 */
function toOther(owner: string, text: string, ctx: SelectContext): string {
  const name = readable(owner, ctx);
  return name && new RegExp(`^[A-Za-z]+ ${escapeRegExp(name)}\\b`).test(text) ? 'TBD' : owner;
}

function readable(name: string | null, ctx: SelectContext): string | null {
  if (!name || name === 'TBD') return null;
  return name === OWNER ? ctx.ownerName : name;
}

/**
 * A choice stated as made ("we decided to…", "agreed that…") is a decision however rarely the labels phrase one
 * that way: the few decisions in the training data cannot teach the model every wording of it.
 */
const STATED_DECISION =
  /^(?:(?:so|and|ok|okay|yes|well)[,\s]+)?(?:we|they|everyone|the team|[A-Z][a-z]+(?: and [A-Z][a-z]+)?)\s+(?:(?:have|has|had)\s+)?(?:decided|agreed)\s+(?:to|that|on)\b|^(?:decision|decided)\s*:/i;

function statedDecision(text: string): boolean {
  return STATED_DECISION.test(text.trim()) && !/\?\s*$/.test(text) && !CONDITIONAL.test(text);
}

/** A heading of its own line: markdown, a bold line, or a short label ending in a colon ("Next steps:"). */
const HEADING = /^\s*(?:#{1,6}\s+(.+)|\*\*([^*]+)\*\*:?|([A-Z][\w /&-]{2,40}):)\s*$/;
/** A markdown table row: a cell of a grid, never a sentence a note can quote as an item. */
const TABLE_ROW = /^\s*\|.*\|/;
const BULLET_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+/;

/**
 * The kind a heading announces for the bullets under it: "## Decisions", "Action items:", "Key facts". A heading of
 * what is still open ("Open decisions", "Decisions needed") announces nothing: those are not made yet.
 */
export function sectionKind(heading: string): Kind | null {
  if (/\b(?:open|pending|needed|required|to make|proposed|questions?)\b/i.test(heading)) return null;
  if (/\b(?:decisions?|decided|agreed|agreements)\b/i.test(heading)) return 'decision';
  if (/\b(?:action items?|next steps?|to-?dos?|follow[- ]?ups?)\b/i.test(heading)) return 'task';
  if (/\b(?:key )?facts\b/i.test(heading)) return 'fact';
  return null;
}

/**
 * For each unit in source order, the kind its section's heading announces when it is a bullet under one, or
 * 'heading' for a heading itself (a title, never an item).
 */
function sectionsOf(classified: Classified[]): (Kind | 'heading' | null)[] {
  let current: Kind | null = null;
  return classified.map((c) => {
    const h = HEADING.exec(c.unit.text);
    if (h) {
      current = sectionKind(h[1] ?? h[2] ?? h[3] ?? '');
      return 'heading';
    }
    if (!BULLET_ITEM.test(c.unit.text)) return null;
    // "- Approve the support policy" under "Decisions" asks for the decision; it does not state one.
    if (current === 'decision' && ASKS_FOR_DECISION.test(c.unit.text.replace(BULLET_ITEM, ''))) return null;
    return current;
  });
}

const ASKS_FOR_DECISION = /^(?:\*\*)?(?:approve|decide|confirm|choose|pick|select|agree|bless|sign off|ratify)\b/i;

function kindOf(c: Classified, thresholds: OfflineModel['thresholds'], section: Kind | null = null): Kind | null {
  // A bullet under "## Decisions" is a decision whatever else its wording suggests: the writer filed it there.
  if (section) return section;
  let best: Kind | null = null;
  let margin = 1;
  for (const k of ['task', 'decision', 'fact'] as const) {
    const p = k === 'decision' && statedDecision(c.unit.text) ? Math.max(c.p[k], thresholds[k]) : c.p[k];
    const ratio = p / thresholds[k];
    if (ratio >= margin) {
      margin = ratio;
      best = k;
    }
  }
  return best;
}

function aboutOf(text: string, subjects: string[]): string | null {
  const lower = text.toLowerCase();
  return subjects.find((n) => new RegExp(`\\b${escapeRegExp(n.toLowerCase())}\\b`).test(lower)) ?? null;
}

const MAX_STATEMENT_WORDS = 35;

/**
 * The line a reader sees for a decision or fact: markup, spoken asides and openers gone; a run-on turn cut to the
 * run of clauses (at most 35 words) that carries the most names and figures. The evidence keeps the whole sentence.
 */
function clean(text: string, speakers: readonly string[]): string {
  // A checklist line's own words, without the Tasks plugin's owner, priority, dates and "Edit task" link.
  const item = parsePriorTask(text.replace(/^\s*(?:>\s*)+/, ''));
  if (item) text = item.text;
  const t = withoutOpener(
    withoutAsides(
      withoutTag(withoutGluedName(text, speakers))
        .replace(/\s+/g, ' ')
        .replace(/^\s*(?:>\s*)*(?:[-*•]\s+(?:\[[ xX?]\]\s+)?|\d+[.)]\s+)/, '')
        .replace(/\*\*/g, ''),
    ),
  );
  if (t.split(' ').length <= MAX_STATEMENT_WORDS) return t;
  const clauses = t.split(/(?<=[,;])\s+|\s+(?=(?:and|but|so|because|which)\s)/);
  let best = { score: -1, text: clauses[0] ?? t };
  for (let i = 0; i < clauses.length; i++) {
    let words = 0;
    const parts: string[] = [];
    for (let j = i; j < clauses.length; j++) {
      const n = (clauses[j] ?? '').split(' ').length;
      if (words + n > MAX_STATEMENT_WORDS && parts.length > 0) break;
      parts.push(clauses[j] ?? '');
      words += n;
    }
    const joined = parts.join(' ').split(' ').slice(0, MAX_STATEMENT_WORDS).join(' ');
    const score = (joined.match(/\d|(?<=\s)[A-Z][\w-]+/g) ?? []).length + joined.split(' ').length / 100;
    if (score > best.score) best = { score, text: joined };
  }
  const out = best.text.replace(/^(?:and|but|so|because|which)\s+/i, '').replace(/[\s,;:]+$/, '');
  return `${out.charAt(0).toUpperCase()}${out.slice(1)}${/[.!?]$/.test(out) ? '' : '.'}`;
}

/**
 * A task line is an action: after the rewrite it opens on a verb ("Send…", "Follow up…"). A sentence the rewrite
 * could not turn into one ("Them mentioned…", "That's an interim question…") is talk, not a task.
 */
function startsWithVerb(line: string): boolean {
  // Tagged after "we will", where an imperative's verb reads as one; a capitalised first word alone is often
  // taken for a name. "Have", "do" and "be" open actions too ("Have the deck ready by Friday").
  const a = analyse(`we will ${line.charAt(0).toLowerCase()}${line.slice(1)}`);
  return a.pos[2] === 'VERB' || a.pos[2] === 'AUX' || VERBS_TAGGED_AS_NOUNS.has(a.lemmas[2] ?? '');
}

/**
 * Too little to act on: one word once a closing vocative is gone ("Hardware, Jason."), a mail's subject
 * reference ("Re:SEDs in general."), or a line that opens on a gerund ("Following up on the note shared last week."):
 * an action line opens on its verb.
 */
function tooThin(text: string): boolean {
  const words = text
    .replace(/,\s*[A-Z][\w-]*(?:\s[A-Z][\w-]*)?[.!?]?$/, '')
    .split(/\s+/)
    .filter(Boolean);
  return words.length < 2 || /^(?:re|fw|fwd)\s*:/i.test(text) || /^[A-Z][a-z]{2,}ing\b/.test(text);
}

/**
 * Someone saying they will be away or must leave ("I'll be out for the next 2 weeks", "I have to drop for another
 * call"): news for the reader, not an action anyone takes.
 */
const AWAY =
  /^(?:be (?:out|off|away|offline|unavailable|travel(?:l)?ing|on (?:pto|vacation|holiday|leave))\b|(?:(?:have|need|got) to )?drop(?: off)?(?: for| to)? (?:another|a|the next|my next) (?:call|meeting)\b|(?:have|need|got) to (?:run|go)[.!]?$)/i;

/** Verbs of office work the tagger reads as nouns at the head of a line ("Text Jason…", "Email the team…"). */
const VERBS_TAGGED_AS_NOUNS = new Set(['text', 'email', 'ping', 'message', 'call', 'book', 'slack', 'loop', 'cc']);

/**
 * A decision or fact is a statement a reader can take away: not a question, not a condition or a guess, not a
 * fragment the transcriber cut off ("Where Vipin was part of the team…,").
 */
function statement(text: string): boolean {
  const t = text.trim();
  const words = t.split(/\s+/).length;
  return words >= 3 && !/[,;]\s*$/.test(t) && !isQuestion(t) && !CONDITIONAL.test(t) && !GREETING.test(t);
}

/** A season's greeting ("… and Happy New Year!", "Merry Christmas to you too"): chit-chat, never a fact. */
const GREETING =
  /^[\s….,-]*(?:and\s+)?(?:a\s+)?(?:happy|merry)\s+(?:new year|holidays|christmas|thanksgiving|easter|birthday)\b/i;

export interface Selected {
  tasks: SelectedTask[];
  decisions: Decision[];
  facts: Fact[];
}

/**
 * The same speaker starting the same sentence again a few sentences later ("The week of the 12th is the week I will
 * aim for." / "The week of the 12th is the target week in my mind."): one item, the likelier one. The same opening,
 * five words or more, is what a restatement shares; two statements that merely share words are two items.
 */
function restates(a: { opening: string; order: number; speaker: string | null }, b: typeof a): boolean {
  return (
    a.speaker !== null &&
    a.speaker === b.speaker &&
    Math.abs(a.order - b.order) <= 10 &&
    a.opening !== '' &&
    a.opening === b.opening
  );
}

/** The first five words, lower case, without punctuation; empty for a shorter text. */
function openingOf(text: string): string {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  return words.length > 5 ? words.slice(0, 5).join(' ') : '';
}

export function selectItems(model: OfflineModel, classified: Classified[], given: SelectContext): Selected {
  const greeted = new Map<number, string>();
  for (const c of classified) {
    if (c.unit.position !== 0 || c.unit.index < 0) continue;
    const to = spokenTo(c.unit, given);
    if (to) greeted.set(c.unit.index, to);
  }
  const ctx: SelectContext = { ...given, greeted };
  const byKind: Record<Kind, { c: Classified; p: number; order: number }[]> = { task: [], decision: [], fact: [] };
  const sections = sectionsOf(classified);
  const orderOf = new Map(classified.map((c, i) => [c, i - 1]));
  classified.forEach((c, order) => {
    const section = sections[order] ?? null;
    if (section === 'heading' || FOOTER.test(c.unit.text) || TABLE_ROW.test(c.unit.text)) return;
    const k = kindOf(c, model.thresholds, section);
    if (k) byKind[k].push({ c, p: c.p[k], order });
  });
  const done = ctx.done.map(contentTokens);
  const speakers = [ctx.ownerName, ...ctx.people];
  const pick = <T>(kind: Kind, max: number, make: (c: Classified) => T | null, textOf: (t: T) => string): T[] => {
    const kept: { item: T; tokens: string[]; order: number; speaker: string | null; opening: string }[] = [];
    for (const { c, order } of byKind[kind].sort((a, b) => b.p - a.p || a.order - b.order)) {
      const item = make(c);
      if (!item) continue;
      const tokens = contentTokens(textOf(item));
      if (tokens.length < 2) continue;
      const me = { tokens, order, speaker: c.unit.speaker, opening: openingOf(textOf(item)) };
      if (kept.some((k) => jaccard(k.tokens, tokens) >= 0.6 || (ctx.spoken && restates(k, me)))) continue;
      if (done.some((d) => jaccard(d, tokens) >= 0.5)) continue;
      kept.push({ item, ...me });
      if (kept.length >= max) break;
    }
    // Back in source order, so a note reads like the conversation.
    return kept.sort((a, b) => a.order - b.order).map((k) => k.item);
  };
  const tasks = pick(
    'task',
    ctx.max.tasks,
    (c) => {
      const u = c.unit;
      // A ticked checklist item is done work, whatever it says.
      if (/^\s*(?:>\s*)*[-*•]\s*\[[xX]\]/.test(u.text)) return null;
      const addressee = addresseeOf(u, ctx);
      const { text, voice } = taskAction(u.text, {
        speaker: readable(u.speaker, ctx),
        addressee: readable(addressee === u.speaker ? null : addressee, ctx),
      });
      const before = classified[orderOf.get(c) ?? -1];
      const owner = notToSelf(
        pronounReferent(u, before?.unit.index === u.index ? before.unit : undefined, ctx) ??
          ownerFor(ownerClass(model, c), u, ctx, voice),
        u,
        ctx,
      );
      if (tooThin(text) || AWAY.test(text) || (c.p.task < 0.95 && !startsWithVerb(text))) return null;
      return {
        text,
        owner: owner === 'TBD' ? (summaryOwner(text, ctx) ?? owner) : toOther(owner, text, ctx),
        due: dueDate(u.text, u.ref)?.date ?? null,
        priority: priorityOf(u.text),
        evidence: u.text,
      };
    },
    (t) => t.text,
  );
  const decisions = pick(
    'decision',
    ctx.max.decisions,
    (c) => (statement(c.unit.text) ? { text: clean(c.unit.text, speakers), evidence: c.unit.text } : null),
    (d) => d.text,
  );
  const facts = pick(
    'fact',
    ctx.max.facts,
    (c) => {
      if (!statement(c.unit.text)) return null;
      const said = clean(c.unit.text, speakers);
      const speaker = readable(c.unit.speaker, ctx);
      // named on a page's Key Facts, where no speaker stands beside it; filed by what it says, not by who said it
      const text = speaker && speaker !== 'me' ? nameTheSpeaker(said, speaker) : said;
      return {
        text,
        about: aboutOf(said, ctx.subjects),
        evidence: c.unit.text,
        date: mentionedDate(text, c.unit.ref) ?? ctx.sourceDate,
      };
    },
    (f) => f.text,
  );
  return { tasks, decisions, facts };
}
