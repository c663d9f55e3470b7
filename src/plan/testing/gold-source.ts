/**
 * Test support: a real fixture source read by the real adapter, with its extraction taken from the human gold labels
 * (test/fixtures/gold/gold.dev.jsonl) instead of an extractor, so what is planned from it does not move when the model
 * is retrained. Planned in memory, against a snapshot of files given as a map.
 */
import path from 'node:path';
import type { Snapshot } from '../../core/vault-file.ts';
import { addEntities, buildRegistry } from '../../entities/registry.ts';
import { resolveExtraction } from '../../entities/resolve.ts';
import { readLabels } from '../../extract/eval/labels.ts';
import type { Extraction } from '../../extract/schema.ts';
import { taskId } from '../../extract/task-id.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { ingestFile } from '../../ingest/index.ts';
import { type Config, loadConfig } from '../../vault/config.ts';
import { emptyLedger, type Ledger } from '../../vault/ledger.ts';
import { assignPaths, buildPlan, type PlanInput } from '../build.ts';
import type { ChangePlan } from '../change-plan.ts';

const GOLD = path.resolve(import.meta.dirname, '../../../test/fixtures/gold');

/** The fixture vault's owner (Jason Vallery), as `distill eval` reads it. */
export const fixtureConfig: Config = loadConfig(GOLD);

export function memorySnapshot(files: Record<string, string> = {}): Snapshot {
  return { read: (p) => files[p] ?? null, exists: (p) => p in files };
}

/** The fixture `id` (`e-20260105-cf0ae7`) as it arrives in the inbox, and its gold extraction. */
export async function goldSource(id: string): Promise<{ env: SourceEnvelope; ex: Extraction; inboxPath: string }> {
  const label = readLabels(path.join(GOLD, 'gold.dev.jsonl')).find((l) => l.id === id);
  if (!label) throw new Error(`no gold label ${id}`);
  const inboxPath = `Inbox/${path.basename(label.original_path ?? `${id}.md`)}`;
  const [env] = await ingestFile(path.join(GOLD, label.source_path), { displayPath: inboxPath });
  if (!env) throw new Error(`fixture ${id} read as no source`);
  const owner = (name: string) => (name === fixtureConfig.owner.name ? 'Myself' : name);
  const ex: Extraction = {
    source_id: env.source_id,
    title: label.title,
    date: label.date,
    summary: label.summary,
    participants: label.participants.map((name) => ({ name: owner(name), email: null })),
    tasks: label.tasks.map((t) => ({
      id: taskId(env.source_id, t.text),
      text: t.text,
      owner: owner(t.owner),
      due: t.due,
      priority: null,
      status: 'proposed',
      evidence: t.evidence,
    })),
    decisions: label.decisions,
    facts: label.facts.map((f) => ({ ...f, date: null })),
    topics: [],
    mentions: [],
    reply: null,
    meetings: [],
    extractor: 'gold',
    warnings: [],
  };
  return { env, ex, inboxPath };
}

/** One source planned into an empty vault (or the given files), as a run would plan it, outputs left to the caller. */
export function planGold(
  src: { env: SourceEnvelope; ex: Extraction; inboxPath: string },
  opts: { files?: Record<string, string>; now?: string; ledger?: Ledger } & Pick<PlanInput, 'runOutputs'> = {},
): ChangePlan {
  const config = fixtureConfig;
  const snapshot = memorySnapshot(opts.files);
  const ledger = opts.ledger ?? emptyLedger();
  const known = buildRegistry([], config);
  const res = resolveExtraction(src.ex, src.env, known, config);
  const registry = addEntities(known, res.newEntities);
  const { notePath, archivedPath } = assignPaths(
    src.env,
    src.ex.title,
    src.inboxPath,
    config,
    ledger,
    new Set(),
    snapshot,
  );
  return buildPlan({
    runId: 'run-1',
    now: opts.now ?? '2026-01-06T09:00:00.000Z',
    config,
    ledger,
    registry,
    sources: [{ inboxPath: src.inboxPath, env: src.env, ex: src.ex, res, outputs: [], notePath, archivedPath }],
    duplicates: [],
    failed: [],
    snapshot,
    ...(opts.runOutputs ? { runOutputs: opts.runOutputs } : {}),
  });
}
