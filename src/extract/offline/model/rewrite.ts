/**
 * Task text a person would write: the action in the imperative, without the "I'll" / "can you" that carried it, with
 * the pronouns said to someone replaced by who they mean ("I'll send you the deck", Jeff to Jason -> "Send Jason the
 * deck"). The evidence keeps the words as said; this is only the line a reader scans.
 */
import { infinitiveOf } from '../../compromise.ts';

export interface Voices {
  /** Who said the sentence, as a reader should see the name; null when unknown. */
  speaker: string | null;
  /** Whom the sentence is said to, when that is one person. */
  addressee: string | null;
}

const OPENER =
  /^(?:(?:so|and|but|ok|okay|yeah|yes|alright|all right|well|um|uh|also|then|great|sure|perfect|cool|right|now|hi|hey|hello|thanks|thank you)\b[,.!:]?\s+)+/i;
const BULLET = /^\s*(?:>\s*)*(?:[-*•]\s+(?:\[[ xX?]\]\s+)?|\d+[.)]\s+)/;
const MODAL =
  /^(?:(?:i|we)\s*(?:will|'ll|’ll|shall|can|could|should|must|need to|have to|want to|would like to|'d like to|’d like to|am going to|'m going to|’m going to|are going to|'re going to|’re going to|plan to|will need to|'ll need to|will try to|'ll try to|will make sure to|'ll make sure to|'ll go ahead and|will go ahead and|also)\s+|let me\s+|let's\s+|let’s\s+|let us\s+|(?:can|could|would|will)\s+(?:you|u)\s+|you\s*(?:(?:will|'ll|’ll) (?:have|need) to|will|'ll|’ll|should|need to|have to|must|can|could)\s+|please\s+|pls\s+|kindly\s+|(?:make sure|ensure)(?:\s+(?:to|that you|you))?\s+|i need you to\s+|(?:he|she|they)\s+(?:will|'ll|’ll|should|needs? to|has to|have to|is going to|are going to)\s+|(?:just|also|then|definitely|quickly|maybe|still|go ahead and)\s+)+/i;
/**
 * "Perla will…": a name as the subject. Apart from MODAL because it must be case-sensitive: under MODAL's `i` flag
 * any word would pass for a name ("what will happen…" lost its first two words).
 */
const NAMED_MODAL =
  /^(?!(?:What|That|This|It|There|Which|Who|Where|When|How|So|And|But|Then|Everything|Nothing|Someone|Everyone|You|We|They|He|She)\s)[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+(?:will|'ll|’ll|should|needs to|has to|is going to|can)\s+/;
/** Where the action ends and another thought begins: the task text stops there, the evidence keeps it all. */
const CLAUSE_BREAK =
  /(?:,\s*(?:but|because|which|while|whereas|though|although|by the way|so that|and then|i|i'm|i've|we|we're|we've|you're|they|they're|he|she|it's|that's)\b|;|\s[-\u2013\u2014]\s|\s(?:but|because|so that|since|then)\s|\?\s)/i;
const TRAILING =
  /\s+(?:the|a|an|our|your|my|to|of|and|or|with|for|in|on|at|by|from|into|about|over|up|that|which|because|but|so|if|like|where|there|here|as|is|are|be)$/i;

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** Asides that carry no action: "I think", "you know", "I mean", "kind of". */
const ASIDES =
  /(?:^|,\s*|\s)(?:i think(?: that)?|i guess|i mean|i believe|i would say|i'd say|(?<!\blet )you know(?!\s+(?:anyone|anybody|someone|somebody|any|who|whom|whether|if|how|where|what|when|of|about)\b)|you see|kind of|sort of|to me|um+|uh+)(?=[\s,.]|$),?/gi;

/** The sentence without "I think", "you know", "kind of" and the like. */
export function withoutAsides(text: string): string {
  return text.replace(ASIDES, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Pronouns said by the speaker to the addressee, replaced by their names where known; a contraction goes with its
 * verb ("I'm" -> "Jeff is"). With no name to put, the listener is "them" and the speaker's side "the team".
 */
export function resolvePronouns(text: string, v: Voices): string {
  const me = v.speaker ?? 'the speaker';
  const you = v.addressee;
  const rules: Rule[] = [
    [/\byou guys\b/gi, you ?? 'them'],
    [/\byou(?:'re|’re| are)\b/gi, you ? `${you} is` : 'they are'],
    [/\byou(?:'ve|’ve| have)\b/gi, you ? `${you} has` : 'they have'],
    [/\byou(?:'ll|’ll)\b/gi, `${you ?? 'they'} will`],
    [/\byour\b/gi, you ? possessive(you) : 'their'],
    ...(you
      ? [
          [
            new RegExp(`\\b((?:when|if|that|and|as|so|unless|until|once)\\s+)you\\s+(${AGREEING})\\b`, 'gi'),
            third(you),
          ] as Rule,
        ]
      : []),
    // "you" as a subject with nobody to name is "they" ("when you share" -> "when they share"), not "them"
    [
      /\b(do|did|can|could|will|would|should|when|if|that|and|as|so|unless|until|once)\s+you\b/gi,
      you ? `$1 ${you}` : '$1 they',
    ],
    [/\byou(?:rself)?\b/gi, you ?? 'them'],
    ...speakerRules(me),
    [/\bwe(?:'re|’re| are)\b/gi, 'the team is'],
    [/\bwe(?:'ve|’ve| have)\b/gi, 'the team has'],
    [/\bwe(?:'ll|’ll)\b/gi, 'the team will'],
    [/\bwe\b/gi, 'the team'],
    [/\bour\b/gi, 'the'],
    [/\bus\b/gi, 'the team'],
  ];
  return applyRules(text, rules);
}

/** "I", "me", "my" said by `me`, as their name: "I'm" -> "Jeff is", "I know" -> "Jeff knows". */
function speakerRules(me: string): Rule[] {
  return [
    [/\bI(?:'m|’m| am)\b/gi, `${me} is`],
    [/\bI(?:'ve|’ve| have)\b/gi, `${me} has`],
    [/\bI(?:'ll|’ll)\b/gi, `${me} will`],
    [/\bI(?:'d|’d)\b/gi, `${me} would`],
    [/\bI (?:don't|don’t|do not)\b/g, `${me} doesn't`],
    [/\bmy\b/gi, possessive(me)],
    [/\b(?:me|myself)\b/gi, me],
    [new RegExp(`(^|[^\\w'’])I\\s+(${AGREEING})\\b`, 'g'), third(me)],
    [/\bI\b/g, me],
  ];
}

/**
 * A statement in the first person singular with its speaker named ("I already heard Microsoft is deploying hard
 * drives" -> "Jason Vallery already heard…"): a fact read on an account's page has no speaker beside it. Only when
 * the speaker is in it once; "we" and "you" stay as said: whom they take in is for the reader to judge.
 */
export function nameTheSpeaker(text: string, speaker: string): string {
  // Once: a name said over and over ("Jeff was convinced Jeff had top rewards coming Jeff's way") reads worse than "I".
  if ((text.match(/\b(?:I|I'm|I’m|I've|I’ve|I'll|I’ll|I'd|I’d|me|my|myself)\b/gi) ?? []).length !== 1) return text;
  return applyRules(text, speakerRules(speaker));
}

/** A name (or "the speaker") in place of "I" or "you" takes the verb's third person: "if you know" -> "if Jason knows". */
function third(who: string) {
  return (_: string, before: string, verb: string): string => `${before}${who} ${thirdPerson(verb)}`;
}

/** A pattern and what it becomes: a text, or a function of the match. */
type Rule = [RegExp, string | ((match: string, ...groups: string[]) => string)];

function applyRules(text: string, rules: readonly Rule[]): string {
  let t = text;
  for (const [re, to] of rules) t = typeof to === 'string' ? t.replace(re, to) : t.replace(re, to);
  return t;
}

/** Verbs said after "I" or "you" that a name in their place makes third person. */
const AGREEING =
  'know|want|need|think|see|like|get|hear|feel|find|mean|prefer|plan|agree|decide|send|share|review|check|ask|owe|expect|hope|guess';

function thirdPerson(verb: string): string {
  return /(?:s|sh|ch|x|o)$/i.test(verb) ? `${verb}es` : `${verb}s`;
}

/** A commitment or request that starts inside the sentence, after a clause or a spoken restart. */
const INNER_ACTION =
  /(?:^|[\s,;])(?=(?:i(?:'ll|’ll| will| am going to|'m going to|’m going to|'m gonna)|let me|let's|let’s|we(?:'ll|’ll| will| need to| have to)|you(?:'ll|’ll| will) (?:have|need) to|(?:can|could|would|will) you|please)\s)/i;

/** A spoken tag at the end ("…check it out internally, right?", "…by Friday, okay"): the listener's cue, not the action. */
const SPOKEN_TAG = /,\s*(?:right|okay|ok|yeah|yes|you know|i think|i guess|correct)\s*[.?!]*\s*$/i;

/** Sentences a transcriber ran together: the task line keeps the first clause that carries the action. */
const MAX_WORDS = 24;

/**
 * "…and I took the action item on setting up the meeting", "I added a follow-up action item to check it", "we'll
 * take the AI to draft it": the action is what follows, whoever took it; whatever came before is talk.
 */
const TOOK_ACTION_ITEM =
  /\b(i|we)(?:'ll|’ll| will| have| 've| just)?\s+(?:took|take|taken|own|got|have|added)\s+(?:the|an?|that|this)\s+(?:follow[- ]up\s+)?(?:action items?|ai|to-?do)\s+(?:on|to|for|of)\s+/i;

/**
 * A line over the word limit is cut at the last comma inside the limit; without one, where a relative clause begins
 * ("…share a design document | that we want to…") when one begins far enough in, so the line ends on a whole phrase
 * instead of mid-way ("…to the next."); else at the limit.
 */
function cutLong(words: string[]): string {
  const head = words.slice(0, MAX_WORDS);
  const joined = head.join(' ');
  const comma = joined.lastIndexOf(',');
  if (comma > 20) return joined.slice(0, comma);
  for (let i = head.length - 1; i >= 8; i--) {
    const complement = /^(?:say|said|says|think|know|mean|sure)$/i.test(head[i - 1] ?? '');
    if (/^(?:that|which|who|where)$/i.test(head[i] ?? '') && !complement) return head.slice(0, i).join(' ');
  }
  return joined;
}

/**
 * Who the words that carried the action make its doer: the speaker ("I'll", "let me"), the one spoken to ("can you",
 * "please", "you should"), the speaker's side ("we'll", "let's"), someone named ("Perla will"), or a third person.
 */
export type ActionVoice = 'speaker' | 'addressee' | 'team' | 'third' | { named: string };

function voiceOf(carrier: string): ActionVoice | null {
  const c = carrier.trim();
  if (/^(?:i\b|let me\b)/i.test(c)) return 'speaker';
  if (
    /^(?:(?:can|could|would|will)\s+(?:you|u)\b|you\b|please\b|pls\b|kindly\b|i need you\b|make sure\b|ensure\b)/i.test(
      c,
    )
  )
    return 'addressee';
  if (/^(?:we\b|let(?:'|’)s\b|let us\b)/i.test(c)) return 'team';
  if (/^(?:he|she|they)\b/i.test(c)) return 'third';
  const name = /^([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:will|'ll|’ll|should|needs to|has to|is going to|can)\b/.exec(
    c,
  )?.[1];
  return name ? { named: name } : null;
}

export interface TaskAction {
  /** The imperative line a reader scans. */
  text: string;
  /** Who the sentence's own words make the doer; null when the action came without a subject or modal. */
  voice: ActionVoice | null;
}

/**
 * "be reviewing that today" -> "review that today", "be able to get…" -> "get…": what is left after "I'll" or
 * "we will" is a progressive more often than not in speech, and a task line is an imperative.
 */
function simpleForm(t: string): string {
  const able = /^be\s+able\s+to\s+/i.exec(t);
  if (able) return t.slice(able[0].length);
  const prog = /^be\s+([a-z]+ing)\b/i.exec(t);
  if (!prog) return t;
  const base = infinitiveOf(prog[1] as string).trim();
  return base && /^[a-z]+$/i.test(base) ? `${base}${t.slice(prog[0].length)}` : t;
}

/** The imperative task line for a sentence classified as a task. */
export function taskLine(sentence: string, v: Voices): string {
  return taskAction(sentence, v).text;
}

/** The task line and whose action its words say it is. */
export function taskAction(sentence: string, v: Voices): TaskAction {
  let voice: ActionVoice | null = null;
  let t = sentence.replace(/\s+/g, ' ').replace(BULLET, '').replace(/\*\*/g, '').trim();
  // A vocative or @-mention that opens the sentence names the owner, not the action.
  t = t.replace(/^(?:(?:hi|hey|hello|dear)\s+)?@?[A-Z][\w.-]*(?:\s[A-Z][\w-]*)?\s*[,:]\s+/, '');
  t = t.replace(/^(?:@[\w.-]+(?:\s+[A-Z][\w-]*)?\s*(?:&|and|,)?\s*)+/, '');
  // "Please let me know by Friday if they can make it" asks the one spoken to to tell the speaker: "Tell <speaker>…",
  // not "Know by Friday…" (which is what taking "please" and "let me" off as modals leaves).
  // Anywhere in a request ("VAST team, please let me know…", "Can you let me know…") it is the same ask.
  const askedToTell = /^(?:(?:please|pls|kindly|just)\s+)*let (?:me|us) know\b/i;
  if (askedToTell.test(t.replace(OPENER, ''))) voice = 'addressee';
  t = t.replace(/\blet (me|us) know\b/gi, 'tell $1');
  let acted = false;
  const took = TOOK_ACTION_ITEM.exec(t);
  if (took) {
    voice = took[1]?.toLowerCase() === 'i' ? 'speaker' : 'team';
    acted = true;
    t = t.slice(took.index + took[0].length);
    const gerund = /^([a-z]+ing)\b/i.exec(t);
    const base = gerund ? infinitiveOf(gerund[1] as string).trim() : '';
    if (gerund && /^[a-z]+$/i.test(base)) t = `${base}${t.slice(gerund[0].length)}`;
  }
  for (let i = 0; i < 3 && !took; i++) {
    const opened = t.replace(OPENER, '');
    const stripped = opened.replace(NAMED_MODAL, '').replace(MODAL, '');
    if (stripped !== opened) {
      acted = true;
      voice ??= voiceOf(opened);
    }
    if (stripped === t) break;
    t = stripped;
  }
  // "Thanks, could you send…", "So this is, I'm going to write…": the action can follow an opening clause.
  if (!acted) {
    const inner = INNER_ACTION.exec(t);
    if (inner) {
      t = t.slice(inner.index + inner[0].length);
      voice = voiceOf(t);
      t = t.replace(MODAL, '');
    }
  }
  t = withoutAsides(t).replace(MODAL, '').replace(SPOKEN_TAG, '');
  t = simpleForm(t);
  const whole = t;
  const cut = CLAUSE_BREAK.exec(t);
  if (cut && cut.index > 12) t = t.slice(0, cut.index);
  const words = t.split(' ');
  if (words.length > MAX_WORDS) t = cutLong(words);
  t = resolvePronouns(t, v);
  t = t.replace(/[\s?!.,;:"'\u201c\u201d\u2019)]+$/, '');
  if (t.length > 200) t = t.slice(0, 200).replace(/\s+\S*$/, '');
  // A line cut short can end on "…send the"; one that ends where the speaker ended keeps its words ("Follow up on
  // that").
  const ended = whole.replace(/[\s?!.,;:"'\u201c\u201d\u2019)]+$/, '').endsWith(t);
  for (let prev = ''; !ended && prev !== t; ) {
    prev = t;
    t = t.replace(TRAILING, '');
  }
  return { text: `${t.charAt(0).toUpperCase()}${t.slice(1)}.`, voice };
}
