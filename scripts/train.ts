/**
 * `npm run train`: fits the offline extractor's sentence and owner models on the dev gold labels and writes
 * src/extract/offline/model/weights.json. Deterministic: the same labels give the same bytes. Scores come from
 * `distill eval --folds 5`, which trains the same way without each held-out fold.
 *
 *   npm run train                                   # test/fixtures/gold/gold.dev.jsonl -> weights.json
 *   npm run train -- --labels other.jsonl --out /tmp/w.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type GoldLine, readLabelledSources } from '../src/extract/offline/model/corpus.ts';
import { serialiseModel } from '../src/extract/offline/model/load.ts';
import { trainModel } from '../src/extract/offline/model/train.ts';
import { loadConfig } from '../src/vault/config.ts';

const { values } = parseArgs({
  options: {
    labels: { type: 'string', default: 'test/fixtures/gold/gold.dev.jsonl' },
    out: { type: 'string', default: 'src/extract/offline/model/weights.json' },
  },
});
const labelsFile = path.resolve(values.labels);
const root = path.dirname(labelsFile);
const labels = readFileSync(labelsFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as GoldLine);
const config = loadConfig(root);
const started = performance.now();
const sources = await readLabelledSources(labels, root, { config, known: [], today: '1970-01-01' });
const model = trainModel(
  sources,
  [config.owner.name, ...config.owner.aliases],
  `${path.basename(labelsFile)} (${labels.length} sources)`,
);
writeFileSync(values.out, serialiseModel(model));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `trained on ${labels.length} sources in ${seconds} s: ${Object.keys(model.sentence.weights).length} sentence features, ${Object.keys(model.owner.weights).length} owner features -> ${values.out}\n`,
);
