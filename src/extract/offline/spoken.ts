/**
 * How people talk, as opposed to what they say: fillers, hedges, conditions and spoken openers. Summary, facts and
 * tasks all weigh a sentence by these, so they are defined once.
 */

/** Fillers of speech; a sentence full of them is rarely worth quoting. */
export const FILLER = /\b(?:you know|i mean|kind of|sort of|like,|um|uh|if i'm honest|to be honest)\b/gi;

const LEAD = String.raw`^(?:(?:so|and|but|yeah|well|um|uh|like|okay|ok|even|then)[,\s]+)*`;

/** A sentence that opens on a condition describes what might be: "If we get a no, then…". */
export const CONDITIONAL = new RegExp(`${LEAD}(?:if|unless|in case|assuming)\\b`, 'i');

/** A sentence that opens on a condition or a hedge states no fact: "If we get a no…", "I think maybe…". */
export const HEDGED = new RegExp(
  `${LEAD}(?:if|unless|in case|assuming|i think|i feel|i guess|i mean|maybe|probably|you know|i don't know|i'm not sure)\\b`,
  'i',
);

/** Spoken openers a written line can do without ("So, the plan is…" -> "The plan is…"). */
const OPENER = /^(?:(?:so|and|but|yeah|yes|well|okay|ok|right|um|uh|also|now|then)\b[,\s]+)+/i;

export function fillerCount(text: string): number {
  return (text.match(FILLER) ?? []).length;
}

/** The sentence without its spoken opener, first letter up; unchanged when nothing would be left. */
export function withoutOpener(text: string): string {
  const t = text.replace(OPENER, '');
  return t === '' ? text : t.charAt(0).toUpperCase() + t.slice(1);
}

/** A statement the speaker ends on a tag ("…a two-week journey, right?", "…of my organization, okay?"). */
const TAG_QUESTION =
  /[,.]?\s*(?:right|okay|ok|correct|yeah|yes|no|you know|isn't it|aren't they|don't you think)\s*\?\s*$/i;

/** Whether a sentence asks something: it ends on a question mark that is not a spoken tag on a statement. */
export function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text) && !TAG_QUESTION.test(text);
}

/** The statement without the tag its speaker ended it on: "…a two-week journey, right?" -> "…a two-week journey." */
export function withoutTag(text: string): string {
  return TAG_QUESTION.test(text) ? `${text.replace(TAG_QUESTION, '').trimEnd()}.` : text;
}

/** Two or three capitalised words glued (no space) to the speech that follows: `Jason ValleryYeah, I'm…`. */
const GLUED_NAME = /^([A-Z][a-z'’]+(?: [A-Z][a-z'’]+){1,2})(?=[A-Z"“(]|[-–—]\s)/;

/**
 * A transcriber that writes the speaker's name glued to their words (`Jabra Speak 710 :  Jason ValleryYeah, I'm…`,
 * `Jason Valleryor something…`) leaves the name in the unit's text: a summary sentence starts at the speech.
 */
export function withoutGluedName(text: string, names: readonly string[]): string {
  const t = text.trimStart();
  // the longest full name the text opens on (no sorted copy of the names per sentence), else the glued pattern
  let known = '';
  for (const n of names) if (n.length > known.length && n.includes(' ') && t.startsWith(n)) known = n;
  const name = known || GLUED_NAME.exec(t)?.[1];
  if (!name || /^\s/.test(t.slice(name.length))) return text;
  return t.slice(name.length).replace(/^[\s\-–—]+/, '');
}
