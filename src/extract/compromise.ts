/**
 * What Distill asks of compromise, as plain functions of text: people and organisations named, tags, verb forms.
 * compromise itself loads on first use (a run with nothing new never pays for it), in this process or in a worker
 * thread (see nlp-host.ts); every caller goes through here.
 */
import { callNlp } from './nlp-host.ts';

/** The people compromise reads in the text, as written ("Pete's", "- Amit,"). */
export function peopleIn(text: string): string[] {
  return callNlp('compromise', 'people', text);
}

/** People and organisations in one reading of the text. */
export function peopleAndOrganizationsIn(text: string): { people: string[]; organizations: string[] } {
  return callNlp('compromise', 'peopleAndOrganizations', text);
}

/** Whether compromise tags any word of the text with `tag` (`#FirstName`, `#Verb`, …). */
export function hasTag(text: string, tag: string): boolean {
  return hasAnyTag(text, [tag]);
}

/** Whether any of `tags` is on a word of the text, read once. */
export function hasAnyTag(text: string, tags: readonly string[]): boolean {
  return callNlp('compromise', 'hasAny', text, [...tags]);
}

/** Whether the words `match` finds in the text carry `tag` ("Glenn" in "Glenn, can you…" as #Person). */
export function matchHasTag(text: string, match: string, tag: string): boolean {
  return callNlp('compromise', 'matchHas', text, match, tag);
}

/** The verbs of the text in their base form ("reviewing" -> "review"). */
export function infinitiveOf(text: string): string {
  return callNlp('compromise', 'infinitive', text);
}
