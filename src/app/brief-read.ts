/**
 * The reads behind `distill brief`, the MCP server and search filters: the vault's source notes, entity pages and
 * outbox as text, the entity registry built from the pages, and finding the entity a user means by a name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Entity } from '../entities/entity.ts';
import { buildRegistry, entityKey, lookupKey, pageKind, type Registry } from '../entities/registry.ts';
import { notesConcerning } from '../search/index.ts';
import { membersOf, mentionNamesOf, type VaultText, type VaultView } from './brief.ts';

export type { VaultText, VaultView };

import type { Config } from '../vault/config.ts';
import { vaultFile } from '../vault/paths.ts';

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

/**
 * What a brief on `entity` reads: every page and the outbox, and of the source notes only those that can concern
 * it, found through the search index (by participant or account, or a note whose text has all the words of one of
 * its names, its first name or, for an account, one of its people's names): a superset of the notes the brief
 * uses, so the brief is the same as from every note, at a fraction of the reading on a large vault. Without a
 * usable index (or for the owner, who is in every note) every note is read.
 */
export function readBriefView(root: string, config: Config, query: string): { view: VaultView; entity: Entity } {
  const { registry, pages } = registryFor(root, config);
  const entity = findEntity(registry, query);
  const outbox = readMarkdown(root, config.folders.outbox);
  const members = membersOf(entity, registry);
  const paths = entity.owner
    ? null
    : notesConcerning(root, config, {
        people: entity.kind === 'person' ? namesOf(entity) : members.flatMap(namesOf),
        accounts: entity.kind === 'account' ? namesOf(entity) : [],
        words: [...mentionNamesOf(entity, registry), ...members.flatMap((m) => [m.name, ...m.aliases])],
      });
  const notes =
    paths === null
      ? readMarkdown(root, config.folders.meetings)
      : paths.flatMap((p) => {
          try {
            return [{ path: p, content: readFileSync(vaultFile(root, p), 'utf8') }];
          } catch {
            return [];
          }
        });
  return { view: { notes, pages, outbox, registry }, entity };
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
