/**
 * Reading the vault for planning: the inbox listing, the ledger, files as a snapshot, the entity registry from the
 * pages. Kept apart from the pipeline so that what needs only these loads only these: a run with nothing in the inbox
 * (no ingest, NLP or model code), `distill extract` (the known entities), undo, watch.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Snapshot, VaultFile } from '../core/vault-file.ts';
import type { Registry } from '../entities/registry.ts';
import { registryFromFiles } from '../entities/registry-files.ts';
import { type SkippedEntry, scanInbox as scanInboxEntries } from '../ingest/inbox.ts';
import type { UsageReport } from '../llm/usage.ts';
import type { ChangePlan } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';
import { listVaultFiles } from '../vault/files.ts';
import { frontmatterBlock, frontmatterRound } from '../vault/frontmatter.ts';
import { LEDGER_PATH, type Ledger, parseLedger, STATE_DIR } from '../vault/ledger.ts';
import { vaultFile } from '../vault/paths.ts';
import { loadFrontmatterCache } from './frontmatter-cache.ts';

export const FAILED_DIR = '_failed';

export function diskSnapshot(root: string): Snapshot {
  const abs = (p: string) => vaultFile(root, p);
  return {
    read: (p) => (existsSync(abs(p)) && statSync(abs(p)).isFile() ? readFileSync(abs(p), 'utf8') : null),
    exists: (p) => existsSync(abs(p)),
  };
}

/**
 * Registry from the entity pages in the vault plus entities Distill created (their state files), read the one way
 * the entity commands read it: an entity merged or renamed away is not brought back; a damaged state file only loses
 * its cached entity.
 */
export function loadRegistry(root: string, config: Config, snapshot: Snapshot): Registry {
  loadFrontmatterCache(root);
  function* files(): Generator<VaultFile> {
    for (const folder of [config.folders.people, config.folders.accounts, config.folders.projects]) {
      for (const f of listVaultFiles(root, folder)) {
        // the registry reads a page's frontmatter only: a busy account's page (its Timeline) is megabytes
        if (f === 'README.md' || f.endsWith('/README.md'))
          yield { path: f, content: frontmatterBlock(snapshot.read(f) ?? '') };
      }
    }
    // read one at a time: a large vault's entity states together are hundreds of MB
    for (const f of listVaultFiles(root, `${STATE_DIR}/entities`)) yield { path: f, content: snapshot.read(f) ?? '' };
  }
  return frontmatterRound(() => registryFromFiles(files(), config));
}

/** An inbox entry that is not processed, and why (listed in the run report, left where it is). */
export type IgnoredEntry = SkippedEntry;

/**
 * Inbox files waiting to be processed, walking subfolders (the failed queue is not re-read until the user moves a
 * file back), and every entry that is left alone with the reason: hidden names, symbolic links (never followed:
 * one could point anywhere), pipes, sockets and devices, names no vault path may hold, files the run may not read
 * (see `src/ingest/inbox.ts`).
 */
export function scanInbox(root: string, config: Config): { files: string[]; ignored: IgnoredEntry[] } {
  const { files, skipped } = scanInboxEntries(root, config.folders.inbox, { skip: (n) => n === FAILED_DIR });
  return { files, ignored: skipped };
}

/** Inbox files waiting to be processed (the failed queue is not re-read until the user moves a file back). */
export function inboxFiles(root: string, config: Config): string[] {
  return scanInbox(root, config).files;
}

export function loadLedger(snapshot: Snapshot): Ledger {
  return parseLedger(snapshot.read(LEDGER_PATH));
}

/** The result (a `PipelineResult`) of a run that found nothing to process: an empty plan, read from nothing but the inbox listing. */
export function nothingToDo(
  runId: string,
  now: Date,
  usage: UsageReport,
  ignored: IgnoredEntry[],
): {
  plan: ChangePlan;
  reports: never[];
  usage: UsageReport;
  extractions: Map<string, never>;
  bases: Record<string, never>;
  ignored: IgnoredEntry[];
} {
  const plan: ChangePlan = {
    run_id: runId,
    created: now.toISOString(),
    operations: [],
    sources: [],
    skipped: [],
    failed: [],
    warnings: [],
  };
  return { plan, reports: [], usage, extractions: new Map<string, never>(), bases: {}, ignored };
}
