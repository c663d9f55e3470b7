/**
 * The run use cases (`run`, `plan`, `rebuild`): the inbox (or the archived sources) through the pipeline into one
 * transaction, under the vault lock. No printing: progress, notices and the applied paths go to callbacks, and the
 * outcome is data, so the CLI, a watcher, a connector or a server can all drive a run the same way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isGitRepo } from '../apply/git.ts';
import { type ApplyResult, applyPlan, withVaultLockAsync } from '../apply/index.ts';
import type { Lock } from '../apply/lock.ts';
import { assertGitIndexFree, JOURNAL_DIR, type Recovery } from '../apply/transaction.ts';
import { newRunId } from '../core/run-id.ts';
import { ownString } from '../core/text.ts';
import type { Extractor } from '../extract/extractor.ts';
import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { UsageReport } from '../llm/usage.ts';
import type { ChangePlan } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';
import { listVaultFiles } from '../vault/files.ts';
import { collectGarbage, favourMemory } from './collect-garbage.ts';
import { saveFrontmatterCache } from './frontmatter-cache.ts';
import type { PipelineOptions, PipelineResult } from './pipeline.ts';
import { nothingToDo, scanInbox } from './vault-read.ts';

/**
 * The pipeline, loaded only when there is something to process: a run that finds the inbox empty loads no ingest,
 * NLP, model or search code (most of its start-up), reads no ledger and no note.
 */
async function runPipeline(root: string, config: Config, opts: PipelineOptions = {}): Promise<PipelineResult> {
  if (!opts.files) {
    const scanned = scanInbox(root, config);
    if (scanned.files.length === 0)
      return nothingToDo(
        opts.runId ?? newRunId(opts.now),
        opts.now ?? new Date(),
        opts.usage ?? new UsageReport(),
        scanned.ignored,
      );
  }
  const pipeline = await import('./pipeline.ts');
  return pipeline.runPipeline(root, config, opts);
}

export interface RunCallbacks {
  /** Sources extracted so far, of how many, and the one at hand. */
  onProgress?(done: number, total: number, label: string): void;
  /** Something the user should know that is not a failure (an interrupted run waiting for the next real run). */
  onNotice?(message: string): void;
  /**
   * After each transaction is applied (and committed), with the vault paths it wrote, moved or removed: for a
   * search index or any other view of the vault that should follow it. Not called on a dry run.
   */
  onApplied?(touched: string[]): void | Promise<void>;
}

export interface RunRequest extends RunCallbacks {
  dryRun?: boolean;
  reprocess?: boolean;
  /** One transaction (and commit) per source instead of one for the run (default: `git.commit: source`). */
  commitPerSource?: boolean;
  /** Process these vault-relative files instead of the inbox (rebuild passes the archived sources). */
  files?: string[];
  /** Tests: the extractor to use instead of the configured one. */
  extractor?: Extractor;
  env?: NodeJS.ProcessEnv;
  /** Inbox files per transaction when the inbox holds more (default `BATCH_SOURCES`). */
  batchSize?: number;
  /** Keep every change's text in the outcome of a batched run (for `--diff`): memory then grows with the inbox. */
  keepDiffs?: boolean;
}

/**
 * A large inbox goes through in batches of this many files, each its own transaction and commit, planned against
 * the vault as the batch before left it: the envelopes, extractions and plan texts held in memory are one batch's,
 * not the inbox's (the entity state and ledger a batch reads still grow with the vault). Each batch is recoverable on
 * its own: a failure or a kill mid-batch rolls back that batch only, and the batches before it stand, committed.
 */
export const BATCH_SOURCES = 200;

export interface RunOutcome {
  /** The plan of the whole run, with the per-source reports and the model usage. */
  result: PipelineResult;
  /** The last transaction applied (or rendered, on a dry run); null when nothing was planned per source. */
  apply: ApplyResult | null;
  /** A batched run: each transaction's run id, commit and number of changed files, in order. */
  batches?: { run_id: string; commit: string | null; changes: number }[];
  /** Interrupted runs healed before this one planned. */
  recovered: Recovery[];
}

/** The commit message of a run: counts by kind on the subject line, one line per source, duplicate and failure. */
export function commitMessage(plan: ChangePlan): string {
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

/**
 * An extractor that answers a source it has seen with the same extraction: `--commit-per-source` plans each source
 * again against the vault as the previous one left it, and that needs the resolution and the plan again, not the
 * extraction (the expensive part, and with a model the part that costs money).
 */
function remembering(inner: Extractor): Extractor {
  const seen = new Map<string, Extraction>();
  const key = (e: SourceEnvelope) => `${e.source_id}\0${e.content_id ?? ''}`;
  return {
    name: inner.name,
    async extract(envelope, ctx) {
      const k = key(envelope);
      const had = seen.get(k);
      if (had) return structuredClone(had);
      const ex = await inner.extract(envelope, ctx);
      seen.set(k, structuredClone(ex));
      return ex;
    },
  };
}

const touchedBy = (apply: ApplyResult | null) => apply?.files ?? [];

/**
 * The main job. The vault lock is taken first and an interrupted run is healed (rolled back, or finalised when it
 * had committed) before anything is read: the run then plans from the vault as it really is and applies under the
 * same lock, so it gives what an uninterrupted run would have given, and no other distill command (an `undo`, a
 * second run) can change the vault between its plan and its apply. The user's own pending edits are committed
 * first, as theirs (see `applyPlan`).
 */
export async function runVault(root: string, config: Config, req: RunRequest = {}): Promise<RunOutcome> {
  const base = {
    reprocess: !!req.reprocess,
    ...(req.files ? { files: req.files } : {}),
    ...(req.extractor ? { extractor: req.extractor } : {}),
    ...(req.env ? { env: req.env } : {}),
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
  };
  const commit = config.git.commit !== 'off';
  if (req.dryRun) {
    if (existsSync(path.join(root, JOURNAL_DIR)))
      req.onNotice?.(
        'an interrupted run is waiting to be rolled back by the next real run; this plan reads the vault as it is',
      );
    const result = await runPipeline(root, config, { ...base, dryRun: true });
    const apply = applyPlan(root, result.plan, { config, dryRun: true, bases: result.bases });
    return { result, apply, recovered: [] };
  }
  // A stale .git/index.lock would stop the commit after the files were written: refuse before writing anything.
  if (commit && isGitRepo(root)) assertGitIndexFree(root);
  const applied: string[][] = [];
  const outcome = await withVaultLockAsync(root, async (recovered, lock): Promise<RunOutcome> => {
    // `git.commit: source` in the config asks for what `--commit-per-source` asks for
    if (!(req.commitPerSource ?? config.git.commit === 'source')) {
      const size = req.batchSize ?? BATCH_SOURCES;
      // the inbox, or the files given (`rebuild`: every archived source)
      const todo = req.files ? { files: req.files, ignored: [] } : scanInbox(root, config);
      if (todo.files.length > size)
        return { ...(await inBatches(root, config, base, req, todo, size, commit, lock, applied)), recovered };
      const result = await runPipeline(root, config, base);
      const apply = applyPlan(root, result.plan, {
        config,
        message: commitMessage(result.plan),
        commit,
        lock,
        bases: result.bases,
      });
      applied.push(touchedBy(apply));
      return { result, apply, recovered };
    }
    return { ...(await perSource(root, config, base, req, commit, lock, applied)), recovered };
  });
  const written = [...new Set(applied.flat())];
  if (written.length > 0) {
    saveFrontmatterCache(root);
    // The search index is a cache: freshened here for what the run wrote, never required (a failure is ignored).
    // Once for the whole run, each file as it is now: a busy account's page, rewritten by every batch of a large
    // run, was indexed again for each (50 times a megabyte page at 10,000 emails, the run's largest moment).
    const { updateIndex } = await import('../search/index.ts');
    updateIndex(root, written, config);
  }
  for (const touched of applied) if (touched.length > 0) await req.onApplied?.(touched);
  return outcome;
}

/** The configured extractor, made once for a run of several transactions (its cache and usage span them all). */
async function oneExtractor(root: string, config: Config, req: RunRequest, usage: UsageReport): Promise<Extractor> {
  if (req.extractor) return req.extractor;
  const env = req.env ?? process.env;
  const { chooseExtractorKind, createExtractor } = await import('../llm/index.ts');
  return createExtractor(config, root, chooseExtractorKind(config, env), { usage, env });
}

/**
 * One batch of a batched run: planned, applied, and reduced to what the run's report needs. A function of its own so
 * that the batch's plan and change texts (whole entity states and pages, before and after) are unreachable once it
 * returns: held in the caller's loop variables, they stayed alive through the next batch and doubled its peak.
 */
async function oneBatch(
  root: string,
  config: Config,
  base: Parameters<typeof runPipeline>[2],
  req: RunRequest,
  files: string[],
  offset: number,
  total: number,
  commit: boolean,
  lock: Lock,
): Promise<{
  touched: string[];
  batch: NonNullable<RunOutcome['batches']>[number];
  planned: PipelineResult;
  done: ApplyResult;
}> {
  const progress = req.onProgress;
  const one = await runPipeline(root, config, {
    ...base,
    ...(req.files ? { files } : { inboxFiles: files }),
    batch: true,
    runId: newRunId(),
    ...(progress ? { onProgress: (n: number, _all: number, label: string) => progress(offset + n, total, label) } : {}),
  });
  const a = applyPlan(root, one.plan, {
    config,
    message: commitMessage(one.plan),
    commit,
    lock,
    bases: one.bases,
    keepTexts: !!req.keepDiffs,
  });
  return {
    touched: touchedBy(a),
    batch: { run_id: a.run_id, commit: a.commit, changes: a.changes.length },
    // what the report needs is kept (titles as strings of their own: cut from the sources, they held every source
    // of the run alive); the texts of this batch's plan and changes are let go
    planned: {
      ...one,
      plan: {
        ...one.plan,
        operations: [],
        sources: one.plan.sources.map((s) => ({ ...s, title: ownString(s.title) })),
      },
      reports: one.reports.map((r) => ({ ...r, title: ownString(r.title) })),
      extractions: new Map(),
      bases: {},
    },
    done: a,
  };
}

/** A large inbox in batches (see `BATCH_SOURCES`): one outcome for the run, as if it were one transaction. */
async function inBatches(
  root: string,
  config: Config,
  base: Parameters<typeof runPipeline>[2],
  req: RunRequest,
  todo: ReturnType<typeof scanInbox>,
  size: number,
  commit: boolean,
  lock: Lock,
  applied: string[][],
): Promise<Omit<RunOutcome, 'recovered'>> {
  const usage = new UsageReport();
  const extractor = await oneExtractor(root, config, req, usage);
  const shared = { ...base, extractor, usage };
  const restore = favourMemory();
  try {
    const total = todo.files.length;
    const batches: NonNullable<RunOutcome['batches']> = [];
    const planned: PipelineResult[] = [];
    const done: ApplyResult[] = [];
    for (let from = 0; from < total; from += size) {
      const files = todo.files.slice(from, from + size);
      const kept = await oneBatch(root, config, shared, req, files, from, total, commit, lock);
      applied.push(kept.touched);
      batches.push(kept.batch);
      planned.push(kept.planned);
      done.push(kept.done);
      // between batches, and before the search index is brought up to date for all of them
      collectGarbage();
    }
    const first = planned[0]!;
    const last = done.at(-1)!;
    const result: PipelineResult = {
      ...first,
      plan: {
        ...first.plan,
        sources: planned.flatMap((p) => p.plan.sources),
        skipped: planned.flatMap((p) => p.plan.skipped),
        failed: planned.flatMap((p) => p.plan.failed),
        warnings: planned.flatMap((p) => p.plan.warnings),
      },
      reports: planned.flatMap((p) => p.reports),
      ignored: todo.ignored,
    };
    const apply: ApplyResult = {
      ...last,
      files: done.flatMap((d) => d.files),
      changes: done.flatMap((d) => d.changes),
      operations: done.reduce((n, d) => n + d.operations, 0),
      recovered: done.flatMap((d) => d.recovered),
      warnings: done.flatMap((d) => d.warnings),
      edits_commit: done[0]!.edits_commit,
    };
    return { result, apply, batches };
  } finally {
    restore();
  }
}

/** One transaction (and commit) per source, each planned against the vault as the previous one left it. */
async function perSource(
  root: string,
  config: Config,
  base: Parameters<typeof runPipeline>[2],
  req: RunRequest,
  commit: boolean,
  lock: Lock,
  applied: string[][],
): Promise<Omit<RunOutcome, 'recovered'>> {
  const usage = new UsageReport();
  const extractor = remembering(await oneExtractor(root, config, req, usage));
  const planned = await runPipeline(root, config, { ...base, extractor, usage });
  let last: ApplyResult | null = null;
  for (const s of planned.plan.sources) {
    // every copy of the source's conversation (#13) goes in with it
    const files = planned.reports.filter((r) => r.note === s.note_path).map((r) => r.file);
    const one = await runPipeline(root, config, {
      ...base,
      extractor,
      usage,
      files: files.length ? files : [s.inbox_path],
      runId: newRunId(),
    });
    last = applyPlan(root, one.plan, { config, message: commitMessage(one.plan), commit, lock, bases: one.bases });
    applied.push(touchedBy(last));
  }
  return { result: planned, apply: last };
}

/** `distill plan`: the run's plan and the file changes it would make; writes nothing. */
export async function planVault(root: string, config: Config, req: RunCallbacks = {}): Promise<RunOutcome> {
  return runVault(root, config, { ...req, dryRun: true });
}

/** `distill rebuild`: every archived source in `Sources/` through the pipeline again, notes updated in place. */
export async function rebuildVault(
  root: string,
  config: Config,
  req: Omit<RunRequest, 'files' | 'reprocess'> = {},
): Promise<RunOutcome> {
  return runVault(root, config, { ...req, reprocess: true, files: listVaultFiles(root, config.folders.sources) });
}
