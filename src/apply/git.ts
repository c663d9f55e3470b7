/** A thin typed wrapper over the git CLI (argument arrays, no shell), used only when the vault is a git repo. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { vaultFile } from '../vault/paths.ts';

function git(root: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** check-ignore exits 1 when nothing matched: that is an answer, not an error. */
function gitAllowFail(root: string, args: string[], input?: string): string {
  try {
    return git(root, args, input);
  } catch (e) {
    const err = e as { status?: number; stdout?: string };
    if (err.status === 1) return err.stdout ?? '';
    throw e;
  }
}

/** True only when the vault root is the top of a work tree (a vault nested in another repo is not committed to). */
export function isGitRepo(root: string): boolean {
  if (!existsSync(path.join(root, '.git'))) return false;
  try {
    return git(root, ['rev-parse', '--is-inside-work-tree']).trim() === 'true';
  } catch {
    return false;
  }
}

/** `git init` of a folder (made if missing). */
export function initRepo(dir: string): void {
  execFileSync('git', ['init', '-q', dir], { stdio: 'ignore' });
}

/** Pathspecs go through stdin (NUL-separated): one git process however many files a run touches. */
function pathspecArgs(): string[] {
  return ['--pathspec-from-file=-', '--pathspec-file-nul'];
}

/** Paths (vault-relative) among `paths` that have uncommitted changes (modified, staged, deleted). */
export function dirtyPaths(root: string, paths: string[]): string[] {
  if (paths.length === 0) return [];
  // `git status` takes no pathspec file on older git: one whole-tree status (untracked files not scanned), filtered here.
  const wanted = new Set(paths);
  const out = git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=no']);
  return out
    .split('\0')
    .filter((e) => e.length > 3)
    .map((e) => e.slice(3))
    .filter((p) => wanted.has(p));
}

function identityArgs(root: string): string[] {
  let email = '';
  try {
    email = git(root, ['config', 'user.email']).trim();
  } catch {
    // not configured
  }
  return email ? [] : ['-c', 'user.name=Distill', '-c', 'user.email=distill@localhost'];
}

export interface PreparedCommit {
  commit: string;
  /** HEAD the commit was built on (null: the first commit of an unborn branch). */
  head: string | null;
  /** The paths the commit records (tracked or not ignored), the ones the real index must then agree with. */
  paths: string[];
}

/**
 * Which of `paths` git tracks. Asked about those paths only when they fit on a command line (listing every tracked
 * file of a 10,000-note vault costs more than the commit); `ls-files` takes no pathspec file.
 */
function trackedAmong(root: string, paths: string[]): Set<string> {
  const literal = paths.reduce((n, p) => n + p.length + 1, 0) < 100_000;
  const listed = literal
    ? git(root, ['--literal-pathspecs', 'ls-files', '-z', '--', ...paths])
    : git(root, ['ls-files', '-z']);
  return new Set(listed.split('\0').filter(Boolean));
}

/** The private index file of a process; a killed process leaves its file behind. */
const PRIVATE_INDEX = /^distill-index-(\d+)$/;

function privateIndex(root: string): string {
  return path.join(root, '.git', `distill-index-${process.pid}`);
}

/**
 * Build (but do not publish) the commit of exactly `paths` on top of HEAD: a commit object whose tree is HEAD's plus
 * these paths as they are on disk. Nothing a user sees changes (no ref, no index); returns null when the tree is
 * HEAD's already. Publishing is `moveHead`, then `refreshIndex`.
 */
export function prepareCommit(root: string, pathsIn: string[], message: string): PreparedCommit | null {
  if (pathsIn.length === 0) return null;
  // A moved file that git never tracked (a new inbox file) has nothing to record.
  const tracked = trackedAmong(root, pathsIn);
  let paths = pathsIn.filter((p) => tracked.has(p) || existsSync(vaultFile(root, p)));
  // Files the vault ignores (the failed queue, caches) are not committed unless git already tracks them.
  const ignored = new Set(
    gitAllowFail(root, ['check-ignore', '-z', '--stdin'], `${paths.join('\0')}\0`)
      .split('\0')
      .filter(Boolean),
  );
  paths = paths.filter((p) => tracked.has(p) || !ignored.has(p));
  if (paths.length === 0) return null;
  const list = `${paths.join('\0')}\0`;
  const head = headCommit(root); // null on an unborn branch: the first commit
  // The commit is built on a private index holding HEAD plus exactly these paths (update-index takes paths, not
  // pathspecs: no matching against every file of a large vault), so whatever else the user had staged stays out.
  const tmpIndex = privateIndex(root);
  const env = { ...process.env, GIT_INDEX_FILE: tmpIndex };
  const run = (args: string[], input?: string) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env,
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
  try {
    if (head) run(['read-tree', head]);
    run(['update-index', '--add', '--remove', '-z', '--stdin'], list);
    const tree = run(['write-tree']).trim();
    if (head && tree === git(root, ['rev-parse', `${head}^{tree}`]).trim()) return null;
    const commit = execFileSync(
      'git',
      [...identityArgs(root), 'commit-tree', tree, ...(head ? ['-p', head] : []), '-F', '-'],
      { cwd: root, encoding: 'utf8', input: message, stdio: ['pipe', 'pipe', 'pipe'] },
    ).trim();
    return { commit, head, paths };
  } finally {
    rmSync(tmpIndex, { force: true });
  }
}

/** Publish a prepared commit: HEAD moves to it only if HEAD is still what the commit was built on. */
export function moveHead(root: string, c: PreparedCommit): void {
  git(root, ['update-ref', '-m', 'distill', 'HEAD', c.commit, ...(c.head ? [c.head] : [''])]);
}

/**
 * Make the real index agree with HEAD for `paths`, so `git status` shows them clean after a commit. Paths, not
 * patterns (`--literal-pathspecs`): a note named `Q[1] *draft*.md` is that file only.
 */
export function refreshIndex(root: string, paths: string[]): void {
  if (paths.length === 0) return;
  git(root, ['--literal-pathspecs', 'reset', '-q', ...pathspecArgs()], `${paths.join('\0')}\0`);
}

/**
 * Right after a commit of `paths` as they are on disk: the real index takes those files' entries from the working
 * files (hashed again, with their stat data), and nothing else. `git reset` would give the same entries but refresh
 * every entry of the index first, a stat of every file of a large vault. Paths, not pathspecs.
 */
export function stageCommitted(root: string, paths: string[]): void {
  if (paths.length === 0) return;
  git(root, ['update-index', '--add', '--remove', '-z', '--stdin'], `${paths.join('\0')}\0`);
}

/** Stage exactly `paths` (including deletions) and commit them; returns the new commit id, or null if nothing changed. */
export function commitPaths(root: string, pathsIn: string[], message: string): string | null {
  const c = prepareCommit(root, pathsIn, message);
  if (!c) return null;
  moveHead(root, c);
  stageCommitted(root, c.paths);
  return c.commit;
}

/**
 * Commit the user's pending changes (edits, new and deleted files) as their own commit, authored by the user's git
 * identity (Distill's only when git has none), so that Distill's own commit goes on top of them and an undo of it
 * can never take them away. `exclude` are vault folders that are not the user's edits (the inbox, whose exports a
 * run archives, and Distill's state). Returns the new commit, or null when there was nothing pending.
 */
export function commitPending(
  root: string,
  message: string,
  exclude: string[],
  opts: { identity?: { name: string; email: string }; allowEmpty?: boolean } = {},
): string | null {
  const specs = ['.', ...exclude.map((e) => `:(exclude,literal)${e}`)];
  const pending = git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...specs]);
  if (pending === '' && !opts.allowEmpty) return null;
  git(root, ['add', '-A', '--', ...specs]);
  const who = opts.identity
    ? ['-c', `user.name=${opts.identity.name}`, '-c', `user.email=${opts.identity.email}`]
    : identityArgs(root);
  // an empty commit records the index as it is (a repository just made: nothing else is staged)
  const what = opts.allowEmpty ? ['--allow-empty'] : ['--only', '--', ...specs];
  // `--only` with the same pathspecs: whatever the user had staged inside the excluded folders stays staged, not
  // committed. No hooks: a pre-commit hook that fails must not stop the run (the commit is the user's own text).
  try {
    execFileSync('git', [...who, 'commit', '-q', '--no-verify', '-F', '-', ...what], {
      cwd: root,
      encoding: 'utf8',
      input: message,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    // staged content identical to HEAD (a file edited and edited back): nothing to commit is not an error
    if (/nothing (added )?to commit|no changes added/.test(`${err.stdout ?? ''}${err.stderr ?? ''}`)) return null;
    throw e;
  }
  return git(root, ['rev-parse', 'HEAD']).trim();
}

/** `.git/index.lock`, when it exists: another git process is at work in the vault, or one died holding it. */
export function indexLockPath(root: string): string | null {
  const f = path.join(root, '.git', 'index.lock');
  return existsSync(f) ? f : null;
}

/** True when `commit` exists and is HEAD or one of its ancestors (a run's commit that was published). */
export function isPublished(root: string, commit: string): boolean {
  try {
    git(root, ['merge-base', '--is-ancestor', commit, 'HEAD']);
    return true;
  } catch {
    return false;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Private index files of processes that are gone (a run killed while building its commit). */
export function orphanedIndexes(root: string): string[] {
  const dir = path.join(root, '.git');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => {
      const m = PRIVATE_INDEX.exec(n);
      return !!m && !pidAlive(Number(m[1]));
    })
    .map((n) => path.join(dir, n));
}

export function sweepOrphanedIndexes(root: string): void {
  for (const f of orphanedIndexes(root)) rmSync(f, { force: true });
}

/**
 * Paths whose index entry differs from HEAD while the working file is exactly HEAD's (or, absent from HEAD, absent
 * from disk too): a commit whose index update never happened, what a run killed between moving HEAD and refreshing
 * the index leaves. A user's own staged edit has a working file that differs from HEAD, so it is not listed.
 */
export function staleIndexPaths(root: string): string[] {
  let staged: string[];
  try {
    staged = git(root, ['diff', '--cached', '--name-only', '-z', '--no-renames', 'HEAD']).split('\0').filter(Boolean);
  } catch {
    return []; // unborn HEAD
  }
  if (staged.length === 0) return [];
  // the whole tree, not the staged paths as arguments: after a killed batch they may be thousands
  const headBlob = blobEntries(git(root, ['ls-tree', '-r', '-z', 'HEAD']), staged);
  const present = staged.filter((p) => !p.includes('\n') && existsSync(vaultFile(root, p)));
  const hashes = present.length
    ? git(root, ['hash-object', '--stdin-paths'], `${present.join('\n')}\n`)
        .trim()
        .split('\n')
    : [];
  const diskBlob = new Map(present.map((p, i) => [p, hashes[i]]));
  return staged.filter((p) => headBlob.get(p) === diskBlob.get(p));
}

/** Undo staging of `paths` (after a failed commit the working files are restored separately). */
export function unstage(root: string, paths: string[]): void {
  if (paths.length === 0) return;
  try {
    git(root, ['reset', '-q', ...pathspecArgs()], paths.join('\0'));
  } catch {
    // an unborn HEAD has nothing to reset to; the index entries go with `rm --cached`
    try {
      git(root, ['rm', '-q', '--cached', '--ignore-unmatch', '-r', ...pathspecArgs()], paths.join('\0'));
    } catch {
      // nothing staged
    }
  }
}

export function headMessage(root: string): string | null {
  try {
    return git(root, ['log', '-1', '--format=%B']);
  } catch {
    return null;
  }
}

/** HEAD's commit id; null on an unborn branch or outside a repo. */
export function headCommit(root: string): string | null {
  try {
    return git(root, ['rev-parse', '--verify', '-q', 'HEAD']).trim() || null;
  } catch {
    return null;
  }
}

/** The blob id git gives `text` (SHA-1, or SHA-256 in a repo of that object format: `idLength` 64). */
export function blobId(text: string, idLength = 40): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash(idLength === 64 ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** The blob id of each of `paths` in `commit` (paths it lacks are absent from the map); one git call. */
export function blobsAt(root: string, commit: string, paths: string[]): Map<string, string> {
  if (paths.length === 0) return new Map();
  try {
    return blobEntries(git(root, ['--literal-pathspecs', 'ls-tree', '-z', commit, '--', ...paths]), paths);
  } catch {
    return new Map();
  }
}

/** path -> blob id of the files among `paths` in `git ls-tree -z` output. */
function blobEntries(listing: string, paths: Iterable<string>): Map<string, string> {
  const wanted = new Set(paths);
  const out = new Map<string, string>();
  for (const entry of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t([\s\S]+)$/.exec(entry);
    if (m && wanted.has(m[2]!)) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** A file's text as `commit` has it; null when the commit or the path is gone (history rewritten, gc'd). */
export function textAt(root: string, commit: string, file: string): string | null {
  try {
    return execFileSync('git', ['cat-file', 'blob', `${commit}:${file}`], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1024 * 1024 * 1024,
    }).toString('utf8');
  } catch {
    return null;
  }
}
