/**
 * The one definition of a change plan: everything a run will do to the vault, computed purely from data, shown
 * by `distill plan` and carried out all-or-nothing by `apply`. Paths are vault-relative POSIX paths computed by
 * Distill (never by a model) and validated against the allowed folders before anything is written.
 */

export type SectionPatch =
  /** Set (or, with null, delete) frontmatter keys through the yaml Document API, keeping comments and order. */
  | { kind: 'upsert_frontmatter'; values: Record<string, unknown> }
  /** Replace the Distill-owned body of `## heading`, keeping every line the user added there. */
  | { kind: 'replace_section'; heading: string; body: string; previous?: string }
  /** Append lines under `## heading` that are not there yet (created at the end when missing). */
  | { kind: 'append_to_section'; heading: string; lines: string[] }
  /** Make sure each `[[link]]` appears under `## heading`. */
  | { kind: 'ensure_links'; heading: string; links: string[] };

export type Operation =
  | { op: 'create_note'; path: string; content: string; source_id?: string }
  /** `content` is the full new text, rendered from the snapshot; `base_sha` guards against edits since planning. */
  | { op: 'patch_note'; path: string; patches: SectionPatch[]; base_sha: string | null }
  | { op: 'archive_source'; from: string; to: string; source_id: string }
  | { op: 'write_outbox'; path: string; content: string }
  /** Distill state under `.distill/` (ledger, stored extractions) that must change in the same transaction. */
  | { op: 'write_state'; path: string; content: string };

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
