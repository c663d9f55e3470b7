/**
 * Training the offline model from labelled sources. Pure: the caller reads the labels and sources (scripts/train.ts
 * for the committed weights, `distill eval --folds` for cross-validation).
 */
import { examplesOf, type LabelledSource } from './dataset.ts';
import { type Example, type LinearModel, type TrainOptions, train } from './logreg.ts';
import { type OfflineModel, OWNER_CLASSES, SENTENCE_CLASSES } from './sentence-model.ts';

/** Chosen by cross-validation on the dev labels (`npm run train -- --sweep`). */
export const DEFAULT_THRESHOLDS: OfflineModel['thresholds'] = { task: 0.45, decision: 0.6, fact: 0.2 };

/** How much more a missed item costs than a false alarm, per class: items are rare among the units. */
const CLASS_WEIGHT: Record<string, number> = { task: 4, decision: 4, fact: 2, none: 1 };

export function trainModel(
  sources: LabelledSource[],
  ownerNames: string[],
  trainedOn: string,
  thresholds: OfflineModel['thresholds'] = DEFAULT_THRESHOLDS,
  options: { sentence?: TrainOptions; owner?: TrainOptions; classWeight?: Record<string, number> } = {},
): OfflineModel {
  const sentence: Example[] = [];
  const owner: Example[] = [];
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
    sentence: averaged(
      SEEDS.map((seed) =>
        train([...SENTENCE_CLASSES], sentence, { epochs: 20, rate: 0.1, minCount: 5, seed, ...options.sentence }),
      ),
    ),
    owner: averaged(
      SEEDS.map((seed) => train([...OWNER_CLASSES], owner, { epochs: 20, minCount: 2, seed, ...options.owner })),
    ),
    thresholds,
  };
}

/** Shuffle seeds of the averaged models: three take most of the order's noise out of the scores. */
const SEEDS = [7, 1, 2];

/**
 * The mean of linear models trained on the same examples in different orders: one model of the same size, whose
 * scores no longer depend on which shuffle the trainer happened to draw.
 */
function averaged(models: LinearModel[]): LinearModel {
  if (models.length === 1) return models[0] as LinearModel;
  const n = models.length;
  const first = models[0] as LinearModel;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const weights: Record<string, number[]> = {};
  for (const m of models) {
    for (const [f, w] of Object.entries(m.weights)) {
      const acc = weights[f] ?? w.map(() => 0);
      weights[f] = acc;
      w.forEach((v, k) => {
        acc[k] = (acc[k] as number) + v / n;
      });
    }
  }
  for (const [f, w] of Object.entries(weights)) {
    const r = w.map(round);
    if (r.some((v) => Math.abs(v) >= 0.01)) weights[f] = r;
    else delete weights[f];
  }
  return {
    classes: first.classes,
    bias: first.bias.map((_, k) => round(models.reduce((a, m) => a + (m.bias[k] as number), 0) / n)),
    weights,
  };
}
