/** Test helpers: temp vaults and whole-tree hashes ("byte-identical" checks). */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'distill-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const f = path.join(root, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, content);
  }
}

/** Every file under root (except .git internals) -> sha256; directories are implied by their files. */
export function treeHashes(root: string, opts: { skipGit?: boolean } = { skipGit: true }): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (opts.skipGit && (rel === '.git' || rel.startsWith('.git/'))) continue;
      if (e.isDirectory()) walk(full);
      else out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(root);
  return out;
}

export function copyVault(from: string, to?: string): string {
  const dest = to ?? tempDir();
  cpSync(from, dest, { recursive: true });
  return dest;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
