/**
 * Training the offline model from labelled sources. Pure: the caller reads the labels and sources (scripts/train.ts
 * for the committed weights, `distill eval --folds` for cross-validation).
 */
import { examplesOf, type LabelledSource } from './dataset.ts';
import { type TrainOptions, train } from './logreg.ts';
import { type OfflineModel, OWNER_CLASSES, SENTENCE_CLASSES } from './sentence-model.ts';

/** Chosen by cross-validation on the dev labels (`npm run train -- --sweep`). */
export const DEFAULT_THRESHOLDS: OfflineModel['thresholds'] = { task: 0.45, decision: 0.6, fact: 0.25 };

/** How much more a missed item costs than a false alarm, per class: items are rare among the units. */
const CLASS_WEIGHT: Record<string, number> = { task: 4, decision: 4, fact: 2, none: 1 };

export function trainModel(
  sources: LabelledSource[],
  ownerNames: string[],
  trainedOn: string,
  thresholds: OfflineModel['thresholds'] = DEFAULT_THRESHOLDS,
  options: { sentence?: TrainOptions; owner?: TrainOptions; classWeight?: Record<string, number> } = {},
): OfflineModel {
  const sentence = [];
  const owner = [];
  for (const s of sources) {
    const ex = examplesOf(s, ownerNames);
    sentence.push(...ex.sentence);
    owner.push(...ex.owner);
  }
  const weights = options.classWeight ?? CLASS_WEIGHT;
  for (const e of sentence) e.weight = weights[e.label] ?? 1;
  return {
    version: 1,
    trained_on: trainedOn,
    sentence: train([...SENTENCE_CLASSES], sentence, { epochs: 20, rate: 0.1, minCount: 5, ...options.sentence }),
    owner: train([...OWNER_CLASSES], owner, { epochs: 20, minCount: 2, ...options.owner }),
    thresholds,
  };
}
