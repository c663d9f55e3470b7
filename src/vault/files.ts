/** Reading the vault's folders from disk: the one walker every command and use case shares. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { VaultFile } from '../core/vault-file.ts';
import { CONFIG_FILE } from './config.ts';
import { vaultFile } from './paths.ts';

export interface WalkOptions {
  /** Names (files or folders) not to enter; names starting with `.` are never entered. */
  skip?: (name: string) => boolean;
  /** Keep only files ending with one of these. */
  ext?: string[];
}

export interface ReadOptions extends WalkOptions {
  /** Told about a file that could not be read; the file is left out either way. */
  onUnreadable?: (path: string, error: Error) => void;
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

/** The files under `folder` with their text (markdown unless `ext` says otherwise); an unreadable one is left out. */
export function readVaultFiles(root: string, folder: string, opts: ReadOptions = {}): VaultFile[] {
  const walk: WalkOptions = { ext: opts.ext ?? ['.md'], ...(opts.skip ? { skip: opts.skip } : {}) };
  const out: VaultFile[] = [];
  for (const p of listVaultFiles(root, folder, walk)) {
    try {
      out.push({ path: p, content: readFileSync(vaultFile(root, p), 'utf8') });
    } catch (e) {
      opts.onUnreadable?.(p, e as Error);
    }
  }
  return out;
}

/** Every markdown note of the vault, the entity state files and the config, vault-relative with `/` separators. */
export function readVaultNotes(root: string, opts: Pick<ReadOptions, 'onUnreadable'> = {}): VaultFile[] {
  const config = vaultFile(root, CONFIG_FILE);
  return [
    ...readVaultFiles(root, '', { ext: ['.md'], skip: (n) => n === 'node_modules', ...opts }),
    ...readVaultFiles(root, '.distill/entities', { ext: ['.json'], ...opts }),
    ...(existsSync(config) ? [{ path: CONFIG_FILE, content: readFileSync(config, 'utf8') }] : []),
  ];
}
