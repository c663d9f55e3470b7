/**
 * What the MCP server may read: a file inside the vault's own content folders, named by a vault-relative path
 * that passes the same checks apply makes before writing (no `..`, no absolute path, no backslash, an allowed
 * top-level folder) and reached without any symlink on the way. Distill's state (`.distill/`), git, the Obsidian
 * settings and the config are not content and are never returned.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../vault/config.ts';
import { checkVaultPath, UnsafePathError, vaultFile } from '../vault/paths.ts';

export class AccessError extends Error {
  override name = 'AccessError';
}

/** The top-level folders (and Tasks.md) whose files an assistant may read. */
export function readableRoots(config: Config): string[] {
  const f = config.folders;
  return [f.meetings, f.sources, f.people, f.accounts, f.projects, f.outbox, f.digests, f.briefs, f.inbox, 'Tasks.md'];
}

/** Up to this many characters of a file are returned (a whole transcript is ~50,000). */
export const MAX_NOTE_CHARS = 400_000;

export function readVaultNote(
  root: string,
  config: Config,
  rel: string,
): { path: string; content: string; truncated: boolean } {
  const p = rel.trim().replace(/^\.\//, '');
  try {
    checkVaultPath(p, config);
  } catch (e) {
    if (e instanceof UnsafePathError) throw new AccessError(`refused: ${e.message}`);
    throw e;
  }
  if (!readableRoots(config).includes(p.split('/')[0]!))
    throw new AccessError(`refused: ${p} is not in the vault's notes (${readableRoots(config).join(', ')})`);
  let cur = root;
  for (const seg of p.split('/')) {
    cur = path.join(cur, seg);
    let st: import('node:fs').Stats;
    try {
      st = lstatSync(cur);
    } catch {
      throw new AccessError(`no such file in the vault: ${p}`);
    }
    if (st.isSymbolicLink()) throw new AccessError(`refused: ${p} goes through a symlink`);
  }
  const abs = vaultFile(root, p);
  if (!lstatSync(abs).isFile()) throw new AccessError(`not a file: ${p}`);
  const text = readFileSync(abs, 'utf8');
  return text.length > MAX_NOTE_CHARS
    ? { path: p, content: text.slice(0, MAX_NOTE_CHARS), truncated: true }
    : { path: p, content: text, truncated: false };
}
