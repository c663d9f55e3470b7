/** A thin typed wrapper over the git CLI (argument arrays, no shell), used only when the vault is a git repo. */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
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

/** Stage exactly `paths` (including deletions) and commit them; returns the new commit id, or null if nothing changed. */
export function commitPaths(root: string, pathsIn: string[], message: string): string | null {
  if (pathsIn.length === 0) return null;
  // A moved file that git never tracked (a new inbox file) has nothing to record.
  const tracked = new Set(git(root, ['ls-files', '-z']).split('\0').filter(Boolean));
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
  let head: string | null = null;
  try {
    head = git(root, ['rev-parse', '--verify', '-q', 'HEAD']).trim() || null;
  } catch {
    head = null; // unborn branch: the first commit
  }
  // The commit is built on a private index holding HEAD plus exactly these paths (update-index takes paths, not
  // pathspecs: no matching against every file of a large vault), so whatever else the user had staged stays out.
  const tmpIndex = path.join(root, '.git', `distill-index-${process.pid}`);
  const env = { ...process.env, GIT_INDEX_FILE: tmpIndex };
  const run = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', env, input, maxBuffer: 256 * 1024 * 1024 });
  try {
    if (head) run(['read-tree', head]);
    run(['update-index', '--add', '--remove', '-z', '--stdin'], list);
    const tree = run(['write-tree']).trim();
    if (head && tree === git(root, ['rev-parse', `${head}^{tree}`]).trim()) return null;
    const commit = execFileSync(
      'git',
      [...identityArgs(root), 'commit-tree', tree, ...(head ? ['-p', head] : []), '-F', '-'],
      { cwd: root, encoding: 'utf8', input: message },
    ).trim();
    git(root, ['update-ref', '-m', 'distill', 'HEAD', commit, ...(head ? [head] : [])]);
    // the real index now agrees with the commit for these paths, so `git status` shows them clean
    git(root, ['update-index', '--add', '--remove', '-z', '--stdin'], list);
    return commit;
  } finally {
    rmSync(tmpIndex, { force: true });
  }
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
