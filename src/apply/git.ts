/** A thin typed wrapper over the git CLI (argument arrays, no shell), used only when the vault is a git repo. */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function git(root: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
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
  // A moved file that git never tracked (a new inbox file) has nothing to stage: naming it would be a pathspec error.
  const tracked = new Set(git(root, ['ls-files', '-z']).split('\0').filter(Boolean));
  const paths = pathsIn.filter((p) => tracked.has(p) || existsSync(path.join(root, ...p.split('/'))));
  if (paths.length === 0) return null;
  const spec = paths.join('\0');
  git(root, ['add', '-A', ...pathspecArgs()], spec);
  const ours = new Set(paths);
  const staged = git(root, ['diff', '--cached', '--name-only', '-z', '--no-renames'])
    .split('\0')
    .filter((p) => ours.has(p));
  if (staged.length === 0) return null;
  // `--only` semantics (the default with pathspecs): whatever else the user had staged stays out of this commit.
  // The message goes through a file argument because stdin carries the pathspecs.
  const msgFile = path.join(root, '.git', 'DISTILL_COMMIT_MSG');
  writeFileSync(msgFile, message);
  try {
    git(root, [...identityArgs(root), 'commit', '-q', '--no-verify', '-F', msgFile, ...pathspecArgs()], spec);
  } finally {
    rmSync(msgFile, { force: true });
  }
  return git(root, ['rev-parse', 'HEAD']).trim();
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
