/**
 * `npm run train`: fits the offline extractor's sentence and owner models on the dev gold labels and writes
 * src/extract/offline/model/weights.json. Deterministic: the same labels give the same bytes. Scores come from
 * `distill eval --folds 5`, which trains the same way without each held-out fold.
 *
 *   npm run train                                   # test/fixtures/gold/gold.dev.jsonl -> weights.json
 *   npm run train -- --labels other.jsonl --out /tmp/w.json
 *   npm run train -- --sweep                        # cross-validated thresholds and ranking ceiling; writes nothing
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readLabels } from '../src/extract/eval/labels.ts';
import { DEFAULT_GRID, renderSweep, sweepThresholds } from '../src/extract/eval/sweep.ts';
import { type GoldLine, readLabelledSources } from '../src/extract/offline/model/corpus.ts';
import { serialiseModel } from '../src/extract/offline/model/load.ts';
import { trainModel } from '../src/extract/offline/model/train.ts';
import { loadConfig } from '../src/vault/config.ts';

const { values } = parseArgs({
  options: {
    labels: { type: 'string', default: 'test/fixtures/gold/gold.dev.jsonl' },
    out: { type: 'string', default: 'src/extract/offline/model/weights.json' },
    sweep: { type: 'boolean', default: false },
    folds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const labelsFile = path.resolve(values.labels);
const root = path.dirname(labelsFile);
const labels = readFileSync(labelsFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as GoldLine);
const config = loadConfig(root);
if (values.sweep) {
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > labels.length) {
    process.stderr.write(`--folds must be a whole number from 2 to ${labels.length}, not "${values.folds}"\n`);
    process.exit(2);
  }
  const report = await sweepThresholds(readLabels(labelsFile), {
    root,
    ctx: { config, known: [], today: '1970-01-01' },
    folds,
    grid: DEFAULT_GRID,
    // A progress line on a terminal; a log gets none (a carriage return per step would make it one long line).
    onStep: (done, total, what) => {
      if (process.stderr.isTTY) process.stderr.write(`\r[${done}/${total}] ${what}`.padEnd(40));
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderSweep(report));
  process.exit(0);
}
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
