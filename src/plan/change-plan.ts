/**
 * The one definition of a change plan: everything a run will do to the vault, computed purely from data, shown
 * by `distill plan` and carried out all-or-nothing by `apply`. Paths are vault-relative POSIX paths computed by
 * Distill (never by a model) and validated against the allowed folders before anything is written.
 */

import { HOLD_COMPRESSED_ABOVE, holdText } from '../core/held-text.ts';
import { newRunId } from '../core/run-id.ts';
import type { SectionPatch } from '../vault/patch.ts';

export type { SectionPatch };

export type Operation =
  /** A new file; planning a create over an existing file is a conflict, never an overwrite. */
  | { op: 'create_note'; path: string; content: string; source_id?: string }
  /** Surgical edits of an existing note; `base_sha` (sha256 of the text planned against) guards against edits since. */
  | { op: 'patch_note'; path: string; patches: SectionPatch[]; base_sha: string | null }
  | { op: 'archive_source'; from: string; to: string; source_id: string }
  /** Drafts, invites and approved mail; an existing outbox file (the user may be editing it) is never replaced. */
  | { op: 'write_outbox'; path: string; content: string }
  /** Distill state under `.distill/` (ledger, stored extractions) that must change in the same transaction. */
  | { op: 'write_state'; path: string; content: string };

/**
 * The operation that writes Distill state: the same data either way, but with `hold` a large text (a busy account's
 * state, the ledger of a large vault) is held compressed and its `content` made again on each read (see `holdText`).
 * For a batch of a large run, where memory matters; one source into a large vault should not pay for compressing
 * its ledger.
 */
export function writeState(path: string, content: string, hold = true): Operation {
  if (!hold || content.length <= HOLD_COMPRESSED_ABOVE) return { op: 'write_state', path, content };
  const text = holdText(content);
  return {
    op: 'write_state',
    path,
    get content() {
      return text();
    },
  };
}

export interface PlannedSource {
  source_id: string;
  inbox_path: string;
  title: string;
  date: string | null;
  kind: string;
  extractor: string;
  note_path: string;
}

export interface PlanFailure {
  path: string;
  reason: string;
}

export interface ChangePlan {
  run_id: string;
  created: string;
  operations: Operation[];
  sources: PlannedSource[];
  skipped: { path: string; source_id: string; reason: string }[];
  failed: PlanFailure[];
  warnings: string[];
}

/** A plan that only edits files (no sources), as the maintenance commands (tasks, outbox, digest) build it. */
export function editPlan(operations: Operation[], now = new Date()): ChangePlan {
  return {
    run_id: newRunId(now),
    created: now.toISOString(),
    operations,
    sources: [],
    skipped: [],
    failed: [],
    warnings: [],
  };
}
