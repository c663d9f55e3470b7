/** Reading the vault's folders from disk: the one walker every command shares. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { vaultFile } from '../vault/paths.ts';
import { warn } from './context.ts';

export interface VaultFile {
  path: string;
  content: string;
}

export interface WalkOptions {
  /** Names (files or folders) not to enter; names starting with `.` are never entered. */
  skip?: (name: string) => boolean;
  /** Keep only files ending with one of these. */
  ext?: string[];
}

/** Vault-relative POSIX paths of the files under `folder` ('' for the whole vault), sorted. */
export function listVaultFiles(root: string, folder: string, opts: WalkOptions = {}): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const dir = path.join(root, ...rel.split('/').filter(Boolean));
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || opts.skip?.(e.name)) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && (!opts.ext || opts.ext.some((x) => e.name.endsWith(x)))) out.push(child);
    }
  };
  walk(folder);
  return out.sort();
}

/** The files under `folder` with their text; an unreadable file is reported and left out. */
export function readVaultFiles(root: string, folder: string, opts: WalkOptions = { ext: ['.md'] }): VaultFile[] {
  const out: VaultFile[] = [];
  for (const p of listVaultFiles(root, folder, opts)) {
    try {
      out.push({ path: p, content: readFileSync(vaultFile(root, p), 'utf8') });
    } catch (e) {
      warn(`${p}: unreadable (${(e as Error).message})`);
    }
  }
  return out;
}
