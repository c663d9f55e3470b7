/**
 * `distill eval`: runs an extractor over gold-labelled sources and prints precision/recall totals per kind and the
 * acceptance targets. Missing a target is a finding, not a failure: the exit code is 0 when it ran.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { OWNER } from '../../core/owner.ts';
import { heldOutExtractors } from '../../extract/eval/folds.ts';
import { type GoldLabel, readLabels } from '../../extract/eval/labels.ts';
import { renderReport } from '../../extract/eval/report.ts';
import { type EvalOptions, evaluate } from '../../extract/eval/run.ts';
import type { ExtractContext, Extractor } from '../../extract/extractor.ts';
import { trainOfflineExtractor } from '../../extract/offline/model/corpus.ts';
import { createExtractor } from '../../llm/index.ts';
import { CONFIG_FILE, loadConfig } from '../../vault/config.ts';
import { EXIT_OK, type GlobalOptions, openVault, printJson, progress, UsageError, warn } from '../context.ts';

/** Builds an extractor from labelled sources: what `--folds` cross-validates. */
export type Trainer = (train: GoldLabel[], root: string, ctx: ExtractContext) => Promise<Extractor>;

/** The offline model, trained the way `npm run train` trains it, on the folds other than the one scored. */
const defaultTrainer: Trainer | null = trainOfflineExtractor;

interface EvalOpts {
  labels: string;
  vaultRoot?: string;
  extractor: string;
  json?: boolean;
  perSource?: boolean;
  folds?: string;
  owner?: string;
  ownerEmail?: string[];
}

export function register(
  program: Command,
  setExit: (code: number) => void,
  trainer: Trainer | null = defaultTrainer,
): void {
  program
    .command('eval')
    .description('score an extractor against gold-labelled sources (tasks, owners, due dates, decisions, facts, ...)')
    .requiredOption('--labels <file>', 'gold labels file (JSON lines, see test/fixtures/gold/GOLD.md)')
    .option(
      '--vault-root <dir>',
      "folder the labels' source_path values are relative to (default: the labels file's folder)",
    )
    .option('--extractor <kind>', 'offline or llm', 'offline')
    .option('--folds <k>', 'k-fold cross-validation: each source is extracted by a model trained without its fold')
    .option('--owner <name>', "the vault owner's name (default: from distill.config.yaml)")
    .option('--owner-email <address...>', "the vault owner's addresses")
    .option('--per-source', 'a row per source before the totals')
    .option('--json', 'the report as JSON')
    .action(async (o: EvalOpts, cmd: Command) => {
      if (o.extractor !== 'offline' && o.extractor !== 'llm')
        throw new UsageError(`--extractor must be offline or llm, not "${o.extractor}"`);
      const labelsFile = path.resolve(o.labels);
      if (!existsSync(labelsFile)) throw new UsageError(`labels file not found: ${labelsFile}`);
      const root = path.resolve(o.vaultRoot ?? path.dirname(labelsFile));
      if (!existsSync(root)) throw new UsageError(`--vault-root not found: ${root}`);
      let labels: GoldLabel[];
      try {
        labels = readLabels(labelsFile);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const folds = o.folds === undefined ? null : Number(o.folds);
      if (folds !== null) {
        if (!trainer) throw new UsageError('cross-validation needs a trainable extractor');
        if (o.extractor !== 'offline') throw new UsageError('--folds trains its own extractor: drop --extractor');
        if (!Number.isInteger(folds) || folds < 2 || folds > labels.length)
          throw new UsageError(`--folds must be a whole number from 2 to ${labels.length}, not "${o.folds}"`);
      }
      // The labelled folder's own config names its owner; else the vault the command runs in.
      const config = existsSync(path.join(root, CONFIG_FILE))
        ? loadConfig(root)
        : openVault(cmd.optsWithGlobals() as GlobalOptions, { requireConfig: false }).config;
      if (o.owner) config.owner.name = o.owner;
      if (o.ownerEmail) config.owner.emails = o.ownerEmail;
      // The labels say "Myself" for the owner: without a name and addresses no sender, speaker or task owner is the
      // owner, and every owner and participant score comes out low for no fault of the extractor.
      if (config.owner.name === OWNER)
        warn(
          `no owner known (no ${CONFIG_FILE} in ${root}, none here, no --owner): the labels' "Myself" matches no one; give --owner and --owner-email`,
        );
      const ctx: ExtractContext = { config, known: [], today: new Date().toISOString().slice(0, 10) };
      const choice: Pick<EvalOptions, 'extractor' | 'extractorFor'> =
        folds !== null && trainer
          ? { extractorFor: heldOutExtractors(labels, folds, (train) => trainer(train, root, ctx)) }
          : { extractor: await createExtractor(config, root, o.extractor) };
      const report = await evaluate(labels, {
        root,
        ...choice,
        ctx,
        onSource: (done, total, id) => progress(done, total, id),
      });
      if (folds !== null) report.extractor = `${report.extractor} (${folds}-fold cross-validation)`;
      if (o.json) printJson(report);
      else process.stdout.write(renderReport(report, { perSource: o.perSource }));
      setExit(EXIT_OK);
    });
}
