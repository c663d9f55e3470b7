/** The registry as the vault's files describe it: the one loader the run and the entity commands share. */
import type { VaultFile } from '../core/vault-file.ts';
import type { Config } from '../vault/config.ts';
import type { Entity } from './entity.ts';
import { buildRegistry, type Registry } from './registry.ts';
import { stateEntity } from './state.ts';

/**
 * The registry of a set of vault files: the entity pages plus the entities recorded in `.distill/entities/` state
 * (a state left behind by a merge or rename is skipped; a damaged one is reported through `onWarn`). The files are
 * gone through once, so a generator that reads each when asked holds one state file at a time, not all of them.
 */
export function registryFromFiles(
  files: Iterable<VaultFile>,
  config: Config,
  onWarn?: (message: string) => void,
): Registry {
  const pages: VaultFile[] = [];
  const stateEntities: Entity[] = [];
  for (const f of files) {
    if (/\/README\.md$/i.test(f.path)) pages.push(f);
    else if (f.path.startsWith('.distill/entities/') && f.path.endsWith('.json')) {
      try {
        const st = stateEntity(f.content, f.path);
        if (!st.merged_into) stateEntities.push(st.entity);
      } catch (e) {
        onWarn?.((e as Error).message);
      }
    }
  }
  return buildRegistry(pages, config, stateEntities);
}
