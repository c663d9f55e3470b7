/**
 * The reads behind `distill brief`, the MCP server and search filters: the vault's source notes, entity pages and
 * outbox as text, the entity registry built from the pages, and finding the entity a user means by a name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Entity } from '../entities/entity.ts';
import { buildRegistry, entityKey, lookupKey, pageKind, type Registry } from '../entities/registry.ts';
import type { Config } from '../vault/config.ts';
import { vaultFile } from '../vault/paths.ts';

export interface VaultText {
  path: string;
  content: string;
}

/** Markdown files under a vault folder, sorted; dot-files, symlinks and unreadable files are left out. */
export function readMarkdown(root: string, folder: string, opts: { pagesOnly?: boolean } = {}): VaultText[] {
  const out: VaultText[] = [];
  const walk = (rel: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(vaultFile(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && e.name.endsWith('.md') && (!opts.pagesOnly || e.name.toLowerCase() === 'readme.md')) {
        try {
          out.push({ path: child, content: readFileSync(vaultFile(root, child), 'utf8') });
        } catch {
          // unreadable: as if absent
        }
      }
    }
  };
  walk(folder);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface VaultView {
  notes: VaultText[];
  pages: VaultText[];
  outbox: VaultText[];
  registry: Registry;
}

export function entityPages(root: string, config: Config): VaultText[] {
  const f = config.folders;
  return [f.people, f.accounts, f.projects]
    .flatMap((folder) => readMarkdown(root, folder, { pagesOnly: true }))
    .filter((p) => pageKind(p.path, config) !== null);
}

export function registryFor(root: string, config: Config): { registry: Registry; pages: VaultText[] } {
  const pages = entityPages(root, config);
  return { registry: buildRegistry(pages, config), pages };
}

export function readVaultView(root: string, config: Config): VaultView {
  const { registry, pages } = registryFor(root, config);
  return {
    notes: readMarkdown(root, config.folders.meetings),
    pages,
    outbox: readMarkdown(root, config.folders.outbox),
    registry,
  };
}

export class EntityLookupError extends Error {
  override name = 'EntityLookupError';
}

/**
 * The entity a user means: `me` (the vault owner), an id (`person:jeff-denworth`), an email address, an exact name or alias of any kind,
 * else the one entity whose name has a word starting with every word typed ("lior" -> Lior Genzel). Two or more
 * candidates is an error naming them, never a guess.
 */
export function findEntity(registry: Registry, query: string): Entity {
  const q = query.trim();
  if (q === '') throw new EntityLookupError('name a person, account or project');
  const byId = registry.byId.get(q);
  if (byId) return byId;
  if (q.toLowerCase() === 'me') return registry.byId.get(registry.ownerId)!;
  const byEmail = registry.byEmail.get(q.toLowerCase());
  if (byEmail) return registry.byId.get(byEmail)!;
  const exact = (['person', 'account', 'project'] as const).flatMap((k) => lookupKey(registry, k, q));
  const unique = [...new Set(exact)];
  if (unique.length === 1) return registry.byId.get(unique[0]!)!;
  const candidates =
    unique.length > 1
      ? unique.map((id) => registry.byId.get(id)!)
      : registry.entities.filter((e) => {
          const words = q.toLowerCase().split(/\s+/);
          return [e.name, ...e.aliases].some((n) => {
            const parts = entityKey('account', n).split(/\s+/);
            return words.every((w) => parts.some((p) => p.startsWith(w)));
          });
        });
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new EntityLookupError(`no person, account or project called "${q}"`);
  throw new EntityLookupError(
    `"${q}" could be ${candidates
      .slice(0, 8)
      .map((e) => `${e.name} (${e.kind})`)
      .join(', ')}: say which`,
  );
}

/** The lower-cased names an entity goes by, as search filters hold them. */
export function namesOf(e: Entity): string[] {
  return [...new Set([e.name, e.folder.split('/').pop() ?? e.name, ...e.aliases].map((n) => n.toLowerCase()))];
}
