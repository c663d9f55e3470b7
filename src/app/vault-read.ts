/**
 * Reading the vault for planning: files as a snapshot, the entity registry from the pages. Kept apart from the
 * pipeline so a command that only needs the known entities (`distill extract`) does not load the whole run.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Snapshot, VaultFile } from '../core/vault-file.ts';
import type { Registry } from '../entities/registry.ts';
import { registryFromFiles } from '../plan/entity-merge.ts';
import type { Config } from '../vault/config.ts';
import { listVaultFiles } from '../vault/files.ts';
import { STATE_DIR } from '../vault/ledger.ts';
import { vaultFile } from '../vault/paths.ts';

export function diskSnapshot(root: string): Snapshot {
  const abs = (p: string) => vaultFile(root, p);
  return {
    read: (p) => (existsSync(abs(p)) && statSync(abs(p)).isFile() ? readFileSync(abs(p), 'utf8') : null),
    exists: (p) => existsSync(abs(p)),
  };
}

/**
 * Registry from the entity pages in the vault plus entities Distill created (their state files), read the one way
 * the entity commands read it: an entity merged or renamed away is not brought back; a damaged state file only loses
 * its cached entity.
 */
export function loadRegistry(root: string, config: Config, snapshot: Snapshot): Registry {
  const files: VaultFile[] = [];
  for (const folder of [config.folders.people, config.folders.accounts, config.folders.projects]) {
    for (const f of listVaultFiles(root, folder)) {
      if (f === 'README.md' || f.endsWith('/README.md')) files.push({ path: f, content: snapshot.read(f) ?? '' });
    }
  }
  for (const f of listVaultFiles(root, `${STATE_DIR}/entities`))
    files.push({ path: f, content: snapshot.read(f) ?? '' });
  return registryFromFiles(files, config);
}
