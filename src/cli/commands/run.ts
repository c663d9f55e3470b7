/** `distill init | run | plan | undo | rebuild | watch | demo`: the commands that move sources into the vault. */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import pc from 'picocolors';
import { isGitRepo } from '../../apply/git.ts';
import {
  type ApplyResult,
  applyPlan,
  diffOf,
  type FileChange,
  PlanConflict,
  undoRun,
  withVaultLockAsync,
} from '../../apply/index.ts';
import { LockedError } from '../../apply/lock.ts';
import {
  assertGitIndexFree,
  GitIndexLockedError,
  JOURNAL_DIR,
  type Recovery,
  TransactionError,
} from '../../apply/transaction.ts';
import type { Extractor } from '../../extract/extractor.ts';
import { tasksDashboard, tasksPluginConfig } from '../../outputs/dashboard.ts';
import type { ChangePlan } from '../../plan/change-plan.ts';
import { CONFIG_FILE, type Config, loadConfig } from '../../vault/config.ts';
import { STATE_DIR } from '../../vault/ledger.ts';
import { UnsafePathError } from '../../vault/paths.ts';
import {
  EXIT_OK,
  EXIT_SOURCES_FAILED,
  fail,
  info,
  openVault,
  printJson,
  progress,
  UsageError,
  warn,
} from '../context.ts';
import { diskSnapshot, inboxFiles, loadLedger, newRunId, type PipelineResult, runPipeline } from '../pipeline.ts';
import { listVaultFiles } from '../vault-files.ts';
import { inboxSnapshot, watchInbox } from '../watch.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEMO_VAULT = path.resolve(here, '../../../demo/vault');

const CONFIG_TEMPLATE = `# Distill configuration. Every key is optional; the values shown are the defaults.
# API keys are read from the environment only (OPENAI_API_KEY, AZURE_OPENAI_API_KEY, ANTHROPIC_API_KEY).
owner:
  name: Myself          # your full name, as people write it
  emails: []            # your addresses: mail from them is yours, mail to them is addressed to you
  aliases: []           # other spellings of your name (nicknames, transcription variants)
  organisation: null
timezone: UTC
llm:
  provider: offline     # offline | openai | azure | anthropic | ollama | openai-compatible
git:
  commit: run           # run | source | off
`;

// The failed queue is a working area (an unreadable file may be huge or binary): kept on disk, not in history.
const GITIGNORE = [
  '.distill/cache/',
  '.distill/lock*',
  '.distill/journal/',
  '.obsidian/workspace*.json',
  'Inbox/_failed/',
];

/** Errors a user can act on become one line; anything else is a bug and keeps its stack under DISTILL_DEBUG. */
function explain(e: unknown): string {
  if (e instanceof TransactionError || e instanceof PlanConflict) return e.message;
  if (e instanceof LockedError || e instanceof UnsafePathError || e instanceof GitIndexLockedError) return e.message;
  return (e as Error).message;
}

function summarise(result: PipelineResult, apply: ApplyResult | null, dryRun: boolean): void {
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
      (apply?.commit ? `; commit ${apply.commit.slice(0, 10)}` : '') +
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

function commitMessage(plan: ChangePlan): string {
  const kinds = new Map<string, number>();
  for (const s of plan.sources) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
  const counts = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'no new sources';
  const lines = plan.sources.map((s) => `- ${s.date ?? 'undated'} ${s.title} -> ${s.note_path}`);
  const extra = [
    ...plan.skipped.map((s) => `- duplicate: ${s.path}`),
    ...plan.failed.map((f) => `- failed: ${f.path}: ${f.reason}`),
  ];
  return `distill run ${plan.run_id}: ${counts}${plan.failed.length ? `, ${plan.failed.length} failed` : ''}\n\n${[...lines, ...extra].join('\n')}`;
}

export interface RunOptions {
  dryRun?: boolean;
  reprocess?: boolean;
  allowDirty?: boolean;
  json?: boolean;
  diff?: boolean;
  commitPerSource?: boolean;
  /** Also diff Distill's own state files (`.distill/`). */
  verbose?: boolean;
  files?: string[];
  /** Tests: the extractor to use instead of the configured one. */
  extractor?: Extractor;
}

function reportRecovered(recovered: Recovery[]): void {
  for (const r of recovered) {
    warn(
      `recovered from interrupted run ${r.run_id}: ${r.action === 'rolled-back' ? 'rolled back' : 'finalised'} (${r.files} file operations)`,
    );
  }
}

/**
 * The main job. Returns the exit code. The vault lock is taken first and an interrupted run is healed (rolled back,
 * or finalised when it had committed) before anything is read: the run then plans from the vault as it really is
 * and applies under the same lock, so it gives what an uninterrupted run would have given, and no other distill
 * command (an `undo`, a second run) can change the vault between its plan and its apply.
 */
export async function runCommand(root: string, config: Config, opts: RunOptions): Promise<number> {
  const pipelineOpts = {
    reprocess: !!opts.reprocess,
    ...(opts.files ? { files: opts.files } : {}),
    ...(opts.extractor ? { extractor: opts.extractor } : {}),
    onProgress: (d: number, t: number, label: string) => progress(d, t, label),
  };
  const commit = config.git.commit !== 'off';
  let result: PipelineResult;
  let apply: ApplyResult | null;
  let recovered: Recovery[] = [];
  if (opts.dryRun) {
    if (existsSync(path.join(root, JOURNAL_DIR)))
      warn('an interrupted run is waiting to be rolled back by the next real run; this plan reads the vault as it is');
    result = await runPipeline(root, config, { ...pipelineOpts, dryRun: true });
    apply = applyPlan(root, result.plan, { config, dryRun: true, bases: result.bases });
  } else {
    // A stale .git/index.lock would stop the commit after the files were written: refuse before writing anything.
    if (commit && isGitRepo(root)) assertGitIndexFree(root);
    [result, apply, recovered] = await withVaultLockAsync(root, async (rec, lock) => {
      const planned = await runPipeline(root, config, pipelineOpts);
      if (opts.commitPerSource) {
        // One transaction (and commit) per source: plan again for each so every plan is against the current vault.
        let last: ApplyResult | null = null;
        for (const s of planned.plan.sources) {
          // every copy of the source's conversation (#13) goes in with it
          const files = planned.reports.filter((r) => r.note === s.note_path).map((r) => r.file);
          const one = await runPipeline(root, config, {
            ...pipelineOpts,
            files: files.length ? files : [s.inbox_path],
            runId: newRunId(),
          });
          last = applyPlan(root, one.plan, {
            config,
            message: commitMessage(one.plan),
            commit,
            lock,
            bases: one.bases,
          });
        }
        return [planned, last, rec] as const;
      }
      const applied = applyPlan(root, planned.plan, {
        config,
        message: commitMessage(planned.plan),
        commit,
        lock,
        bases: planned.bases,
      });
      return [planned, applied, rec] as const;
    });
  }
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
      edits_commit: apply?.edits_commit ?? null,
      usage: result.usage.toJSON(),
      recovered,
      warnings: apply?.warnings ?? [],
      ...(opts.diff ? { diff: diffOf(apply?.changes ?? []) } : {}),
    });
  } else {
    if ((opts.diff || opts.dryRun) && apply) printDiff(apply.changes, !!opts.verbose);
    summarise(result, apply, !!opts.dryRun);
  }
  return result.plan.failed.length > 0 ? EXIT_SOURCES_FAILED : EXIT_OK;
}

export interface InitOptions {
  git?: boolean;
  owner?: string;
  emails?: string[];
  organisation?: string;
  timezone?: string;
  aliases?: string[];
}

/** An IANA time zone name the runtime knows (`Europe/London`), else a usage error naming the value. */
export function checkTimezone(tz: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`--timezone must be an IANA time zone such as Europe/London or America/New_York, not "${tz}"`);
  }
}

/** The config a new vault starts with: the template, with the owner's answers filled in (as YAML-safe JSON). */
export function initialConfig(opts: InitOptions): string {
  let text = CONFIG_TEMPLATE;
  const set = (from: string, to: string) => {
    text = text.replace(from, to);
  };
  if (opts.owner) set('name: Myself', `name: ${JSON.stringify(opts.owner)}`);
  if (opts.emails?.length) set('emails: []', `emails: ${JSON.stringify(opts.emails)}`);
  if (opts.aliases?.length) set('aliases: []', `aliases: ${JSON.stringify(opts.aliases)}`);
  if (opts.organisation) set('organisation: null', `organisation: ${JSON.stringify(opts.organisation)}`);
  if (opts.timezone) set('timezone: UTC', `timezone: ${JSON.stringify(opts.timezone)}`);
  return text;
}

/** One question on the terminal; resolves to the answer, or `fallback` when the answer is empty. */
export type Ask = (question: string, fallback: string) => Promise<string>;

const listOf = (answer: string) =>
  answer
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * What `init` asks on a terminal: every owner detail its flags did not give. Empty answers keep the defaults; a
 * time zone the runtime does not know is asked again.
 */
export async function askMissing(o: InitOptions, ask: Ask, report: (m: string) => void = warn): Promise<InitOptions> {
  const out: InitOptions = { ...o };
  if (!out.owner) {
    const name = (await ask('Your full name, as people write it', '')).trim();
    if (name) out.owner = name;
  }
  if (!out.emails?.length) out.emails = listOf(await ask('Your email addresses (comma-separated)', ''));
  if (!out.aliases?.length)
    out.aliases = listOf(await ask('Other spellings of your name: nicknames, initials (comma-separated)', ''));
  if (!out.organisation) {
    const org = (await ask('Your organisation', '')).trim();
    if (org) out.organisation = org;
  }
  if (!out.timezone) {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    for (;;) {
      const tz = (await ask('Your time zone', local)).trim() || local;
      try {
        out.timezone = checkTimezone(tz);
        break;
      } catch (e) {
        report((e as Error).message.replace('--timezone must', 'the time zone must'));
      }
    }
  }
  return out;
}

export function initVault(dir: string, opts: InitOptions = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const created: string[] = [];
  if (opts.git !== false && !isGitRepo(dir)) {
    execFileSync('git', ['init', '-q', dir], { stdio: 'ignore' });
    created.push('.git/');
  }
  const config = loadConfig(dir);
  const files: Record<string, string> = {
    [CONFIG_FILE]: initialConfig(opts),
    'Tasks.md': tasksDashboard(config),
    '.obsidian/plugins/obsidian-tasks-plugin/data.json': `${JSON.stringify(tasksPluginConfig(), null, 2)}\n`,
    '.gitignore': `${GITIGNORE.join('\n')}\n`,
    [`${config.folders.inbox}/.gitkeep`]: '',
  };
  const plan: ChangePlan = {
    run_id: newRunId(),
    created: new Date().toISOString(),
    operations: Object.entries(files)
      .filter(([p]) => !existsSync(path.join(dir, p)))
      .map(([p, content]) => ({ op: 'create_note' as const, path: p, content })),
    sources: [],
    skipped: [],
    failed: [],
    warnings: [],
  };
  const result = applyPlan(dir, plan, { config, message: 'distill init', allowDirty: true });
  return [...created, ...result.files.filter((f) => !f.startsWith('.distill/'))];
}

/** git init and commit what is there except the inbox (a vault the user already keeps in git). */
export function commitExisting(dir: string, message: string): void {
  execFileSync('git', ['init', '-q', dir], { stdio: 'ignore' });
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Distill demo',
    GIT_AUTHOR_EMAIL: 'demo@localhost',
    GIT_COMMITTER_NAME: 'Distill demo',
    GIT_COMMITTER_EMAIL: 'demo@localhost',
  };
  execFileSync('git', ['add', '-A', '--', '.', ':!Inbox'], { cwd: dir, stdio: 'ignore' });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: dir, stdio: 'ignore', env });
}

/** `--interval`: seconds, at least 2 (a shorter poll cannot tell a settled export from one still being written). */
export function intervalSeconds(value: string): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 2)) throw new UsageError(`--interval must be a number of seconds, at least 2 (got "${value}")`);
  return n;
}

export function register(program: Command, setExit: (code: number) => void): void {
  const vaultOf = () => openVault({ vault: program.opts().vault });
  const guard = async (fn: () => Promise<number> | number) => {
    try {
      setExit(await fn());
    } catch (e) {
      if (e instanceof UsageError) throw e;
      fail(explain(e));
      setExit(e instanceof LockedError || e instanceof GitIndexLockedError ? 2 : 1);
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
            ...(o.timezone ? { timezone: checkTimezone(o.timezone) } : {}),
          };
          // Ask only a person at a terminal, and only for a config that does not exist yet (scripts and CI never wait).
          if (process.stdin.isTTY && !existsSync(path.join(target, CONFIG_FILE))) {
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
              opts = await askMissing(opts, async (q, fallback) => {
                const answer = await rl.question(`${q}${fallback ? ` [${fallback}]` : ''}: `);
                return answer.trim() || fallback;
              });
            } finally {
              rl.close();
            }
          }
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
    .option('--verbose', "with --dry-run or --diff: also show the changes to Distill's state files in .distill/")
    .option('--json', 'machine-readable report on stdout')
    .action(async (o: RunOptions) =>
      guard(async () => {
        const { root, config } = vaultOf();
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
        if (existsSync(path.join(root, JOURNAL_DIR)))
          warn(
            'an interrupted run is waiting to be rolled back by the next real run; this plan reads the vault as it is',
          );
        const result = await runPipeline(root, config, { dryRun: true });
        const apply = applyPlan(root, result.plan, { config, dryRun: true, bases: result.bases });
        if (o.json) {
          printJson({
            plan: result.plan,
            files: apply.changes.map((c) => ({
              path: c.path,
              kind: c.kind,
              ...(c.to ? { to: c.to } : {}),
              diff: c.kind === 'move' ? null : diffOf([c]),
            })),
            usage: result.usage.toJSON(),
          });
        } else {
          printDiff(apply.changes, !!o.verbose);
          summarise(result, apply, true);
        }
        return result.plan.failed.length ? EXIT_SOURCES_FAILED : EXIT_OK;
      }),
    );

  program
    .command('undo [run]')
    .description('revert one run (default: the latest): sources go back to Inbox/, its notes and page edits are undone')
    .option('--force', 'also discard edits made since the run to the files it wrote')
    .option('--json', 'machine-readable result')
    .action(async (run: string | undefined, o: { force?: boolean; json?: boolean }) =>
      guard(() => {
        const { root, config } = vaultOf();
        const ledger = loadLedger(diskSnapshot(root));
        const target = run ?? [...ledger.runs].reverse().find((r) => r.status === 'applied')?.run_id;
        if (!target) throw new UsageError('no run to undo');
        const r = undoRun(root, target, newRunId(), { force: !!o.force, config });
        if (o.json) printJson(r);
        else {
          for (const w of r.warnings) warn(w);
          info(
            `undid run ${target}: ${r.files.length} file(s) restored${r.commit ? `; commit ${r.commit.slice(0, 10)}` : ''}`,
          );
        }
        return EXIT_OK;
      }),
    );

  program
    .command('rebuild')
    .description('re-derive every note and entity page from the archived sources in Sources/')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--json', 'machine-readable report')
    .action(async (o: { dryRun?: boolean; json?: boolean }) =>
      guard(async () => {
        const { root, config } = vaultOf();
        return runCommand(root, config, { ...o, reprocess: true, files: listVaultFiles(root, config.folders.sources) });
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
        await watchInbox({
          snapshot: () => inboxSnapshot(root, inboxFiles(root, config)),
          // errors are reported by the loop, not through setExit: a failed run must not turn a clean stop non-zero
          run: () => runCommand(root, config, {}),
          sleep: (ms) => delay(ms, undefined, { signal: stop.signal }).catch(() => {}),
          intervalMs: seconds * 1000,
          shouldStop: () => stop.signal.aborted,
          report: fail,
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
        if (existsSync(out)) {
          if (!existsSync(path.join(out, '.distill-demo')))
            throw new UsageError(`${out} exists and is not a demo vault`);
          rmSync(out, { recursive: true, force: true });
        }
        mkdirSync(path.dirname(out), { recursive: true });
        cpSync(DEMO_VAULT, out, { recursive: true });
        writeFileSync(path.join(out, '.distill-demo'), 'created by `distill demo`; safe to delete\n');
        commitExisting(out, 'demo vault as exported (before Distill)');
        initVault(out);
        const config = loadConfig(out);
        info(`demo vault: ${out}`);
        const code = await runCommand(out, config, {});
        info(`\nopen ${out} in Obsidian, or try: node bin/distill.js doctor --vault ${o.out}`);
        return code;
      }),
    );
}
