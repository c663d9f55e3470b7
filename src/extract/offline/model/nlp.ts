/**
 * Tokens, lemmas, parts of speech and number/date entities from wink-nlp's shipped English model, loaded on first
 * use (the model is 3 MB of JSON and most commands never extract anything), in this process or in a worker thread
 * (see nlp-host.ts).
 */
import { callNlp } from '../../nlp-host.ts';

export interface Analysis {
  /** Lower-case surface forms. */
  words: string[];
  lemmas: string[];
  /** Universal POS tags (VERB, AUX, PRON, PROPN, NOUN, …), one per token. */
  pos: string[];
  /** Entity types wink finds: DATE, TIME, CARDINAL, MONEY, PERCENT, DURATION, … */
  entities: string[];
}

export function analyse(text: string): Analysis {
  return callNlp('wink', 'analyse', text);
}
