/** A thin typed wrapper over the git CLI (argument arrays, no shell), used only when the vault is a git repo. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** Paths (vault-relative) among `paths` that have uncommitted changes (modified, staged, deleted). */
export function dirtyPaths(root: string, paths: string[]): string[] {
  if (paths.length === 0) return [];
  const out = git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--', ...paths]);
  return out
    .split('\0')
    .filter((e) => e.length > 3)
    .map((e) => e.slice(3));
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
  let paths = pathsIn;
  if (paths.length === 0) return null;
  // A moved file that git never tracked (a new inbox file) has nothing to stage: naming it would be a pathspec error.
  const tracked = new Set<string>();
  for (let i = 0; i < paths.length; i += 200) {
    for (const f of git(root, ['ls-files', '-z', '--', ...paths.slice(i, i + 200)]).split('\0')) if (f) tracked.add(f);
  }
  paths = paths.filter((p) => tracked.has(p) || existsSync(path.join(root, ...p.split('/'))));
  if (paths.length === 0) return null;
  const chunks: string[][] = [];
  for (let i = 0; i < paths.length; i += 200) chunks.push(paths.slice(i, i + 200));
  for (const chunk of chunks) git(root, ['add', '-A', '--', ...chunk]);
  const staged = git(root, ['diff', '--cached', '--name-only', '-z', '--', ...paths])
    .split('\0')
    .filter(Boolean);
  if (staged.length === 0) return null;
  git(root, [...identityArgs(root), 'commit', '-q', '--no-verify', '-F', '-', '--', ...paths], message);
  return git(root, ['rev-parse', 'HEAD']).trim();
}

/** Undo staging of `paths` (after a failed commit the working files are restored separately). */
export function unstage(root: string, paths: string[]): void {
  try {
    if (paths.length > 0) git(root, ['reset', '-q', '--', ...paths]);
  } catch {
    // an unborn HEAD has nothing to reset to; the index entries go with `rm --cached`
    try {
      git(root, ['rm', '-q', '--cached', '--ignore-unmatch', '-r', '--', ...paths]);
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
