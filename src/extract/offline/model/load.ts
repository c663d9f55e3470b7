/** The committed weights, read once on first use. */
import { readFileSync } from 'node:fs';
import type { OfflineModel } from './sentence-model.ts';

export const WEIGHTS_FILE = new URL('./weights.json', import.meta.url);

let cached: OfflineModel | null = null;

export function loadModel(): OfflineModel {
  cached ??= JSON.parse(readFileSync(WEIGHTS_FILE, 'utf8')) as OfflineModel;
  return cached;
}

/** One feature a line, so a diff of the weights file reads as which features moved. */
export function serialiseModel(model: OfflineModel): string {
  const linear = (m: OfflineModel['sentence']) =>
    [
      '{',
      `  "classes": ${JSON.stringify(m.classes)},`,
      `  "bias": ${JSON.stringify(m.bias)},`,
      '  "weights": {',
      Object.entries(m.weights)
        .map(([f, w]) => `   ${JSON.stringify(f)}: ${JSON.stringify(w)}`)
        .join(',\n'),
      '  }',
      ' }',
    ].join('\n');
  return [
    '{',
    ` "version": ${model.version},`,
    ` "trained_on": ${JSON.stringify(model.trained_on)},`,
    ` "thresholds": ${JSON.stringify(model.thresholds)},`,
    ` "sentence": ${linear(model.sentence)},`,
    ` "owner": ${linear(model.owner)}`,
    '}',
    '',
  ].join('\n');
}
