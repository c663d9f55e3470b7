/**
 * apply: turns a ChangePlan into file steps against the vault as it is now, refuses anything unsafe (paths,
 * conflicts), and runs them as one transaction with a git commit on top of the user's own pending edits (committed
 * first, as theirs: edits never block a run). Also: dry-run rendering with diffs, crash recovery at start, and
 * `undo` of a past run from its run record, keeping what the user edited since.
 */
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { HOLD_COMPRESSED_ABOVE, holdText } from '../core/held-text.ts';
import type { ChangePlan, Operation } from '../plan/change-plan.ts';
import { type Config, loadConfig } from '../vault/config.ts';
import { sha256 } from '../vault/hash.ts';
import { jsonMemberLines, narrowJson } from '../vault/json-text.ts';
import { STATE_DIR } from '../vault/ledger.ts';
import { applyPatches } from '../vault/patch.ts';
import { checkVaultPath, UnsafePathError, vaultFile } from '../vault/paths.ts';
import { unifiedDiff } from './diff.ts';
import { type FaultPlan, faultsFromEnv } from './fs-ops.ts';
import { blobId, blobsAt, commitPending, headCommit, isGitRepo, textAt } from './git.ts';
import { applyLinePatch, type LineHunk, linePatch, revertLinePatch } from './line-patch.ts';
import { acquireLock, type Lock, LockedError } from './lock.ts';
import { merge3 } from './merge3.ts';
import {
  assertGitIndexFree,
  missingDirs,
  type Recovery,
  recoverInterrupted,
  runTransaction,
  type Step,
} from './transaction.ts';

export const RUNS_DIR = `${STATE_DIR}/runs`;

export class PlanConflict extends Error {
  override name = 'PlanConflict';
}

export { sha256 };

export interface FileChange {
  path: string;
  before: string | null;
  after: string | null;
  /** For moves: where the file goes. */
  to?: string;
  /** `rmdir`: a folder removed if it is empty once the files are done (undo of the folders a run created). */
  kind: 'create' | 'modify' | 'move' | 'outbox' | 'state' | 'remove' | 'rmdir';
}

const abs = vaultFile;

function readOrNull(root: string, rel: string): string | null {
  const f = abs(root, rel);
  return existsSync(f) ? readFileSync(f, 'utf8') : null;
}

/** No existing component of the target's path may be a symlink (it could point outside the vault). */
function checkNoSymlinkEscape(root: string, rel: string): void {
  const realRoot = realpathSync(root);
  let cur = root;
  for (const seg of rel.split('/')) {
    cur = path.join(cur, seg);
    if (!existsSync(cur)) return;
    if (lstatSync(cur).isSymbolicLink()) {
      const target = realpathSync(cur);
      if (!target.startsWith(realRoot + path.sep))
        throw new UnsafePathError(`${rel}: symlink pointing outside the vault`);
      throw new UnsafePathError(`${rel}: refusing to write through a symlink`);
    }
  }
}

function opPaths(op: Operation): string[] {
  return op.op === 'archive_source' ? [op.from, op.to] : [op.path];
}

/**
 * What the planner read, by path: sha256 of the text it saw, or null when the file did not exist. Applying checks
 * the files the plan creates or writes whole against it, so a plan made from state that has changed since (the
 * user edited the ledger, created a note where the plan puts one) is refused instead of overwriting that change. A
 * note the plan patches is not checked: its patches are made to be applied to the note as it is (see
 * `vault/patch.ts`), so a note the user edited while the run was planning is re-read and patched.
 */
export type PlanBases = Record<string, string | null>;

/**
 * A change whose text before is read from disk each time it is asked for, not held, and whose text after is asked
 * of `after` (the plan's operation, or a compressed copy: see `holdText`): a batch of a large run changes the state
 * and page of every busy account it names (megabytes each, growing with the vault), and there is no need to hold all
 * of them from the plan's rendering to its commit. Only valid until the file is written.
 */
function changeOnDisk(root: string, path: string, kind: 'state' | 'modify', after: () => string): FileChange {
  return {
    path,
    kind,
    get before() {
      return readOrNull(root, path);
    },
    get after() {
      return after();
    },
  };
}

/**
 * Resolves a plan against the current disk into concrete changes (pure reads; nothing is written). With `lean`, a
 * state file's or a large page's text before is not held but read again when needed, and its text after is asked
 * of the plan or held compressed (see `changeOnDisk`).
 */
export function renderPlan(
  root: string,
  plan: ChangePlan,
  config: Config,
  bases: PlanBases = {},
  lean = false,
): FileChange[] {
  // what each file holds once the operations so far are done: its text, or where to ask for it (a lean state change)
  const current = new Map<string, string | null | FileChange>();
  const changes = new Map<string, FileChange>();
  const get = (p: string): string | null => {
    if (!current.has(p)) return readOrNull(root, p);
    const now = current.get(p)!;
    return typeof now === 'object' && now !== null ? now.after : now;
  };
  for (const op of plan.operations) {
    for (const p of opPaths(op)) {
      checkVaultPath(p, config);
      checkNoSymlinkEscape(root, p);
      if (op.op !== 'patch_note' && p in bases && !current.has(p)) {
        const now = readOrNull(root, p);
        if ((now === null ? null : sha256(now)) !== bases[p]) {
          throw new PlanConflict(
            `${p} changed since the plan was made (another distill command ran meanwhile?); nothing was written: run again`,
          );
        }
      }
    }
    switch (op.op) {
      case 'create_note': {
        if (get(op.path) !== null) throw new PlanConflict(`${op.path} already exists (planned as a new note)`);
        current.set(op.path, op.content);
        changes.set(op.path, { path: op.path, before: null, after: op.content, kind: 'create' });
        break;
      }
      case 'patch_note': {
        const fromDisk = !current.has(op.path);
        const before = get(op.path);
        if (before === null) throw new PlanConflict(`${op.path} does not exist (planned as a patch)`);
        // a note edited since the plan was made (`base_sha` differs) is patched as it is now: the user's edit stays
        const after = applyPatches(before, op.patches);
        if (lean && fromDisk && after.length > HOLD_COMPRESSED_ABOVE) {
          // a busy account's page: its text before read again from disk when asked for, after held compressed
          const change = changeOnDisk(root, op.path, 'modify', holdText(after));
          current.set(op.path, change);
          changes.set(op.path, change);
          break;
        }
        current.set(op.path, after);
        const prev = changes.get(op.path);
        changes.set(op.path, {
          path: op.path,
          before: prev ? prev.before : before,
          after,
          kind: prev?.kind ?? 'modify',
        });
        break;
      }
      case 'archive_source': {
        if (get(op.from) === null) throw new PlanConflict(`${op.from} is gone (planned to be archived)`);
        if (existsSync(abs(root, op.to))) throw new PlanConflict(`${op.to} exists: a source is never overwritten`);
        changes.set(op.from, { path: op.from, before: null, after: null, to: op.to, kind: 'move' });
        break;
      }
      case 'write_outbox': {
        if (get(op.path) !== null) break; // the user may be editing it: never replaced
        current.set(op.path, op.content);
        changes.set(op.path, { path: op.path, before: null, after: op.content, kind: 'outbox' });
        break;
      }
      case 'write_state': {
        const fromDisk = !current.has(op.path);
        const before = get(op.path);
        const after = op.content; // read once here: a large one is inflated on every read
        if (before === after) break;
        if (lean && fromDisk && before !== null && op.path.startsWith(`${STATE_DIR}/`)) {
          const change = changeOnDisk(root, op.path, 'state', () => op.content);
          current.set(op.path, change);
          changes.set(op.path, change);
        } else {
          current.set(op.path, after);
          changes.set(op.path, { path: op.path, before, after, kind: 'state' });
        }
        break;
      }
    }
  }
  return [...changes.values()].filter((c) => c.kind === 'move' || c.before !== c.after);
}

export function diffOf(changes: FileChange[]): string {
  return changes
    .map((c) =>
      c.kind === 'move'
        ? `rename from ${c.path}\nrename to ${c.to}\n`
        : c.kind === 'rmdir'
          ? ''
          : unifiedDiff(c.path, c.before, c.after),
    )
    .join('');
}

export interface ApplyOptions {
  dryRun?: boolean;
  message?: string;
  /** Kept for callers of the old dirty-tree guard; the user's pending edits are committed first instead. */
  allowDirty?: boolean;
  /** Commit per run (default from config), or not at all. */
  commit?: boolean;
  config?: Config;
  faults?: FaultPlan;
  /** The caller holds the vault lock (and has recovered): see `withVaultLockAsync`. */
  lock?: Lock;
  /** What the plan was made from: every file the plan writes must still be as it was read. */
  bases?: PlanBases;
  /**
   * Whether the result's changes carry the texts before and after (for diffs; the default). Without them, the
   * apply does not hold every state file's old text at once either (see `changeOnDisk`).
   */
  keepTexts?: boolean;
}

export interface ApplyResult {
  run_id: string;
  files: string[];
  commit: string | null;
  changes: FileChange[];
  operations: number;
  recovered: Recovery[];
  warnings: string[];
  /** The commit of the user's pending edits made just before this one (null: there were none, or no git). */
  edits_commit: string | null;
}

interface RunRecord {
  run_id: string;
  created: string;
  message: string;
  /**
   * Files that existed: their bytes before the run and after it (`post`, so an undo can take the run's change out
   * of a file the user has edited since; records older than it lack it); or, for a large file with a small change
   * (the ledger of a big vault), only the changed lines with their context (`patch`) and the sha of the file before.
   */
  modified: ModifiedFile[];
  /** Files the run created, with the sha they had after it. */
  created_files: { path: string; post_sha: string }[];
  moves: { from: string; to: string }[];
  /** Folders the run created (undo removes them again when they are empty). */
  created_dirs?: string[];
}

type ModifiedFile =
  | { path: string; pre: string; post_sha: string; post?: string }
  | {
      path: string;
      pre_sha: string;
      post_sha: string;
      patch: LineHunk[];
      /** A note or page: the commit (HEAD when the run began) that holds its bytes from before the run. */
      pre_commit?: string;
    };

/**
 * Above this size (before and after together) a modified state file is recorded as a patch when that is less than
 * half of keeping it whole: in a run in batches every batch touches the state of the accounts and people it names,
 * and whole files made each batch's run record grow with the vault (56 MB per batch at 3,000 emails).
 */
const PATCH_ABOVE_BYTES = 8 * 1024;

/**
 * How the run record keeps a file the run changed: whole, or as a patch when that is under half the size. Distill's
 * own state (`.distill/`: the ledger, entity state) may always be kept as a patch. A note or page you may edit is
 * kept as a patch only when git holds its bytes from before the run (`preCommit`, HEAD as the run began, where your
 * pending edits were just committed): `undo --force` and the three-way merge of your later edits take them from
 * there. Otherwise it is kept whole, so undo can always give back its bytes from before the run. Whole pages of a
 * busy account made each batch's run record tens of MB (and its JSON text most of a large run's peak memory).
 */
function recordModified(file: string, pre: string, post: string, preCommit: string | null = null): ModifiedFile {
  const postSha = sha256(post);
  const state = file.startsWith(`${STATE_DIR}/`);
  if ((state || preCommit !== null) && pre.length + post.length > PATCH_ABOVE_BYTES) {
    const patch = linePatch(pre, post);
    if (patch && JSON.stringify(patch).length * 2 < pre.length + post.length)
      return {
        path: file,
        pre_sha: sha256(pre),
        post_sha: postSha,
        patch,
        ...(!state && preCommit !== null ? { pre_commit: preCommit } : {}),
      };
  }
  return { path: file, pre, post_sha: postSha, post };
}

/**
 * A run record's entry for one modified file as JSON text, narrowed (see `narrowJson`): made as the entry is known,
 * so the record is never a tree of every changed file's patch lines. Stringifying that tree whole (tens of MB in a
 * batch of a large run, two bytes a character once a page with a 📅 was in it) was the largest moment of a batch.
 */
function entryText(m: ModifiedFile): string {
  return narrowJson(JSON.stringify(m));
}

/** The run record's text in parts, a line each, written one after another: one entry of `modified` a line. */
function recordParts(record: Omit<RunRecord, 'modified'>, modified: string[]): string[] {
  const { run_id, created, message, created_files, moves, created_dirs } = record;
  const field = (k: string, v: unknown, last = false) =>
    narrowJson(` ${JSON.stringify(k)}: ${JSON.stringify(v)}${last ? '' : ','}`);
  const lines = [
    '{',
    field('run_id', run_id),
    field('created', created),
    field('message', message),
    ...jsonMemberLines(' ', 'modified', '[]', modified),
    field('created_files', created_files),
    field('moves', moves, !created_dirs),
    ...(created_dirs ? [field('created_dirs', created_dirs, true)] : []),
    '}',
  ];
  return lines.map((l) => `${l}\n`);
}

/** A file's text in a commit, for undo: null when it cannot be had. */
type TextAt = (commit: string, file: string) => string | null;

/**
 * The file as it was before the run, with the run's change taken out of what it is now (`now`), or null when that
 * cannot be done without losing someone's later change to the same lines.
 */
function undoneText(m: ModifiedFile, now: string | null, force: boolean, textIn: TextAt): string | null {
  if (!('patch' in m)) return undoneWhole(m.pre, m.post, now, force, m.post_sha);
  if (now !== null && sha256(now) === m.post_sha) {
    // as the run left it: the reversal must give the very bytes from before the run
    const reverted = revertLinePatch(now, m.patch);
    if (reverted !== null && sha256(reverted) === m.pre_sha) return reverted;
  }
  const whole = m.pre_commit ? wholeFromGit(m, m.pre_commit, textIn) : null;
  if (whole) return undoneWhole(whole.pre, whole.post, now, force, m.post_sha);
  // as the run left it, yet the reversal above did not give the bytes from before the run: nothing to trust
  if (now === null || sha256(now) === m.post_sha) return null;
  return revertLinePatch(now, m.patch);
}

function undoneWhole(
  pre: string,
  post: string | undefined,
  now: string | null,
  force: boolean,
  postSha: string,
): string | null {
  if (now === null || sha256(now) === postSha || force) return pre;
  const merged = post === undefined ? { ok: false as const } : merge3(post, now, pre);
  return merged.ok ? merged.text : null;
}

/** A patched note's bytes before and after the run, from the commit that holds the first; null if they are not both. */
function wholeFromGit(
  m: { path: string; pre_sha: string; post_sha: string; patch: LineHunk[] },
  commit: string,
  textIn: TextAt,
): { pre: string; post: string } | null {
  const pre = textIn(commit, m.path);
  if (pre === null || sha256(pre) !== m.pre_sha) return null;
  const post = applyLinePatch(pre, m.patch);
  return post !== null && sha256(post) === m.post_sha ? { pre, post } : null;
}

export function runRecordPath(runId: string): string {
  return `${RUNS_DIR}/${runId}.json`;
}

function faultsOf(opts: { faults?: FaultPlan }): FaultPlan {
  return opts.faults ?? faultsFromEnv();
}

/** Take the lock and heal any interrupted run before doing anything else. */
export function withVaultLock<T>(
  root: string,
  fn: (recovered: Recovery[], lock: Lock) => T,
  opts: { faults?: FaultPlan } = {},
): T {
  const lock = acquireLock(root);
  try {
    return fn(recoverInterrupted(root, faultsOf(opts)), lock);
  } finally {
    lock.release();
  }
}

/**
 * The same for a whole command that plans and then applies: the lock is taken and interrupted runs are healed
 * before the command reads the vault, so it plans from the vault as it really is and no other distill process can
 * change it between the plan and the apply (pass the lock on to `applyPlan`).
 */
export async function withVaultLockAsync<T>(
  root: string,
  fn: (recovered: Recovery[], lock: Lock) => Promise<T>,
  opts: { faults?: FaultPlan } = {},
): Promise<T> {
  const lock = acquireLock(root);
  try {
    return await fn(recoverInterrupted(root, faultsOf(opts)), lock);
  } finally {
    lock.release();
  }
}

function execute(root: string, runId: string, changes: FileChange[], config: Config, opts: ApplyOptions) {
  const steps: Step[] = [];
  const record: Omit<RunRecord, 'modified'> = {
    run_id: runId,
    created: new Date().toISOString(),
    message: opts.message ?? `distill ${runId}`,
    created_files: [],
    moves: [],
  };
  // each modified file's entry as its JSON text, made as soon as it is known (see `recordParts`)
  const modified: string[] = [];
  const inHead = notesInHead(root, changes, gitCommits(root, config, opts));
  for (const c of changes) {
    if (c.kind === 'rmdir') {
      steps.push({ type: 'rmdir', path: c.path });
      continue;
    }
    if (c.kind === 'move') {
      steps.push({ type: 'move', from: c.path, to: c.to! });
      record.moves.push({ from: c.path, to: c.to! });
    } else if (c.after === null) {
      steps.push({ type: 'remove', path: c.path });
      if (c.before !== null) modified.push(entryText({ path: c.path, pre: c.before, post_sha: '' }));
    } else {
      // the text after asked for when written, not held by the steps (a lean state change reads it from the plan)
      steps.push({ type: 'write', path: c.path, content: () => c.after!, ifAbsent: c.kind === 'outbox' });
      const before = c.before; // read once: it may be read from disk (see changeOnDisk)
      const after = c.after;
      if (before === null) record.created_files.push({ path: c.path, post_sha: sha256(after) });
      else modified.push(entryText(recordModified(c.path, before, after, inHead.commit(c.path))));
    }
  }
  const recordPath = runRecordPath(runId);
  const dirs = missingDirs(root, [...steps, { type: 'write', path: recordPath, content: '' }]);
  if (dirs.length > 0) record.created_dirs = dirs;
  steps.push({ type: 'write', path: recordPath, content: recordParts(record, modified) });
  return runTransaction(root, steps, {
    runId,
    faults: faultsOf(opts),
    gitMessage: gitCommits(root, config, opts) ? (opts.message ?? `distill ${runId}`) : null,
  });
}

/**
 * Which large notes and pages a run modifies are, before it, exactly as HEAD has them (the user's pending edits were
 * committed just before): their run record may then keep only the lines that change (see `recordModified`).
 */
function notesInHead(root: string, changes: FileChange[], commits: boolean): { commit(path: string): string | null } {
  const none = { commit: () => null };
  if (!commits) return none;
  const large = changes.filter(
    (c) =>
      c.kind === 'modify' &&
      !c.path.startsWith(`${STATE_DIR}/`) &&
      c.before !== null &&
      c.after !== null &&
      c.before.length + c.after.length > PATCH_ABOVE_BYTES,
  );
  if (large.length === 0) return none;
  const head = headCommit(root);
  if (!head) return none;
  const blobs = blobsAt(
    root,
    head,
    large.map((c) => c.path),
  );
  const same = new Set(
    large
      .filter((c) => {
        const id = blobs.get(c.path);
        return id !== undefined && blobId(c.before as string, id.length) === id;
      })
      .map((c) => c.path),
  );
  return { commit: (p) => (same.has(p) ? head : null) };
}

function gitCommits(root: string, config: Config, opts: ApplyOptions): boolean {
  return (opts.commit ?? config.git.commit !== 'off') && isGitRepo(root);
}

/** Checks made under the lock before anything is written. */
function preflight(root: string, config: Config, opts: ApplyOptions): void {
  if (gitCommits(root, config, opts)) assertGitIndexFree(root);
  if (opts.lock && !opts.lock.held()) {
    throw new LockedError('the vault lock was taken over by another process while planning; nothing was written');
  }
}

/**
 * Edits never block: the user's pending changes in the vault (outside the inbox and Distill's state) become their
 * own commit, "your edits before <what>", before Distill commits on top. Without git (or with `git.commit: off`)
 * there is nothing to do: the run record keeps every file's bytes from before the run, the user's edits included.
 * Call it under the vault lock, after recovery (an interrupted run's files are not the user's). Returns the commit.
 */
export function commitUserEdits(root: string, config: Config, what: string, opts: { commit?: boolean } = {}) {
  if (!gitCommits(root, config, opts)) return null;
  assertGitIndexFree(root);
  return commitPending(root, `your edits before ${what}`, [config.folders.inbox, STATE_DIR]);
}

/** `distill run 2026…-ab12: 2 email` -> `distill run 2026…-ab12`: what the user's edits came before. */
function actionOf(message: string | undefined, runId: string): string {
  return (message ?? `distill ${runId}`).split('\n')[0]!.replace(/: .*$/, '');
}

export function applyPlan(root: string, plan: ChangePlan, opts: ApplyOptions = {}): ApplyResult {
  const config = opts.config ?? loadConfig(root);
  const empty = (changes: FileChange[], recovered: Recovery[]): ApplyResult => ({
    run_id: plan.run_id,
    files: [],
    commit: null,
    changes,
    operations: 0,
    recovered,
    warnings: [],
    edits_commit: null,
  });
  if (opts.dryRun) return empty(renderPlan(root, plan, config, opts.bases), []);
  const apply = (recovered: Recovery[], lock: Lock): ApplyResult => {
    const keep = opts.keepTexts ?? true;
    const changes = renderPlan(root, plan, config, opts.bases, !keep);
    if (changes.length === 0) return empty(changes, recovered);
    preflight(root, config, { ...opts, lock });
    const editsCommit = commitUserEdits(root, config, actionOf(opts.message, plan.run_id), opts);
    const tx = execute(root, plan.run_id, changes, config, opts);
    return {
      run_id: plan.run_id,
      files: tx.files,
      commit: tx.commit,
      // a change read from disk would now read the new text: without texts, none is given
      changes: keep
        ? changes
        : changes.map((c) => ({
            path: c.path,
            kind: c.kind,
            before: null,
            after: null,
            ...(c.to ? { to: c.to } : {}),
          })),
      operations: tx.operations,
      recovered,
      warnings: tx.warnings,
      edits_commit: editsCommit,
    };
  };
  if (opts.lock) return apply([], opts.lock);
  return withVaultLock(root, apply, opts);
}

export interface UndoResult {
  run_id: string;
  undo_run_id: string;
  files: string[];
  commit: string | null;
  /** Notes the run created that the user has edited since: kept, so the edits are not lost. */
  skipped: string[];
  warnings: string[];
  /** The commit of the user's pending edits made just before the undo's own. */
  edits_commit: string | null;
}

/** Folders an old run record (without `created_dirs`) may have created: parents of what it added, below the top. */
function parentDirs(paths: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    for (let d = path.posix.dirname(p); d.includes('/'); d = path.posix.dirname(d)) out.add(d);
  }
  return [...out];
}

/**
 * Reverts one run from its run record: moved sources go back to the inbox, created files go, edited files get their
 * pre-run bytes, and the folders the run created go too once they are empty. What the user did is kept: edits made
 * before the run are in the pre-run bytes (and in their own commit), and a file edited since the run has only the
 * run's change taken out of it (a three-way merge); a note the run created and the user has edited since stays.
 * Only when the user edited the very lines the run wrote does undo stop (or, with `force`, discard those edits).
 */
export function undoRun(
  root: string,
  runId: string,
  newRunId: string,
  opts: { force?: boolean; config?: Config; faults?: FaultPlan } = {},
): UndoResult {
  const config = opts.config ?? loadConfig(root);
  return withVaultLock(
    root,
    () => {
      if (gitCommits(root, config, {})) assertGitIndexFree(root);
      const text = readOrNull(root, runRecordPath(runId));
      if (text === null) throw new PlanConflict(`no record of run ${runId} in ${RUNS_DIR}/`);
      const record = JSON.parse(text) as RunRecord;
      const changes: FileChange[] = [];
      const conflicts: string[] = [];
      const kept: string[] = [];
      for (const m of record.modified) {
        const now = readOrNull(root, m.path);
        const pre = undoneText(m, now, !!opts.force, (commit, file) => textAt(root, commit, file));
        if (pre === null) conflicts.push(m.path);
        else if (pre !== now) changes.push({ path: m.path, before: now, after: pre, kind: 'modify' });
      }
      for (const c of record.created_files) {
        const now = readOrNull(root, c.path);
        if (now === null) continue;
        if (sha256(now) !== c.post_sha && !opts.force) kept.push(c.path);
        else changes.push({ path: c.path, before: now, after: null, kind: 'remove' });
      }
      for (const m of record.moves) {
        if (existsSync(abs(root, m.to)) && !existsSync(abs(root, m.from))) {
          changes.push({ path: m.to, before: null, after: null, to: m.from, kind: 'move' });
        }
      }
      if (conflicts.length > 0) {
        throw new PlanConflict(
          `lines run ${runId} wrote were changed since (by you, or by a later run: undo that first) in: ${conflicts.slice(0, 5).join(', ')}${conflicts.length > 5 ? ', …' : ''} (edit them back, or pass --force to discard those changes)`,
        );
      }
      changes.push({ path: runRecordPath(runId), before: text, after: null, kind: 'remove' });
      const dirs =
        record.created_dirs ??
        parentDirs([...record.created_files.map((c) => c.path), ...record.moves.map((m) => m.to)]);
      // deepest first, so a parent is empty by the time its turn comes
      for (const d of [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b))) {
        if (existsSync(abs(root, d))) changes.push({ path: d, before: null, after: null, kind: 'rmdir' });
      }
      for (const c of changes) checkVaultPath(c.to ?? c.path, config);
      const editsCommit = commitUserEdits(root, config, `distill undo ${runId}`);
      const tx = execute(root, newRunId, changes, config, {
        message: `distill undo ${runId}`,
        ...(opts.faults ? { faults: opts.faults } : {}),
      });
      return {
        run_id: runId,
        undo_run_id: newRunId,
        files: tx.files,
        commit: tx.commit,
        skipped: kept,
        warnings: [
          ...kept.map((p) => `kept ${p}: you edited it since the run (delete it yourself if it should go)`),
          ...tx.warnings,
        ],
        edits_commit: editsCommit,
      };
    },
    opts,
  );
}
