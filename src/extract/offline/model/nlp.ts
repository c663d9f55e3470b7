/**
 * Tokens, lemmas, parts of speech and number/date entities from wink-nlp's shipped English model. Loaded once, on
 * first use: the model is 3 MB of JSON and most commands never extract anything.
 */

import model from 'wink-eng-lite-web-model';
import winkNLP, { type WinkMethods } from 'wink-nlp';

export interface Analysis {
  /** Lower-case surface forms. */
  words: string[];
  lemmas: string[];
  /** Universal POS tags (VERB, AUX, PRON, PROPN, NOUN, …), one per token. */
  pos: string[];
  /** Entity types wink finds: DATE, TIME, CARDINAL, MONEY, PERCENT, DURATION, … */
  entities: string[];
}

let nlp: WinkMethods | null = null;

function load(): WinkMethods {
  nlp ??= winkNLP(model);
  return nlp;
}

/** Long lines (tables, pasted logs) are cut: features only read the first words, and wink's time grows with length. */
const MAX_CHARS = 600;

export function analyse(text: string): Analysis {
  const n = load();
  const doc = n.readDoc(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
  const its = n.its;
  const tokens = doc.tokens();
  return {
    words: tokens.out(its.normal) as string[],
    // wink's typings do not admit its.lemma (it takes the model's addons), though the runtime does.
    lemmas: tokens.out(its.lemma as unknown as typeof its.normal) as string[],
    pos: tokens.out(its.pos) as string[],
    entities: (doc.entities().out(its.detail) as unknown as { type: string }[]).map((e) => e.type),
  };
}
