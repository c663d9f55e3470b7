/**
 * Training the offline model from labelled sources. Pure: the caller reads the labels and sources (scripts/train.ts
 * for the committed weights, `distill eval --folds` for cross-validation).
 */
import { examplesOf, type LabelledSource } from './dataset.ts';
import { train } from './logreg.ts';
import { type OfflineModel, OWNER_CLASSES, SENTENCE_CLASSES } from './sentence-model.ts';

/** Chosen by cross-validation on the dev labels (`npm run train -- --sweep`). */
export const DEFAULT_THRESHOLDS: OfflineModel['thresholds'] = { task: 0.5, decision: 0.5, fact: 0.5 };

/** How much more a missed item costs than a false alarm, per class: items are rare among the units. */
const CLASS_WEIGHT: Record<string, number> = { task: 4, decision: 4, fact: 2, none: 1 };

export function trainModel(
  sources: LabelledSource[],
  ownerNames: string[],
  trainedOn: string,
  thresholds: OfflineModel['thresholds'] = DEFAULT_THRESHOLDS,
): OfflineModel {
  const sentence = [];
  const owner = [];
  for (const s of sources) {
    const ex = examplesOf(s, ownerNames);
    sentence.push(...ex.sentence);
    owner.push(...ex.owner);
  }
  for (const e of sentence) e.weight = CLASS_WEIGHT[e.label] ?? 1;
  return {
    version: 1,
    trained_on: trainedOn,
    sentence: train([...SENTENCE_CLASSES], sentence, { epochs: 10, minCount: 2 }),
    owner: train([...OWNER_CLASSES], owner, { epochs: 20, minCount: 2 }),
    thresholds,
  };
}
