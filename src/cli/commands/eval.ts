/**
 * `distill eval`: runs an extractor over labelled sources and prints precision/recall per source, totals per kind
 * and the acceptance targets. Missing a target is a finding, not a failure: the exit code is 0 when it ran.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { readLabels } from '../../extract/eval/labels.ts';
import { renderReport } from '../../extract/eval/report.ts';
import { evaluate } from '../../extract/eval/run.ts';
import { createExtractor } from '../../llm/index.ts';
import { CONFIG_FILE, loadConfig } from '../../vault/config.ts';
import { EXIT_OK, type GlobalOptions, openVault, printJson, progress, UsageError } from '../context.ts';

interface EvalOpts {
  labels: string;
  vaultRoot?: string;
  extractor: string;
  json?: boolean;
  owner?: string;
  ownerEmail?: string[];
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('eval')
    .description(
      'score an extractor against labelled sources (participants, tasks, decisions, facts, title, date, time)',
    )
    .requiredOption('--labels <file>', 'labels file (JSON lines, see DESIGN.md §4)')
    .option(
      '--vault-root <dir>',
      "folder the labels' source_path values are relative to (default: the labels file's folder)",
    )
    .option('--extractor <kind>', 'offline or llm', 'offline')
    .option('--owner <name>', "the vault owner's name (default: from distill.config.yaml)")
    .option('--owner-email <address...>', "the vault owner's addresses")
    .option('--json', 'the scores as JSON')
    .action(async (o: EvalOpts, cmd: Command) => {
      if (o.extractor !== 'offline' && o.extractor !== 'llm')
        throw new UsageError(`--extractor must be offline or llm, not "${o.extractor}"`);
      const labelsFile = path.resolve(o.labels);
      if (!existsSync(labelsFile)) throw new UsageError(`labels file not found: ${labelsFile}`);
      const root = path.resolve(o.vaultRoot ?? path.dirname(labelsFile));
      if (!existsSync(root)) throw new UsageError(`--vault-root not found: ${root}`);
      let labels: ReturnType<typeof readLabels>;
      try {
        labels = readLabels(labelsFile);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      // The labelled folder's own config names its owner; else the vault the command runs in.
      const config = existsSync(path.join(root, CONFIG_FILE))
        ? loadConfig(root)
        : openVault(cmd.optsWithGlobals() as GlobalOptions).config;
      if (o.owner) config.owner.name = o.owner;
      if (o.ownerEmail) config.owner.emails = o.ownerEmail;
      const extractor = await createExtractor(config, root, o.extractor);
      const report = await evaluate(labels, {
        root,
        extractor,
        ctx: { config, known: [], today: new Date().toISOString().slice(0, 10) },
        onSource: (done, total, id) => progress(done, total, id),
      });
      if (o.json) printJson(report);
      else process.stdout.write(renderReport(report));
      setExit(EXIT_OK);
    });
}
