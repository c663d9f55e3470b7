/**
 * `distill init | run | plan | undo | rebuild | watch | demo`: arguments in, the app's use cases (src/app) called,
 * their outcome printed. Nothing here plans or writes the vault.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import pc from 'picocolors';
import { RequestError } from '../../app/errors.ts';
import { type Ask, askMissing, createDemoVault, type InitOptions, initVault, knownTimezone } from '../../app/init.ts';
import type { PipelineResult } from '../../app/pipeline.ts';
import { BATCH_SOURCES, planVault, type RunOutcome, rebuildVault, runVault } from '../../app/run.ts';
import { undoVault } from '../../app/undo.ts';
import { scanInbox } from '../../app/vault-read.ts';
import { watchVault } from '../../app/watch.ts';
import { type ApplyResult, diffOf, type FileChange } from '../../apply/index.ts';
import { LockedError } from '../../apply/lock.ts';
import { GitIndexLockedError, type Recovery } from '../../apply/transaction.ts';
import type { Extractor } from '../../extract/extractor.ts';
import { chooseExtractorKind } from '../../llm/kind.ts';
import { CONFIG_FILE, type Config, loadConfig } from '../../vault/config.ts';
import { listVaultFiles } from '../../vault/files.ts';
import { STATE_DIR } from '../../vault/ledger.ts';
import {
  EXIT_OK,
  EXIT_SOURCES_FAILED,
  EXIT_USAGE,
  fail,
  info,
  openVault,
  printJson,
  progress,
  UsageError,
  warn,
} from '../context.ts';
import { leanEnv, relaunch } from '../lean-process.ts';

// The use cases moved to src/app (issue 15); tests and scripts still make vaults through this module.
export { type Ask, askMissing, commitExisting, DEMO_VAULT, initVault } from '../../app/init.ts';

function summarise(
  result: PipelineResult,
  apply: ApplyResult | null,
  dryRun: boolean,
  batches?: RunOutcome['batches'],
): void {
  const { plan, reports, usage } = result;
  for (const r of reports) {
    const fell = r.warnings.find((w) => /fell back/i.test(w));
    info(
      `${pc.green('✓')} ${r.file} -> ${r.note}${r.extractor !== 'offline' ? pc.dim(` [${r.extractor}]`) : ''}${fell ? pc.yellow(` (${fell})`) : ''}`,
    );
  }
  for (const s of plan.skipped) info(`${pc.dim('=')} ${s.path}: ${s.reason} (archived, no new note)`);
  for (const s of result.ignored) info(`${pc.dim('-')} ${s.path}: ${s.reason} (left in place)`);
  for (const f of plan.failed) fail(`${f.path}: ${f.reason}`);
  for (const w of apply?.warnings ?? []) warn(w);
  const usageLines = usage.summaryLines();
  for (const line of usageLines) info(pc.dim(line));
  if (usageLines.length === 0 && reports.length > 0)
    info(pc.dim('privacy: extraction ran offline; no source text left this machine'));
  const verb = dryRun ? 'would change' : 'changed';
  const changes = apply?.changes.length ?? 0;
  info(
    `${reports.length} source(s) processed, ${plan.skipped.length} duplicate(s), ${plan.failed.length} failed${result.ignored.length ? `, ${result.ignored.length} inbox entr${result.ignored.length === 1 ? 'y' : 'ies'} skipped` : ''}; ${verb} ${changes} file(s)` +
      (apply?.edits_commit ? `; your edits committed first as ${apply.edits_commit.slice(0, 10)}` : '') +
      (batches && batches.length > 1
        ? `; ${batches.length} batches, ${batches.filter((b) => b.commit).length} commits, the last ${apply?.commit?.slice(0, 10) ?? 'none'}`
        : apply?.commit
          ? `; commit ${apply.commit.slice(0, 10)}`
          : '') +
      (dryRun ? ' (dry run: nothing written)' : ''),
  );
}

/**
 * The diff a person reads: the vault's notes, pages, sources and drafts. Distill's own state (`.distill/`: the
 * ledger, cached extractions, entity state, run records) is most of the lines and none of the meaning, so it is
 * counted, not shown, unless `verbose`.
 */
export function printDiff(changes: FileChange[], verbose: boolean): void {
  const state = (c: FileChange) => c.path.startsWith(`${STATE_DIR}/`);
  process.stdout.write(diffOf(verbose ? changes : changes.filter((c) => !state(c))));
  const hidden = verbose ? 0 : changes.filter(state).length;
  if (hidden > 0)
    info(pc.dim(`(${hidden} change(s) to Distill's state in ${STATE_DIR}/ not shown: --verbose shows them)`));
}

export interface RunOptions {
  dryRun?: boolean;
  reprocess?: boolean;
  /** Accepted for old scripts; the user's pending edits are committed first instead. */
  allowDirty?: boolean;
  json?: boolean;
  diff?: boolean;
  commitPerSource?: boolean;
  /** Also diff Distill's own state files (`.distill/`). */
  verbose?: boolean;
  files?: string[];
  /** Tests: the extractor to use instead of the configured one. */
  extractor?: Extractor;
  /** `--batch-size`, as typed. */
  batchSize?: string;
}

function reportRecovered(recovered: Recovery[]): void {
  for (const r of recovered) {
    warn(
      `recovered from interrupted run ${r.run_id}: ${r.action === 'rolled-back' ? 'rolled back' : 'finalised'} (${r.files} file operations)`,
    );
  }
}

/** A run's outcome on the terminal (or as JSON); returns the exit code. */
function report(outcome: RunOutcome, opts: RunOptions): number {
  const { result, apply, recovered, batches } = outcome;
  reportRecovered(recovered);
  if (opts.json) {
    printJson({
      run_id: result.plan.run_id,
      dry_run: !!opts.dryRun,
      sources: result.reports,
      skipped: result.plan.skipped,
      ignored: result.ignored,
      failed: result.plan.failed,
      changes: (apply?.changes ?? []).map((c) => ({ path: c.path, kind: c.kind, ...(c.to ? { to: c.to } : {}) })),
      commit: apply?.commit ?? null,
      ...(batches ? { batches } : {}),
      edits_commit: apply?.edits_commit ?? null,
      usage: result.usage.toJSON(),
      // of the process that ran the pipeline (a large run's own child: see lean-process.ts)
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      recovered,
      warnings: apply?.warnings ?? [],
      ...(opts.diff ? { diff: diffOf(apply?.changes ?? []) } : {}),
    });
  } else {
    if ((opts.diff || opts.dryRun) && apply) printDiff(apply.changes, !!opts.verbose);
    summarise(result, apply, !!opts.dryRun, batches);
  }
  return result.plan.failed.length > 0 ? EXIT_SOURCES_FAILED : EXIT_OK;
}

/** `distill run` with these options: the run use case, printed. Returns the exit code. */
export async function runCommand(root: string, config: Config, opts: RunOptions): Promise<number> {
  const outcome = await runVault(root, config, {
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(opts.reprocess ? { reprocess: true } : {}),
    ...(opts.commitPerSource ? { commitPerSource: true } : {}),
    ...(opts.files ? { files: opts.files } : {}),
    ...(opts.extractor ? { extractor: opts.extractor } : {}),
    ...(opts.diff ? { keepDiffs: true } : {}),
    ...(opts.batchSize !== undefined ? { batchSize: batchSizeOption(opts.batchSize) } : {}),
    onProgress: progress,
    onNotice: warn,
  });
  return report(outcome, opts);
}

/**
 * The environment to run this command again in, when it is a run of more than one batch (`count` sources) started
 * as the distill command on Linux: its own process, whose allocator gives memory back (see lean-process.ts).
 */
function largeRun(batchSize: string | undefined, count: () => number): NodeJS.ProcessEnv | null {
  const lean = leanEnv(process.env, process.platform, process.argv[1]);
  const size = batchSizeOption(batchSize ?? String(BATCH_SOURCES)) || BATCH_SOURCES;
  return lean && count() > size ? lean : null;
}

/** Runs of at most this many sources load compromise in a thread (see `warmNlp`). */
export const FEW_SOURCES = 10;

/**
 * A run of a few sources with the offline extractor: compromise starts loading in a worker thread now, beside the
 * rest of the run's start (its modules, the ledger, the entity registry), instead of on the first source (wink-nlp
 * and chrono in a thread of their own as well measured the same: 1.66 s either way for one email into 10,000
 * notes). A larger run, or one that stays (watch), keeps them in this thread (see nlp-host.ts). `count` is 0 when
 * the inbox is empty: nothing to load.
 */
async function warmNlp(config: Config, count: number): Promise<void> {
  if (nlpInThreads(config, count)) (await import('../../extract/nlp-host.ts')).startNlpThreads();
}

export function nlpInThreads(config: Config, count: number, env: NodeJS.ProcessEnv = process.env): boolean {
  return count > 0 && count <= FEW_SOURCES && chooseExtractorKind(config, env) === 'offline';
}

/** `--batch-size`: a whole number of sources; 0 puts every source in one transaction, however many. */
export function batchSizeOption(value: string): number {
  if (!/^\s*\d+\s*$/.test(value))
    throw new UsageError(`--batch-size must be a whole number of sources (got "${value}")`);
  const n = Number(value);
  return n === 0 ? Number.POSITIVE_INFINITY : n;
}

/** `--interval`: seconds, at least 2 (a shorter poll cannot tell a settled export from one still being written). */
export function intervalSeconds(value: string): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 2)) throw new UsageError(`--interval must be a number of seconds, at least 2 (got "${value}")`);
  return n;
}

/** `--timezone`: an IANA name the runtime knows, as the runtime spells it. */
function timezoneOption(tz: string): string {
  const known = knownTimezone(tz);
  if (!known)
    throw new UsageError(`--timezone must be an IANA time zone such as Europe/London or America/New_York, not "${tz}"`);
  return known;
}

/**
 * The owner details `init` asks a person at a terminal for (never a script: stdin is not a TTY there). Answers are
 * read as lines from a buffer, so answers typed (or pasted) ahead of their question are kept, and end of input
 * (Ctrl-D) keeps the defaults for the rest.
 */
async function askOnTerminal(opts: InitOptions): Promise<InitOptions> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const lines = rl[Symbol.asyncIterator]();
  const ask: Ask = async (q, fallback) => {
    process.stderr.write(`${q}${fallback ? ` [${fallback}]` : ''}: `);
    const next = await lines.next();
    return next.done ? fallback : next.value.trim() || fallback;
  };
  try {
    return await askMissing(opts, ask, warn);
  } finally {
    rl.close();
  }
}

export function register(program: Command, setExit: (code: number) => void): void {
  const vaultOf = () => openVault({ vault: program.opts().vault });
  const guard = async (fn: () => Promise<number> | number) => {
    try {
      setExit(await fn());
    } catch (e) {
      if (e instanceof UsageError) throw e;
      if (e instanceof RequestError) throw new UsageError(e.message);
      fail((e as Error).message);
      setExit(e instanceof LockedError || e instanceof GitIndexLockedError ? EXIT_USAGE : 1);
    }
  };

  program
    .command('init [dir]')
    .description('create a vault (folders, config, Tasks dashboard, Obsidian Tasks statuses, git); asks on a terminal')
    .option('--no-git', 'do not create a git repository')
    .option('--owner <name>', 'your full name')
    .option('--email <address...>', 'your email addresses')
    .option('--organisation <name>', 'your organisation (tells colleagues from external contacts)')
    .option('--timezone <zone>', 'your IANA time zone, e.g. Europe/London (default: UTC)')
    .option(
      '--alias <name>',
      'another spelling of your name (repeat for more)',
      (v: string, all: string[]) => [...all, v],
      [],
    )
    .action(
      async (
        dir: string | undefined,
        o: {
          git: boolean;
          owner?: string;
          email?: string[];
          organisation?: string;
          timezone?: string;
          alias: string[];
        },
      ) =>
        guard(async () => {
          const target = path.resolve(dir ?? program.opts().vault ?? '.');
          let opts: InitOptions = {
            git: o.git,
            ...(o.owner ? { owner: o.owner } : {}),
            emails: o.email ?? [],
            aliases: o.alias,
            ...(o.organisation ? { organisation: o.organisation } : {}),
            ...(o.timezone ? { timezone: timezoneOption(o.timezone) } : {}),
          };
          // Only a person at a terminal is asked, and only for a config that does not exist yet.
          if (process.stdin.isTTY && !existsSync(path.join(target, CONFIG_FILE))) opts = await askOnTerminal(opts);
          const created = initVault(target, opts);
          info(
            created.length ? `initialised ${target}: ${created.join(', ')}` : `${target} is already a Distill vault`,
          );
          return EXIT_OK;
        }),
    );

  program
    .command('run')
    .description('process every file in Inbox/ into notes, entity pages, tasks and outbox drafts')
    .option('--dry-run', 'show what would change (a unified diff per file) and write nothing at all')
    .option('--diff', 'also print the unified diff of a real run')
    .option('--reprocess', 'process sources again that were already processed (their notes are updated in place)')
    .option('--allow-dirty', 'no longer needed: your uncommitted edits are committed as your own commit first')
    .option('--commit-per-source', 'one git commit per source instead of one per run')
    .option('--batch-size <n>', 'sources per transaction and commit when there are more (0: all in one)', '200')
    .option('--verbose', "with --dry-run or --diff: also show the changes to Distill's state files in .distill/")
    .option('--json', 'machine-readable report on stdout')
    .action(async (o: RunOptions) =>
      guard(async () => {
        const { root, config } = vaultOf();
        // asked at most once: whether to run in a lean child, then whether to load NLP in threads
        let count: number | undefined;
        const waiting = () => (count ??= scanInbox(root, config).files.length);
        const lean = o.dryRun || o.files ? null : largeRun(o.batchSize, waiting);
        if (lean) return relaunch(lean);
        await warmNlp(config, o.files?.length ?? waiting());
        return runCommand(root, config, o);
      }),
    );

  program
    .command('plan')
    .description('show the change plan for the inbox (operations and diffs); writes nothing')
    .option('--json', 'the ChangePlan and the per-file diffs as JSON')
    .option('--verbose', "also show the changes to Distill's state files in .distill/")
    .action(async (o: { json?: boolean; verbose?: boolean }) =>
      guard(async () => {
        const { root, config } = vaultOf();
        const { result, apply } = await planVault(root, config, { onNotice: warn });
        const changes = apply?.changes ?? [];
        if (o.json) {
          printJson({
            plan: result.plan,
            files: changes.map((c) => ({
              path: c.path,
              kind: c.kind,
              ...(c.to ? { to: c.to } : {}),
              diff: c.kind === 'move' ? null : diffOf([c]),
            })),
            usage: result.usage.toJSON(),
          });
        } else {
          printDiff(changes, !!o.verbose);
          summarise(result, apply, true);
        }
        return result.plan.failed.length ? EXIT_SOURCES_FAILED : EXIT_OK;
      }),
    );

  program
    .command('undo [run]')
    .description('revert one run (default: the latest): sources go back to Inbox/, its notes and page edits are undone')
    .option('--force', 'also discard edits made since the run to the lines it wrote')
    .option('--json', 'machine-readable result')
    .action(async (run: string | undefined, o: { force?: boolean; json?: boolean }) =>
      guard(() => {
        const { root, config } = vaultOf();
        const r = undoVault(root, config, { ...(run ? { run } : {}), force: !!o.force });
        if (o.json) printJson(r);
        else {
          for (const w of r.warnings) warn(w);
          info(
            `undid run ${r.run_id}: ${r.files.length} file(s) restored${r.edits_commit ? `; your edits committed first as ${r.edits_commit.slice(0, 10)}` : ''}${r.commit ? `; commit ${r.commit.slice(0, 10)}` : ''}`,
          );
        }
        return EXIT_OK;
      }),
    );

  program
    .command('rebuild')
    .description('re-derive every note and entity page from the archived sources in Sources/')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--verbose', "with --dry-run: also show the changes to Distill's state files in .distill/")
    .option('--batch-size <n>', 'sources per transaction and commit when there are more (0: all in one)', '200')
    .option('--json', 'machine-readable report')
    .action(async (o: { dryRun?: boolean; json?: boolean; verbose?: boolean; batchSize: string }) =>
      guard(async () => {
        const { root, config } = vaultOf();
        const lean = o.dryRun ? null : largeRun(o.batchSize, () => listVaultFiles(root, config.folders.sources).length);
        if (lean) return relaunch(lean);
        const outcome = await rebuildVault(root, config, {
          ...(o.dryRun ? { dryRun: true } : {}),
          batchSize: batchSizeOption(o.batchSize),
          onProgress: progress,
          onNotice: warn,
        });
        return report(outcome, o);
      }),
    );

  program
    .command('watch')
    .description('process the inbox whenever new files have settled (polls; Ctrl-C to stop)')
    .option('--interval <seconds>', 'poll interval', '30')
    .action(async (o: { interval: string }) => {
      const seconds = intervalSeconds(o.interval);
      const { root, config } = vaultOf();
      info(`watching ${path.join(root, config.folders.inbox)} every ${seconds}s (Ctrl-C to stop)`);
      // A signal only ends the wait between polls, so a run that has started finishes its transaction and commit;
      // a second signal is the way out of a run that hangs.
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        info('stopping; a run in progress finishes first (Ctrl-C again to abort it)');
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        // errors are reported by the loop, not through setExit: a failed run must not turn a clean stop non-zero
        await watchVault(root, config, {
          intervalMs: seconds * 1000,
          signal: stop.signal,
          report: fail,
          onProgress: progress,
          onNotice: warn,
          onOutcome: (outcome) => report(outcome, {}),
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program
    .command('demo')
    .description('copy the bundled demo inbox to a fresh vault and run Distill on it (offline, no keys)')
    .option('--out <dir>', 'where to create the demo vault', 'demo-out/vault')
    .action(async (o: { out: string }) =>
      guard(async () => {
        const out = path.resolve(o.out);
        createDemoVault(out);
        info(`demo vault: ${out}`);
        const code = await runCommand(out, loadConfig(out), {});
        info(`\nopen ${out} in Obsidian, or try: node bin/distill.js doctor --vault ${o.out}`);
        return code;
      }),
    );
}
