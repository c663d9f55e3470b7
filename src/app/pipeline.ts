/**
 * One run, end to end, as data: scan the inbox, adapt, skip what the ledger already has, extract, resolve
 * entities, draft outputs, and plan. Nothing here writes; `apply` does, all at once.
 */
import { readFileSync } from 'node:fs';
import type { PlanBases } from '../apply/index.ts';
import { newRunId } from '../core/run-id.ts';
import { MentionHistory } from '../entities/evidence.ts';
import { addEntities, knownEntities } from '../entities/registry.ts';
import { resolveExtraction } from '../entities/resolve.ts';
import type { Extractor } from '../extract/extractor.ts';
import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { failedQueuePaths } from '../ingest/inbox.ts';
import { IngestError, ingestFile, UnreadableFileError } from '../ingest/index.ts';
import { chooseExtractorKind, createDrafter, createExtractor, UsageReport } from '../llm/index.ts';
import { planOutputs } from '../outputs/index.ts';
import {
  archivePath,
  assignPaths,
  baseName,
  buildPlan,
  type DuplicateInput,
  type Snapshot,
  type SourceInput,
} from '../plan/build.ts';
import type { ChangePlan, Operation, PlanFailure } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';
import { listVaultFiles } from '../vault/files.ts';
import { sha256 } from '../vault/hash.ts';
import { STATE_DIR } from '../vault/ledger.ts';
import { joinVault, vaultFile } from '../vault/paths.ts';
import { conversationInput, conversationUnits, knownSources } from './conversations.ts';
import {
  diskSnapshot,
  FAILED_DIR,
  type IgnoredEntry,
  inboxFiles,
  loadLedger,
  loadRegistry,
  nothingToDo,
  scanInbox,
} from './vault-read.ts';

// the light reads live in ./vault-read.ts (a no-op run loads nothing else); the commands that plan import them here
export {
  diskSnapshot,
  FAILED_DIR,
  type IgnoredEntry,
  inboxFiles,
  loadLedger,
  loadRegistry,
  newRunId,
  nothingToDo,
  scanInbox,
};

/**
 * A snapshot that remembers what it read: the bases a plan was made from (sha256 of each file read, null for a
 * file found absent). Apply refuses the plan if any file it writes is no longer as it was read.
 */
export function recordingSnapshot(root: string): { snapshot: Snapshot; bases: PlanBases } {
  const inner = diskSnapshot(root);
  const bases: PlanBases = {};
  return {
    bases,
    snapshot: {
      read: (p) => {
        const text = inner.read(p);
        if (!(p in bases)) bases[p] = text === null ? null : sha256(text);
        return text;
      },
      exists: (p) => inner.exists(p),
    },
  };
}

export interface SourceReport {
  file: string;
  source_id: string;
  title: string;
  date: string | null;
  kind: string;
  note: string;
  extractor: string;
  warnings: string[];
}

export interface PipelineResult {
  plan: ChangePlan;
  reports: SourceReport[];
  usage: UsageReport;
  extractions: Map<string, { env: SourceEnvelope; ex: Extraction }>;
  /** What the plan was read from (pass to applyPlan: a file changed since is a conflict, not an overwrite). */
  bases: PlanBases;
  /** Inbox entries left alone (hidden, symlinks, pipes…), for the run report. */
  ignored: IgnoredEntry[];
}

export interface PipelineOptions {
  dryRun?: boolean;
  reprocess?: boolean;
  /** Process these vault-relative files instead of the inbox (rebuild passes the archived sources). */
  files?: string[];
  /** Process only these inbox files (one batch of a large inbox), as inbox files: duplicates skipped, failures queued. */
  inboxFiles?: string[];
  runId?: string;
  now?: Date;
  extractor?: Extractor;
  onProgress?: (done: number, total: number, label: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Where model calls are counted (one report across the plans of a `--commit-per-source` run). */
  usage?: UsageReport;
  /** One batch of a large run: the plan holds its large texts compressed (see `writeState`). */
  batch?: boolean;
}

function failedOps(
  inboxPath: string,
  reason: string,
  config: Config,
  snapshot: Snapshot,
  taken: Set<string>,
): Operation[] {
  const paths = failedQueuePaths(
    joinVault(config.folders.inbox, FAILED_DIR),
    baseName(inboxPath),
    (p) => snapshot.exists(p) || taken.has(p),
  );
  taken.add(paths.target);
  taken.add(paths.reason);
  return [
    { op: 'archive_source', from: inboxPath, to: paths.target, source_id: '' },
    { op: 'create_note', path: paths.reason, content: `${reason}\n` },
  ];
}

export async function runPipeline(root: string, config: Config, opts: PipelineOptions = {}): Promise<PipelineResult> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? new Date();
  const runId = opts.runId ?? newRunId(now);
  const usage = opts.usage ?? new UsageReport();
  // The inbox first: a run with nothing to process reads nothing else (no ledger, no entity page, no model set up),
  // so its cost does not grow with the vault.
  const given = opts.files ?? opts.inboxFiles;
  const scanned = given ? { files: given, ignored: [] } : scanInbox(root, config);
  const files = scanned.files;
  if (files.length === 0) return nothingToDo(runId, now, usage, scanned.ignored);
  const { snapshot, bases } = recordingSnapshot(root);
  const ledger = loadLedger(snapshot);
  let registry = loadRegistry(root, config, snapshot);
  const extractor =
    opts.extractor ??
    (await createExtractor(config, root, chooseExtractorKind(config, env), { dryRun: !!opts.dryRun, usage, env }));
  const drafter = config.drafts.enabled ? createDrafter(config, root, { usage, dryRun: !!opts.dryRun, env }) : null;
  const failed: PlanFailure[] = [];
  const extraOps: Operation[] = [];
  const taken = new Set<string>();

  // 1. adapt every file; a file that cannot be read goes to the failed queue with its reason
  const adapted: { inboxPath: string; env: SourceEnvelope; first: boolean }[] = [];
  for (const rel of files) {
    try {
      const envs = await ingestFile(vaultFile(root, rel), { displayPath: rel });
      for (const [i, e] of envs.entries()) adapted.push({ inboxPath: rel, env: e, first: i === 0 });
    } catch (e) {
      const reason = e instanceof IngestError ? e.reason : (e as Error).message;
      failed.push({ path: rel, reason });
      // A file that vanished or cannot be read is reported and left: it cannot be moved to the queue either.
      if (!opts.files && !(e instanceof UnreadableFileError))
        extraOps.push(...failedOps(rel, reason, config, snapshot, taken));
    }
  }

  // 2. the same content twice (in the ledger, or twice in this inbox) is one source
  const seen = new Set<string>();
  const duplicates: DuplicateInput[] = [];
  const fresh: typeof adapted = [];
  // Of two copies of one source (a rebuild of Sources/ holding both exports), the one the ledger archived is the
  // source and the other its duplicate, as they were when first processed.
  const knownIds = knownSources(ledger);
  const archivedFirst = (a: (typeof adapted)[number]) =>
    knownIds.archivedPathOf(a.env.source_id) === a.inboxPath ? 0 : 1;
  for (const a of adapted.sort(
    (x, y) =>
      (x.env.date ?? '9999').localeCompare(y.env.date ?? '9999') ||
      x.env.source_id.localeCompare(y.env.source_id) ||
      archivedFirst(x) - archivedFirst(y),
  )) {
    const id = a.env.source_id;
    // a copy of a conversation the vault has (#13) is known like the conversation's own source
    const conversation = knownIds.conversationOf(id);
    const known = conversation ? ledger.sources[conversation] : undefined;
    if (seen.has(id) || (known && !opts.reprocess && !opts.files)) {
      if (a.first) {
        const { archivedPath } = assignPaths(a.env, a.env.title, a.inboxPath, config, ledger, taken, snapshot);
        duplicates.push({ inboxPath: a.inboxPath, source_id: seen.has(id) ? id : (conversation ?? id), archivedPath });
      }
      continue;
    }
    seen.add(id);
    fresh.push(a);
  }

  // 3. copies of one conversation (in this run, or of one the vault has) become one source with one note (#13)
  const units = await conversationUnits(fresh, ledger, async (p) => {
    try {
      return await ingestFile(vaultFile(root, p), { displayPath: p });
    } catch {
      return [];
    }
  });

  // 4. extract, resolve, assign paths, plan outputs
  const sources: SourceInput[] = [];
  const reports: SourceReport[] = [];
  const extractions = new Map<string, { env: SourceEnvelope; ex: Extraction }>();
  const today = now.toISOString().slice(0, 10);
  let done = 0;
  const archiveOf = new Map<string, string>();
  // Outbox files already on disk: a draft the user may be editing is never re-drafted (nor re-sent to a model).
  const existingOutbox = new Set(listVaultFiles(root, config.folders.outbox));
  // Which sources named a name not yet known: earlier runs' stored extractions (read only if needed), then this run's.
  const mentions = new MentionHistory(
    function* () {
      // one file at a time: a large vault's stored extractions together are tens of MB, read again by every batch
      for (const f of listVaultFiles(root, `${STATE_DIR}/extractions`)) yield readFileSync(vaultFile(root, f), 'utf8');
    },
    new Set(fresh.map((a) => a.env.source_id)),
    config.entities.min_sources,
  );
  for (const u of units) {
    const a = u.lead;
    opts.onProgress?.(done, fresh.length, a.inboxPath);
    done += u.members.length;
    let ex: Extraction;
    try {
      ex = await extractor.extract(a.env, { config, known: knownEntities(registry), today });
    } catch (e) {
      const reason = `extraction failed: ${(e as Error).message.split('\n')[0]}`;
      for (const m of u.members) {
        failed.push({ path: m.inboxPath, reason });
        if (!opts.files && m.first) extraOps.push(...failedOps(m.inboxPath, reason, config, snapshot, taken));
      }
      continue;
    }
    const res = resolveExtraction(ex, a.env, registry, config, { mentions });
    registry = addEntities(registry, res.newEntities);
    // another copy of a conversation the vault has: the conversation keeps its note and its archived original
    const own = u.leadIsOwn || !u.entry ? a.inboxPath : u.entry.archived_path;
    const paths = assignPaths(a.env, ex.title, own, config, ledger, taken, snapshot);
    const { notePath } = paths;
    const archivedPath = archiveOf.get(own) ?? paths.archivedPath;
    const archive = u.leadIsOwn && !archiveOf.has(own);
    archiveOf.set(own, archivedPath);
    const conversation = conversationInput(u, (env, p) => {
      const had = archiveOf.get(p);
      if (had) return { path: had, move: false };
      const path = archivePath(env, p, config, taken, snapshot);
      archiveOf.set(p, path);
      return { path, move: true };
    });
    const outputs = await planOutputs({
      env: a.env,
      ex,
      notePath,
      config,
      existing: new Set([...existingOutbox, ...[...taken].filter((p) => snapshot.exists(p))]),
      drafter,
    });
    for (const o of outputs) if ('path' in o) taken.add(o.path);
    sources.push({
      inboxPath: a.inboxPath,
      env: a.env,
      ex,
      res,
      outputs,
      notePath,
      archivedPath,
      archive,
      ...(conversation ? { conversation } : {}),
    });
    extractions.set(a.env.source_id, { env: a.env, ex });
    const copies = u.merged.copies.length;
    for (const m of u.members) {
      const lead = m.env.source_id === a.env.source_id || (m === u.members[0] && !u.leadIsOwn);
      reports.push({
        file: m.inboxPath,
        source_id: m.env.source_id,
        title: ex.title,
        date: ex.date ?? a.env.date,
        kind: a.env.kind,
        note: notePath,
        extractor: ex.extractor,
        warnings: [
          ...(lead ? [...a.env.warnings, ...ex.warnings] : []),
          ...(copies > 1 ? [`one conversation of ${copies} copies: every copy is listed in its note`] : []),
          ...u.unreadable.map((p) => `archived copy ${p} could not be read: the note is made without it`),
        ],
      });
    }
  }
  opts.onProgress?.(fresh.length, fresh.length, 'planned');
  // A name that got its page from a later source of this run (entities.min_sources) is linked in the earlier ones
  // too: every source is resolved again against the run's final registry, as a rebuild of them would be.
  if (sources.some((s) => s.res.newEntities.length > 0))
    for (const s of sources) s.res = resolveExtraction(s.ex, s.env, registry, config, { mentions });

  const plan = buildPlan({
    runId,
    now: now.toISOString(),
    config,
    ledger,
    registry,
    sources,
    duplicates,
    failed,
    snapshot,
    holdLargeTexts: !!opts.batch,
  });
  plan.operations.push(...extraOps);
  return { plan, reports, usage, extractions, bases, ignored: scanned.ignored };
}
