/** The registry as the vault's files describe it: the one loader the run and the entity commands share. */
import type { VaultFile } from '../core/vault-file.ts';
import type { Config } from '../vault/config.ts';
import { buildRegistry, type Registry } from './registry.ts';
import { parseState } from './state.ts';

/**
 * The registry of a set of vault files: the entity pages plus the entities recorded in `.distill/entities/` state
 * (a state left behind by a merge or rename is skipped; a damaged one is reported through `onWarn`).
 */
export function registryFromFiles(files: VaultFile[], config: Config, onWarn?: (message: string) => void): Registry {
  const pages = files.filter((f) => /\/README\.md$/i.test(f.path));
  const stateEntities = files
    .filter((f) => f.path.startsWith('.distill/entities/') && f.path.endsWith('.json'))
    .flatMap((f) => {
      try {
        const st = parseState(f.content, f.path);
        return st.merged_into ? [] : [st.entity];
      } catch (e) {
        onWarn?.((e as Error).message);
        return [];
      }
    });
  return buildRegistry(pages, config, stateEntities);
}
