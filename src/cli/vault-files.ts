/** The vault walker (src/vault/files.ts) with an unreadable file reported on the CLI's warning channel. */
import type { VaultFile } from '../core/vault-file.ts';
import {
  listVaultFiles,
  type ReadOptions,
  readVaultFiles as readFiles,
  readVaultNotes as readNotes,
} from '../vault/files.ts';
import { warn } from './context.ts';

export { listVaultFiles };

const unreadable = (p: string, e: Error) => warn(`${p}: unreadable (${e.message})`);

/** The files under `folder` with their text (markdown unless `ext` says otherwise). */
export function readVaultFiles(root: string, folder: string, opts: ReadOptions = {}): VaultFile[] {
  return readFiles(root, folder, { onUnreadable: unreadable, ...opts });
}

/** Every markdown note of the vault and the entity state files. */
export function readVaultNotes(root: string): VaultFile[] {
  return readNotes(root, { onUnreadable: unreadable });
}
