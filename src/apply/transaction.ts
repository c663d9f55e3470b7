/**
 * All-or-nothing application of a list of file steps. Before touching anything, a journal with the pre-image of
 * every file the steps will change is written to `.distill/journal/`. On any failure the journal is replayed
 * backwards and the vault is back to its pre-run bytes; after a crash (kill -9, power cut) the next start finds the
 * journal and does the same.
 *
 * The commit point: without git, the journal marked `done`. With git, HEAD moving to the run's commit: the commit
 * object is built first (invisible), its id is written beside the journal (status `committing`), then HEAD moves
 * (`update-ref` with the old value, atomic), then the real index is refreshed. Recovery of a `committing` journal
 * asks git whether that commit was published: if so the run stands and recovery finishes the index refresh (so a
 * kill between the ref and the index update leaves nothing staged); if not, the run is rolled back.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { vaultFile } from '../vault/paths.ts';
import { type FaultPlan, FsOps, syncDir, TMP_MARK } from './fs-ops.ts';
import {
  headMessage,
  indexLockPath,
  isGitRepo,
  isPublished,
  moveHead,
  type PreparedCommit,
  prepareCommit,
  refreshIndex,
  stageCommitted,
  sweepOrphanedIndexes,
} from './git.ts';

export const JOURNAL_DIR = '.distill/journal';

export type Step =
  /**
   * Write a file atomically; `ifAbsent` skips it when the file already exists (outbox drafts the user may edit).
   * `content` may come in parts (written one after another) or as a function asked for it when the file is written
   * (a state text held compressed until then: see `writeState` in plan/change-plan.ts).
   */
  | { type: 'write'; path: string; content: string | readonly string[] | (() => string); ifAbsent?: boolean }
  /** Move a file; the target must not exist (a source is never overwritten). */
  | { type: 'move'; from: string; to: string }
  | { type: 'remove'; path: string }
  /** Remove a folder if it is empty by then (undo: folders the undone run created); run after every file step. */
  | { type: 'rmdir'; path: string };

interface JournalEntry {
  step:
    | { type: 'write'; path: string }
    | { type: 'move'; from: string; to: string }
    | { type: 'remove'; path: string }
    | { type: 'rmdir'; path: string };
  existed: boolean;
  /** base64 of the file before the run: journals written before `pre_file`; null in newer ones. */
  pre: string | null;
  /**
   * The file before the run (writes and removes of existing files), copied into the journal's pre-image folder
   * (`<run id>.pre/`) under this name: a copy made by the kernel, so the ledger of a large vault is not read into
   * memory, encoded and written again as JSON on every run.
   */
  pre_file?: string;
}

interface Journal {
  run_id: string;
  status: 'prepared' | 'committing' | 'done';
  /** With `committing`: the run's commit, published or not (recovery asks git). */
  commit?: string;
  /** With `committing`: the paths the commit records, which the real index must agree with. */
  commit_paths?: string[];
  started: string;
  created_dirs: string[];
  entries: JournalEntry[];
}

export class TransactionError extends Error {
  override name = 'TransactionError';
  constructor(
    message: string,
    override readonly cause: unknown,
    readonly restored: boolean,
  ) {
    super(message);
  }
}

export interface TxOptions {
  runId: string;
  faults?: FaultPlan;
  /** Commit the touched paths with this message (the run id is appended as a trailer). */
  gitMessage?: string | null;
}

export interface TxResult {
  files: string[];
  commit: string | null;
  /** Mutating filesystem operations performed (the fault-injection suite walks this range). */
  operations: number;
  /** Things the user should know although the run stands (the git index could not be refreshed). */
  warnings: string[];
}

export class GitIndexLockedError extends Error {
  override name = 'GitIndexLockedError';
}

/** Refuses before anything is written when git's own lock is there: a commit could not be completed. */
export function assertGitIndexFree(root: string): void {
  const lock = indexLockPath(root);
  if (lock) {
    throw new GitIndexLockedError(
      `.git/index.lock exists: another git process is working in this vault, or one crashed; if no git command is running, remove .git/index.lock and run again (nothing was changed)`,
    );
  }
}

const abs = vaultFile;

function touchedPaths(steps: Step[]): string[] {
  const out = new Set<string>();
  for (const s of steps) {
    if (s.type === 'rmdir') continue;
    if (s.type === 'move') {
      out.add(s.from);
      out.add(s.to);
    } else out.add(s.path);
  }
  return [...out];
}

/** Parent folders the steps need that do not exist yet, shallowest first. */
export function missingDirs(root: string, steps: Step[]): string[] {
  const need = new Set<string>();
  for (const s of steps) {
    if (s.type === 'rmdir') continue;
    const target = s.type === 'move' ? s.to : s.path;
    let dir = path.posix.dirname(target);
    const chain: string[] = [];
    while (dir !== '.' && !existsSync(abs(root, dir))) {
      chain.unshift(dir);
      dir = path.posix.dirname(dir);
    }
    for (const d of chain) need.add(d);
  }
  return [...need].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

function journalFile(root: string, runId: string): string {
  return abs(root, `${JOURNAL_DIR}/${runId}.json`);
}

/**
 * The journal's status once it moves on from `prepared` (`committing` with the commit, then `done`), in a small file
 * of its own beside it: the journal holds the pre-image of every file (the whole ledger of a large vault), and
 * writing all of it again for each change of status cost more than the run's own writes.
 */
const STATUS_EXT = '.status';

function preDir(root: string, runId: string): string {
  return abs(root, `${JOURNAL_DIR}/${runId}${PRE_EXT}`);
}

const PRE_EXT = '.pre';

function statusFile(root: string, runId: string): string {
  return abs(root, `${JOURNAL_DIR}/${runId}${STATUS_EXT}`);
}

type JournalStatus = Pick<Journal, 'status' | 'commit' | 'commit_paths'>;

/** The journal with its status file applied; a status file that cannot be read leaves the journal `prepared`. */
function withStatus(journal: Journal, statusPath: string): Journal {
  if (!existsSync(statusPath)) return journal;
  try {
    const st = JSON.parse(readFileSync(statusPath, 'utf8')) as JournalStatus;
    return { ...journal, ...st };
  } catch {
    return journal;
  }
}

function sweepTmp(root: string, dirs: Iterable<string>): void {
  for (const d of dirs) {
    const full = abs(root, d);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full)) if (f.endsWith(TMP_MARK)) unlinkSync(path.join(full, f));
  }
}

/** Replays a journal backwards. Idempotent, so a crash during rollback is healed by the next recovery. */
function rollback(root: string, journal: Journal, fs: FsOps = new FsOps()): void {
  const dirs = new Set<string>();
  for (const entry of [...journal.entries].reverse()) {
    const s = entry.step;
    if (s.type === 'rmdir') {
      const full = abs(root, s.path);
      if (!existsSync(full)) fs.mkdir(full);
    } else if (s.type === 'move') {
      const from = abs(root, s.from);
      const to = abs(root, s.to);
      dirs.add(path.posix.dirname(s.to));
      if (existsSync(to) && !existsSync(from)) fs.rename(to, from);
    } else {
      const file = abs(root, s.path);
      dirs.add(path.posix.dirname(s.path));
      const pre = !entry.existed
        ? null
        : entry.pre_file !== undefined
          ? readFileSync(path.join(preDir(root, journal.run_id), entry.pre_file))
          : entry.pre !== null
            ? Buffer.from(entry.pre, 'base64')
            : null;
      if (pre !== null) {
        if (!existsSync(file) || !readFileSync(file).equals(pre)) fs.writeAtomic(file, pre);
      } else if (!entry.existed && existsSync(file)) {
        fs.unlink(file);
      }
    }
  }
  sweepTmp(root, dirs);
  for (const d of [...journal.created_dirs].reverse()) {
    const full = abs(root, d);
    if (existsSync(full) && statSync(full).isDirectory() && readdirSync(full).length === 0) fs.rmdir(full);
  }
}

function removeJournal(root: string, runId: string, createdJournalDir: boolean): void {
  for (const file of [journalFile(root, runId), statusFile(root, runId)]) if (existsSync(file)) unlinkSync(file);
  rmSync(preDir(root, runId), { recursive: true, force: true });
  removeJournalDirIfEmpty(root, createdJournalDir);
}

function removeJournalDirIfEmpty(root: string, createdJournalDir: boolean): void {
  sweepTmp(root, [JOURNAL_DIR]);
  const dir = abs(root, JOURNAL_DIR);
  if (createdJournalDir && existsSync(dir) && readdirSync(dir).length === 0) new FsOps().rmdir(dir);
}

export function runTransaction(root: string, steps: Step[], opts: TxOptions): TxResult {
  const fs = new FsOps(opts.faults);
  const effective = steps.filter((s) => !(s.type === 'write' && s.ifAbsent && existsSync(abs(root, s.path))));
  for (const s of effective) {
    if (s.type === 'move' && existsSync(abs(root, s.to))) {
      throw new TransactionError(`refusing to overwrite ${s.to}`, null, true);
    }
  }
  // Folders are removed after every file step (they are empty only then), whatever order they were given in.
  const ordered = [...effective.filter((s) => s.type !== 'rmdir'), ...effective.filter((s) => s.type === 'rmdir')];
  const entries: JournalEntry[] = ordered.map((s) => {
    if (s.type === 'move') return { step: { type: 'move', from: s.from, to: s.to }, existed: true, pre: null };
    if (s.type === 'rmdir') return { step: { type: 'rmdir', path: s.path }, existed: true, pre: null };
    const existed = existsSync(abs(root, s.path));
    return { step: { type: s.type, path: s.path }, existed, pre: null };
  });
  const journal: Journal = {
    run_id: opts.runId,
    status: 'prepared',
    started: new Date().toISOString(),
    created_dirs: missingDirs(root, ordered),
    entries,
  };
  const journalDir = abs(root, JOURNAL_DIR);
  const createdJournalDir = !existsSync(journalDir);
  const jfile = journalFile(root, opts.runId);
  const sfile = statusFile(root, opts.runId);

  const fail = (e: unknown): never => {
    let restored = true;
    try {
      rollback(root, journal);
      removeJournal(root, opts.runId, createdJournalDir);
    } catch {
      restored = false; // the journal stays; the next start recovers from it
    }
    throw new TransactionError(
      `${(e as Error).message}${restored ? ' (all changes rolled back)' : ' (rollback incomplete: run `distill run` again to recover)'}`,
      e,
      restored,
    );
  };

  const pres = preDir(root, opts.runId);
  try {
    if (createdJournalDir) fs.mkdir(journalDir);
    // the pre-images first, durable, then the journal that names them: a journal never points at a missing copy
    const saved = entries.filter((e) => e.existed && (e.step.type === 'write' || e.step.type === 'remove'));
    if (saved.length > 0) {
      fs.mkdir(pres);
      for (const [i, e] of saved.entries()) {
        e.pre_file = String(i);
        fs.copyFile(abs(root, (e.step as { path: string }).path), path.join(pres, e.pre_file));
      }
      syncDir(pres);
    }
    fs.writeAtomic(jfile, JSON.stringify(journal));
  } catch (e) {
    try {
      if (existsSync(jfile)) unlinkSync(jfile);
      rmSync(pres, { recursive: true, force: true });
      removeJournalDirIfEmpty(root, createdJournalDir);
    } catch {
      // nothing else was touched
    }
    throw new TransactionError(`${(e as Error).message} (nothing was changed)`, e, true);
  }

  try {
    for (const d of journal.created_dirs) fs.mkdir(abs(root, d));
    for (const s of ordered) {
      if (s.type === 'write')
        fs.writeAtomic(abs(root, s.path), typeof s.content === 'function' ? s.content() : s.content);
      else if (s.type === 'move') fs.rename(abs(root, s.from), abs(root, s.to));
      else if (s.type === 'remove') fs.unlink(abs(root, s.path));
      else {
        const full = abs(root, s.path);
        if (existsSync(full) && statSync(full).isDirectory() && readdirSync(full).length === 0) fs.rmdir(full);
      }
    }
  } catch (e) {
    fail(e);
  }

  const files = touchedPaths(ordered);
  const warnings: string[] = [];
  let commit: string | null = null;
  if (opts.gitMessage) {
    let prepared: PreparedCommit | null = null;
    try {
      fs.checkpoint('git commit-tree');
      prepared = prepareCommit(root, files, `${opts.gitMessage}\n\nDistill-Run: ${opts.runId}\n`);
      if (prepared) {
        // The commit's id goes into the journal before HEAD moves: recovery can then tell, by asking git whether
        // that commit is HEAD's, on which side of the commit point a crash happened.
        const status: JournalStatus = { status: 'committing', commit: prepared.commit, commit_paths: prepared.paths };
        fs.writeAtomic(sfile, JSON.stringify(status));
        fs.checkpoint('git update-ref');
        moveHead(root, prepared);
      }
    } catch (e) {
      fail(e);
    }
    if (prepared) {
      commit = prepared.commit;
      try {
        fs.checkpoint('git update-index');
        // the files are the commit's (written just before it): their index entries come from them, no full refresh
        stageCommitted(root, prepared.paths);
      } catch (e) {
        // The run is committed; only git's index lags. The journal stays `committing`, so the next distill start
        // finishes the refresh (and `distill doctor` names the problem until then).
        warnings.push(
          `committed ${commit.slice(0, 10)}, but the git index could not be updated (${(e as Error).message.split('\n')[0]}); the next distill run finishes it`,
        );
        return { files, commit, operations: fs.count, warnings };
      }
    }
  }
  try {
    const done: JournalStatus = { status: 'done', ...(commit ? { commit } : {}) };
    fs.writeAtomic(sfile, JSON.stringify(done));
    // the journal first: a status file left alone is swept by the next start
    fs.unlink(jfile);
  } catch (e) {
    // With a commit, the run stands (recovery finds its commit published); without one, the journal marker is
    // the commit point, so the run is undone.
    if (!commit) fail(e);
  }
  // Past the commit point with the journal gone (a crash here leaves the run done): only tidying up is left, and a
  // failure of it is not the run's. The next start sweeps a status file or pre-image folder left behind.
  try {
    fs.unlink(sfile);
    rmSync(pres, { recursive: true, force: true });
    if (createdJournalDir && readdirSync(journalDir).length === 0) fs.rmdir(journalDir);
  } catch {
    // left for the next start
  }
  return { files, commit, operations: fs.count, warnings };
}

export interface Recovery {
  run_id: string;
  action: 'rolled-back' | 'finalised';
  files: number;
}

function journalPaths(journal: Journal): string[] {
  const out = new Set<string>();
  for (const e of journal.entries) {
    if (e.step.type === 'move') {
      out.add(e.step.from);
      out.add(e.step.to);
    } else if (e.step.type !== 'rmdir') out.add(e.step.path);
  }
  return [...out];
}

/** Did this journal's run reach its commit point? */
function reachedCommit(root: string, journal: Journal): boolean {
  if (journal.status === 'done') return true;
  if (journal.status === 'committing' && journal.commit) return isPublished(root, journal.commit);
  // journals written before the `committing` state: the run's trailer on HEAD
  return (headMessage(root) ?? '').includes(`Distill-Run: ${journal.run_id}`);
}

/**
 * Heal interrupted runs: roll back the unfinished ones, finalise the ones that did commit (finishing their git
 * index update). Every mutation goes through FsOps with `faults`, so a crash during recovery is tested too; the
 * rollback is idempotent, so the next start heals a recovery that was itself interrupted.
 */
export function recoverInterrupted(root: string, faults?: FaultPlan): Recovery[] {
  const git = isGitRepo(root);
  if (git) sweepOrphanedIndexes(root);
  const dir = abs(root, JOURNAL_DIR);
  if (!existsSync(dir)) return [];
  const fs = new FsOps(faults);
  const out: Recovery[] = [];
  sweepTmp(root, [JOURNAL_DIR]);
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    let journal: Journal;
    const status = path.join(dir, `${f.slice(0, -'.json'.length)}${STATUS_EXT}`);
    try {
      journal = withStatus(JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Journal, status);
    } catch {
      // A journal torn by the crash itself was never the run's commit point: nothing after it ran.
      fs.unlink(path.join(dir, f));
      if (existsSync(status)) fs.unlink(status);
      continue;
    }
    if (reachedCommit(root, journal)) {
      if (git && journal.status !== 'done') {
        assertGitIndexFree(root);
        fs.checkpoint('git update-index (recovery)');
        refreshIndex(root, journal.commit_paths ?? journalPaths(journal));
      }
      fs.unlink(path.join(dir, f));
      if (existsSync(status)) fs.unlink(status);
      out.push({ run_id: journal.run_id, action: 'finalised', files: journal.entries.length });
    } else {
      rollback(root, journal, fs);
      fs.unlink(path.join(dir, f));
      if (existsSync(status)) fs.unlink(status);
      out.push({ run_id: journal.run_id, action: 'rolled-back', files: journal.entries.length });
    }
  }
  // status files and pre-image folders whose journal is gone: the run they belong to was finished (or undone)
  // before a crash removed them, or crashed before its journal was written (nothing of it ran)
  for (const f of readdirSync(dir).filter((n) => n.endsWith(STATUS_EXT))) fs.unlink(path.join(dir, f));
  for (const f of readdirSync(dir).filter((n) => n.endsWith(PRE_EXT))) rmSync(path.join(dir, f), { recursive: true });
  if (readdirSync(dir).length === 0) fs.rmdir(dir);
  return out;
}
