/**
 * People spoken to in a call the transcriber could not fully diarize. "David, please scroll to the left" tells us
 * David was on the call even when his voice is filed under "Speaker 3" or the file has no speakers at all. Only the
 * vocative counts: a name merely talked about ("Kamal was saying…") is a mention, not a participant.
 */
import nlp from 'compromise';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';

/** A name opening a sentence and followed by a comma: "Kamal, one more thing", "Thanks, Lior, that helps". */
const OPENING =
  /^(?:(?:hi|hey|hello|thanks|thank you|ok|okay|so|and|yes|yeah|sorry|right|well|oh),?\s+)?([A-Z][a-z]{2,})(?:\s+and\s+([A-Z][a-z]{2,}))?,\s+\S/;
/** A name closing a sentence after thanks or a greeting: "Thank you, David." */
const CLOSING = /\b(?:[Tt]hanks|[Tt]hank you|[Hh]i|[Hh]ello|[Bb]ye)[,\s]+([A-Z][a-z]{2,})[.!]?$/;
/** Below this share of unattributed turns the speakers are the participants: a vocative then is just rhetoric. */
const UNDIARIZED_SHARE = 0.25;

/** Words that open sentences with a comma and can look like names to a tagger. */
const NOT_NAMES = new Set(
  `Yes Yeah Okay Right Well Now Actually Basically Also Again Sure Great Perfect Listen Look Sorry Anyway Honestly
  Then First Second Third Finally However Otherwise Meanwhile Today Tomorrow Yesterday Monday Tuesday Wednesday
  Thursday Friday Saturday Sunday January February March April June July August September October November December
  Google Microsoft Amazon Vast Team Guys Everyone Folks Gentlemen Ladies Sir Madam`.split(/\s+/),
);

function taggedPerson(sentence: string, name: string): boolean {
  const doc = nlp(sentence);
  return doc.match(name).has('#Person');
}

export interface AddressedOptions {
  /** Lower-case first words of names already among the participants (the owner's included). */
  present: Set<string>;
}

/**
 * Names addressed in the turns of a mostly undiarized transcript, in first-seen order. A candidate counts when the
 * tagger knows it as a person's name in that sentence ("Dboxes, wait" is not), and is given in full when the text
 * names exactly one such person in full. The vault's entities are deliberately not consulted: what a source yields
 * must not depend on which other sources were processed before it.
 */
export function addressedNames(env: SourceEnvelope, opts: AddressedOptions): string[] {
  if (env.kind !== 'transcript') return [];
  const generic = env.turns.filter((t) => t.generic).length;
  if (env.turns.length > 0 && generic / env.turns.length < UNDIARIZED_SHARE) return [];
  // Insertion order is first-seen order; the value says whether the tagger confirmed the name once.
  const seen = new Map<string, boolean>();
  const texts = env.turns.length > 0 ? env.turns.map((t) => t.text) : [env.text];
  for (const text of texts) {
    for (const sentence of text.split(/(?<=[.!?])\s+/)) {
      const s = sentence.trim();
      const hits: string[] = [];
      const open = OPENING.exec(s);
      if (open) hits.push(...[open[1], open[2]].filter((x): x is string => !!x));
      const close = CLOSING.exec(s);
      if (close?.[1]) hits.push(close[1]);
      for (const name of hits) {
        if (NOT_NAMES.has(name) || isGenericSpeaker(name)) continue;
        if (!seen.get(name)) seen.set(name, taggedPerson(s, name));
      }
    }
  }
  const out: string[] = [];
  for (const [name, person] of seen) {
    const first = name.toLowerCase();
    if (!person || opts.present.has(first)) continue;
    opts.present.add(first);
    out.push(fullNameInText(name, env.text) ?? name);
  }
  return out;
}

/**
 * "David" becomes "David Pollack" when the call names exactly one David in full ("From our side, David Pollack"):
 * a full name resolves to the same page whatever else the vault holds, a lone given name depends on it.
 */
function fullNameInText(given: string, text: string): string | null {
  const families = new Set<string>();
  for (const m of text.matchAll(new RegExp(`\\b${given} ([A-Z][a-z]{2,})\\b`, 'g'))) {
    const family = m[1] as string;
    if (!NOT_NAMES.has(family) && !isGenericSpeaker(family)) families.add(family);
  }
  return families.size === 1 ? `${given} ${[...families][0]}` : null;
}
