/**
 * The committed weights are what `npm run train` makes from the committed labels: a change to features, labels or
 * training that was not followed by a retrain fails here, not in a user's notes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../vault/config.ts';
import { readLabels } from '../../eval/labels.ts';
import { readLabelledSources } from './corpus.ts';
import { serialiseModel, WEIGHTS_FILE } from './load.ts';
import { trainModel } from './train.ts';

const root = path.resolve(import.meta.dirname, '../../../../test/fixtures/gold');

describe('weights.json', () => {
  it('is exactly what training on the dev gold labels gives', async () => {
    const file = path.join(root, 'gold.dev.jsonl');
    const labels = readLabels(file);
    const config = loadConfig(root);
    const sources = await readLabelledSources(labels, root, { config, known: [], today: '1970-01-01' });
    const model = trainModel(
      sources,
      [config.owner.name, ...config.owner.aliases],
      `${path.basename(file)} (${labels.length} sources)`,
    );
    expect(serialiseModel(model)).toBe(readFileSync(WEIGHTS_FILE, 'utf8'));
  }, 60_000);
});
