/**
 * The planner: a pure function from (sources with their extractions and entity resolutions, the ledger, the
 * entity registry, a read-only snapshot of the vault) to a ChangePlan. It decides every path; nothing it is given
 * (least of all model output) can name a file.
 */

import { OWNER } from '../core/owner.ts';
import type { Snapshot } from '../core/vault-file.ts';
import type { Entity } from '../entities/entity.ts';
import { buildRegistry, type Registry } from '../entities/registry.ts';
import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';

const entityById = (reg: Registry, id: string): Entity | undefined => reg.byId.get(id);

import { safeFileName } from '../core/filename.ts';
import { contributionsFor } from '../entities/contribution.ts';
import { renderEntityPage } from '../entities/page.ts';
import type { Resolution } from '../entities/resolve.ts';
import {
  type EntityContribution,
  type EntityState,
  entityStatePath,
  parseState,
  stateText,
} from '../entities/state.ts';
import { planRunOutputs, type RunOutput } from '../outputs/index.ts';
import type { Config } from '../vault/config.ts';
import { sha256 as sha } from '../vault/hash.ts';
import { narrowJson } from '../vault/json-text.ts';
import { extractionPath, LEDGER_PATH, type Ledger, type LedgerSource, serialiseLedger } from '../vault/ledger.ts';
import { applyPatches, type SectionPatch } from '../vault/patch.ts';
import { joinVault, suffixedName } from '../vault/paths.ts';
import { type ChangePlan, type Operation, type PlanFailure, type PlannedSource, writeState } from './change-plan.ts';
import {
  type ConversationInput,
  conversationNotePatches,
  copyArchiveOps,
  ledgerCopies,
  sourcesList,
  withSourcesList,
} from './conversations.ts';
import {
  type EntityLink,
  type NoteInput,
  type NoteLinks,
  noteFrontmatter,
  renderSourceNote,
  sourceNotePatches,
  taskStatusesIn,
} from './source-note.ts';

export type { Snapshot };

export interface SourceInput {
  /** Vault-relative path of the file in the inbox (or under Sources/ when rebuilding). */
  inboxPath: string;
  env: SourceEnvelope;
  ex: Extraction;
  res: Resolution;
  /** Outbox operations from the outputs stage (drafts, invites). */
  outputs: Operation[];
  notePath: string;
  archivedPath: string;
  /** False for the 2nd..nth thread of one mbox file: the file is archived once. */
  archive?: boolean;
  /** The source is a conversation: its other copies, index keys, and what its note was made from (#13). */
  conversation?: ConversationInput;
}

export interface DuplicateInput {
  inboxPath: string;
  source_id: string;
  archivedPath: string;
}

/** What `.distill/extractions/<id>.json` holds: enough to re-render the note exactly as it was written. */
export interface StoredExtraction {
  extraction: Extraction;
  links: NoteLinks;
  note_path: string;
  archived_path: string;
}

const ARCHIVE_KIND: Record<SourceEnvelope['kind'], string> = {
  email: 'Email',
  transcript: 'Transcripts',
  document: 'Documents',
};

function yearOf(date: string | null): string {
  return date && /^\d{4}/.test(date) ? date.slice(0, 4) : 'Undated';
}

function withSuffix(p: string, suffix: string): string {
  const slash = p.lastIndexOf('/');
  return `${p.slice(0, slash + 1)}${suffixedName(p.slice(slash + 1), suffix)}`;
}

/** A free path: the base, else the base with the short source id, else with a counter. Never an existing file. */
function freePath(base: string, sourceId: string, taken: Set<string>, snapshot: Snapshot): string {
  const free = (p: string) => !taken.has(p) && !snapshot.exists(p);
  if (free(base)) return base;
  const short = sourceId.slice(0, 6);
  if (free(withSuffix(base, short))) return withSuffix(base, short);
  for (let i = 2; ; i++) if (free(withSuffix(base, `${short}-${i}`))) return withSuffix(base, `${short}-${i}`);
}

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Where a source's note and archived original go; a source already in the ledger keeps its note. */
export function assignPaths(
  env: SourceEnvelope,
  title: string,
  inboxPath: string,
  config: Config,
  ledger: Ledger,
  taken: Set<string>,
  snapshot: Snapshot,
): { notePath: string; archivedPath: string } {
  const known = ledger.sources[env.source_id];
  const archivedPath = archivePath(env, inboxPath, config, taken, snapshot);
  if (known)
    return { notePath: known.note_path, archivedPath: known.archived_path === inboxPath ? inboxPath : archivedPath };
  const name = env.date ? `${env.date} - ${safeFileName(title, 100)}.md` : `${safeFileName(title, 110)}.md`;
  const notePath = freePath(joinVault(config.folders.meetings, yearOf(env.date), name), env.source_id, taken, snapshot);
  taken.add(notePath);
  return { notePath, archivedPath };
}

/** Where a file of this source is archived (it stays where it is when already under Sources/); reserved in `taken`. */
export function archivePath(
  env: SourceEnvelope,
  inboxPath: string,
  config: Config,
  taken: Set<string>,
  snapshot: Snapshot,
): string {
  const archiveBase = joinVault(config.folders.sources, ARCHIVE_KIND[env.kind], yearOf(env.date), baseName(inboxPath));
  const archivedPath = inboxPath.startsWith(`${config.folders.sources}/`)
    ? inboxPath
    : freePath(archiveBase, env.source_id, taken, snapshot);
  taken.add(archivedPath);
  return archivedPath;
}

function entityLink(e: Entity, display?: string): EntityLink {
  return { name: display ?? e.name, target: `${e.folder}/README` };
}

/** The links a source note shows, from the resolution of its participants and mentions. */
export function noteLinks(ex: Extraction, res: Resolution, reg: Registry): NoteLinks {
  const participants: EntityLink[] = [];
  const seen = new Set<string>();
  for (const p of ex.participants) {
    const id = res.links[p.name];
    const e = id ? entityById(reg, id) : undefined;
    const key = e ? e.id : `name:${p.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    participants.push(e ? entityLink(e, e.owner ? OWNER : e.name) : { name: p.name, target: null });
  }
  const ofKind = (kind: Entity['kind']) =>
    res.touched
      .map((id) => entityById(reg, id))
      .filter((e): e is Entity => !!e && e.kind === kind)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => entityLink(e));
  return { participants, accounts: ofKind('account'), projects: ofKind('project'), ambiguous: res.ambiguous };
}

export interface PlanInput {
  runId: string;
  now: string;
  config: Config;
  ledger: Ledger;
  registry: Registry;
  sources: SourceInput[];
  duplicates: DuplicateInput[];
  failed: PlanFailure[];
  snapshot: Snapshot;
  warnings?: string[];
  /** The run-wide outputs to fold in (src/outputs/index.ts's RUN_OUTPUTS unless given). */
  runOutputs?: readonly RunOutput[];
  /** Hold large state texts compressed until applied (a batch of a large run: see `writeState`). */
  holdLargeTexts?: boolean;
}

/**
 * The stored extraction in a canonical form: mentions sorted, because their order follows the entities the
 * extractor already knew (a rebuild knows them all), and nothing reads that order back.
 */
function storedText(stored: StoredExtraction): string {
  const mentions = [...stored.extraction.mentions].sort(
    (a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name) || cmp(a.email ?? '', b.email ?? ''),
  );
  return narrowJson(`${JSON.stringify({ ...stored, extraction: { ...stored.extraction, mentions } }, null, 1)}\n`);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A ledger entry without its run bookkeeping (which run processed it, when). */
function entryBody(e: LedgerSource): string {
  const { run_id: _r, processed_at: _p, ...rest } = e;
  return JSON.stringify(rest);
}

/**
 * The entity as the registry will read it back from its page on the next run (pages win over state), so the state
 * file written now is the one the next run would write: re-processing changes nothing it has not changed.
 */
function entityAsReadBack(entity: Entity, pagePath: string, content: string, config: Config): Entity {
  return buildRegistry([{ path: pagePath, content }], config, [entity]).byId.get(entity.id) ?? entity;
}

/**
 * The note's frontmatter patch told what Distill wrote last time, so a `title:` or a tag the user edited survives
 * re-processing (the patch merges three ways instead of overwriting).
 */
function withPreviousFrontmatter(patches: SectionPatch[], previous: NoteInput | null): SectionPatch[] {
  if (!previous) return patches;
  const before = noteFrontmatter(previous);
  return patches.map((p) => (p.kind === 'upsert_frontmatter' ? { ...p, previous: before } : p));
}

/**
 * The entity's stored state (none when there is none or it is damaged: its page is then rendered afresh) and the
 * hash of its text, to tell whether the state the plan writes differs. The text itself is not kept: a busy
 * account's is megabytes, and read once.
 */
function storedState(snapshot: Snapshot, file: string): { state: EntityState | null; sha: string | null } {
  const text = snapshot.read(file);
  if (text === null) return { state: null, sha: null };
  const hash = sha(text);
  try {
    return { state: parseState(text, file), sha: hash };
  } catch {
    return { state: null, sha: hash };
  }
}

export function buildPlan(input: PlanInput): ChangePlan {
  const { config, snapshot, registry } = input;
  const ops: Operation[] = [];
  // A copy of the maps the plan changes, not of their entries: entries are replaced, never changed in place, and a deep
  // copy of a large vault's ledger was tens of MB made by every batch.
  const ledger: Ledger = { ...input.ledger, sources: { ...input.ledger.sources }, runs: [...input.ledger.runs] };
  const planned: PlannedSource[] = [];
  // What each entity receives from this plan's sources. Its stored state is read only when its page is rendered, one
  // entity at a time: a busy account's state holds thousands of contributions, and holding every touched entity's
  // state parsed at once was most of a large run's peak memory.
  const contributed = new Map<string, { entity: Entity; contributions: EntityContribution[] }>();
  // Whether the run changes anything besides its own bookkeeping: a run that changes nothing (a second run, a
  // rebuild of a vault Distill made) leaves the ledger as it was instead of recording a run that did nothing.
  let changes = false;

  for (const s of input.sources) {
    const { env, ex, res } = s;
    const links = noteLinks(ex, res, registry);
    const previousEntry = ledger.sources[env.source_id];
    const copies = s.conversation
      ? ledgerCopies(previousEntry, s.conversation, env.source_id)
      : (previousEntry?.copies ?? []);
    const sources = sourcesList(s.archivedPath, copies);
    const existingNote = snapshot.read(s.notePath);
    const note: NoteInput = {
      env,
      ex,
      links,
      archivedPath: s.archivedPath,
      ...(existingNote ? { keepStatus: taskStatusesIn(existingNote) } : {}),
    };
    let noteChanged = true;
    if (existingNote === null) {
      const content = withSourcesList(renderSourceNote(note), sources);
      ops.push({ op: 'create_note', path: s.notePath, content, source_id: env.source_id });
    } else {
      const stored = snapshot.read(extractionPath(env.source_id));
      const prev = stored ? (JSON.parse(stored) as StoredExtraction) : null;
      const previous: NoteInput | null = prev
        ? {
            env,
            ex: prev.extraction,
            links: prev.links,
            archivedPath: prev.archived_path,
            keepStatus: note.keepStatus ?? new Map(),
          }
        : null;
      const patches = [
        ...withPreviousFrontmatter(sourceNotePatches(note, previous), previous),
        ...conversationNotePatches(env, s.conversation ?? { copies: [], keys: [], previous: null }, sources),
      ];
      noteChanged = applyPatches(existingNote, patches) !== existingNote;
      ops.push({ op: 'patch_note', path: s.notePath, patches, base_sha: sha(existingNote) });
    }
    const archives = s.archive !== false && s.archivedPath !== s.inboxPath;
    if (archives) {
      ops.push({ op: 'archive_source', from: s.inboxPath, to: s.archivedPath, source_id: env.source_id });
    }
    const copyMoves = s.conversation ? copyArchiveOps(s.conversation) : [];
    ops.push(...copyMoves);
    ops.push(...s.outputs);
    const stored = storedText({ extraction: ex, links, note_path: s.notePath, archived_path: s.archivedPath });
    ops.push({ op: 'write_state', path: extractionPath(env.source_id), content: stored });
    if (
      noteChanged ||
      archives ||
      copyMoves.length > 0 ||
      snapshot.read(extractionPath(env.source_id)) !== stored ||
      s.outputs.some((o) => 'path' in o && !snapshot.exists(o.path))
    ) {
      changes = true;
    }

    const noteTarget = s.notePath.replace(/\.md$/, '');
    for (const c of contributionsFor(ex, env, res, noteTarget, registry)) {
      let pending = contributed.get(c.entity_id);
      if (!pending) {
        const entity = entityById(registry, c.entity_id);
        if (!entity) continue;
        pending = { entity, contributions: [] };
        contributed.set(c.entity_id, pending);
      }
      pending.contributions.push(c);
    }

    const keys = s.conversation?.keys ?? previousEntry?.conversation_keys ?? [];
    const entry: LedgerSource = {
      source_id: env.source_id,
      inbox_name: previousEntry?.inbox_name ?? baseName(s.inboxPath),
      archived_path: s.archivedPath,
      note_path: s.notePath,
      kind: env.kind,
      title: ex.title,
      date: ex.date ?? env.date,
      extractor: ex.extractor,
      run_id: input.runId,
      processed_at: input.now,
      outputs: [...new Set([...(previousEntry?.outputs ?? []), ...s.outputs.map((o) => ('path' in o ? o.path : ''))])]
        .filter(Boolean)
        .sort(),
      entities: [...res.touched].sort(),
      duplicates: previousEntry?.duplicates ?? [],
      ...(copies.length > 0 ? { copies } : {}),
      ...(keys.length > 0 ? { conversation_keys: keys } : {}),
    };
    // processed again to the same result: the entry keeps the run that made it what it is
    const same = previousEntry !== undefined && entryBody(previousEntry) === entryBody(entry);
    ledger.sources[env.source_id] = same && !noteChanged ? previousEntry : entry;
    if (!same) changes = true;
    planned.push({
      source_id: env.source_id,
      inbox_path: s.inboxPath,
      title: ex.title,
      date: entry.date,
      kind: env.kind,
      extractor: ex.extractor,
      note_path: s.notePath,
    });
  }

  for (const d of input.duplicates) {
    // A second copy already under Sources/ (rebuild): it stays where it is, and stays recorded as a duplicate.
    if (d.inboxPath !== d.archivedPath) {
      ops.push({ op: 'archive_source', from: d.inboxPath, to: d.archivedPath, source_id: d.source_id });
      changes = true;
    }
    const entry = ledger.sources[d.source_id];
    if (entry && !entry.duplicates.includes(d.archivedPath)) {
      ledger.sources[d.source_id] = {
        ...entry,
        duplicates: [...new Set([...entry.duplicates, d.archivedPath])].sort(),
      };
      changes = true;
    }
  }

  for (const [, { entity, contributions }] of [...contributed].sort(([a], [b]) => a.localeCompare(b))) {
    const file = entityStatePath(entity.id);
    const stored = storedState(snapshot, file);
    const st = stored.state ?? { entity, contributions: {}, generated: {} };
    st.entity = entity;
    for (const c of contributions) st.contributions[c.source_id] = c;
    const pagePath = `${entity.folder}/README.md`;
    const existing = snapshot.read(pagePath);
    const page = renderEntityPage(entity, st, existing, config);
    const content = applyPatches(existing ?? page.skeleton, page.patches);
    if (existing === null) {
      ops.push({ op: 'create_note', path: pagePath, content });
    } else {
      ops.push({ op: 'patch_note', path: pagePath, patches: page.patches, base_sha: sha(existing) });
    }
    const state = { ...page.state, entity: entityAsReadBack(page.state.entity, pagePath, content, config) };
    const text = stateText(state);
    ops.push(writeState(file, text, !!input.holdLargeTexts));
    if (content !== existing || sha(text) !== stored.sha) changes = true;
  }

  const touched = new Set<string>();
  for (const op of ops) {
    if (op.op === 'archive_source') {
      touched.add(op.from);
      touched.add(op.to);
    } else touched.add(op.path);
  }
  if (changes && (planned.length > 0 || input.duplicates.length > 0)) {
    ledger.runs.push({
      run_id: input.runId,
      started: input.now,
      finished: input.now,
      sources: planned.map((p) => p.source_id),
      failed: input.failed,
      files: [...touched].sort(),
      commit: null,
      status: 'applied',
    });
  }
  if (planned.length > 0 || input.duplicates.length > 0) {
    ops.push(writeState(LEDGER_PATH, serialiseLedger(ledger), !!input.holdLargeTexts));
  }
  // The run-wide outputs (the task dashboard, review notes) see the run as planned; what they write is theirs, not a
  // source's, so the ledger does not list it.
  ops.push(...planRunOutputs({ config, now: input.now, sources: planned, ledger, snapshot }, input.runOutputs));

  return {
    run_id: input.runId,
    created: input.now,
    operations: ops,
    sources: planned,
    skipped: input.duplicates.map((d) => ({
      path: d.inboxPath,
      source_id: d.source_id,
      reason: 'same content as a source already processed',
    })),
    failed: input.failed,
    warnings: input.warnings ?? [],
  };
}
