/**
 * The entity registry: every person, account and project the vault knows, built from the entity pages' frontmatter
 * (and entities Distill created earlier, from `.distill/entities/`), with indexes for the exact lookups resolution
 * starts with. The owner is always present, under the configured name, with `Myself` as an alias.
 */

import type { KnownEntity } from '../extract/extractor.ts';
import type { Config } from '../vault/config.ts';
import { readFrontmatterShared } from '../vault/frontmatter.ts';
import { safeFileName } from '../vault/paths.ts';
import { ACCOUNT_ALIASES, registeredDomain } from './accounts.ts';
import type { Entity, EntityKind } from './entity.ts';
import { foldName, nameKey, slug } from './names.ts';

export interface Registry {
  entities: Entity[];
  byId: Map<string, Entity>;
  /** Lower-cased address -> entity id. */
  byEmail: Map<string, string>;
  /** Match key (see `entityKey`) -> ids; more than one id means the key is ambiguous. */
  byKey: Map<string, Set<string>>;
  /** Registered domain -> account id. */
  byDomain: Map<string, string>;
  ownerId: string;
}

const ORG_SUFFIX =
  /\s+(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|gmbh|ag|sa|bv|nv|pty|group|holdings)$/;

function organisationKey(name: string): string {
  let k = foldName(name).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  for (let prev = ''; prev !== k; ) {
    prev = k;
    k = k.replace(ORG_SUFFIX, '').trim();
  }
  return k;
}

/** Key of every name of an alias group -> the key of the group's first name. */
const ACCOUNT_ALIAS_KEYS = new Map(
  ACCOUNT_ALIASES.flatMap((group) => group.map((n) => [organisationKey(n), organisationKey(group[0]!)] as const)),
);

/**
 * Key under which a name is looked up exactly: persons in "first last" order, organisations without legal suffix,
 * accounts of one alias group (AWS, Amazon Web Services, Amazon) under one key.
 */
export function entityKey(kind: EntityKind, name: string): string {
  if (kind === 'person') return nameKey(name);
  const k = organisationKey(name);
  return kind === 'account' ? (ACCOUNT_ALIAS_KEYS.get(k) ?? k) : k;
}

export function entityId(kind: EntityKind, name: string): string {
  return `${kind}:${slug(name)}`;
}

export function folderFor(kind: EntityKind, name: string, config: Config): string {
  const base =
    kind === 'person' ? config.folders.people : kind === 'account' ? config.folders.accounts : config.folders.projects;
  return `${base}/${safeFolderName(name)}`;
}

/** The longest entity folder name, in UTF-8 bytes: room under the 255-byte limit for a suffix or a sibling file. */
export const MAX_FOLDER_BYTES = 200;

/**
 * An entity's folder name: the one file-name sanitiser (no path separators, control characters or characters
 * Obsidian refuses in links, no leading or trailing dots and spaces), cut to 200 bytes on a code-point boundary.
 */
export function safeFolderName(name: string): string {
  // a cut at a word can leave "J." at the end: Windows and some sync tools drop a trailing dot or space
  return safeFileName(name, MAX_FOLDER_BYTES).replace(/[. ]+$/, '') || 'Untitled';
}

/** An entity with its id and folder derived from kind and name; every other field empty unless given. */
export function newEntity(
  kind: EntityKind,
  name: string,
  config: Config,
  fields: Partial<Omit<Entity, 'id' | 'kind' | 'name'>> = {},
): Entity {
  return {
    id: entityId(kind, name),
    kind,
    name,
    aliases: [],
    emails: [],
    domains: [],
    organisation: null,
    role: null,
    folder: folderFor(kind, name, config),
    ...fields,
  };
}

export function ownerEntity(config: Config): Entity {
  const name = config.owner.name;
  return newEntity('person', name, config, {
    aliases: uniqueSorted(['Myself', ...config.owner.aliases].filter((a) => a !== name)),
    emails: uniqueSorted(config.owner.emails.map((e) => e.toLowerCase())),
    organisation: config.owner.organisation,
    owner: true,
  });
}

export function uniqueSorted(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return [];
}

function firstString(...vs: unknown[]): string | null {
  for (const v of vs) {
    const s = strings(v)[0];
    if (s)
      return s
        .replace(/^\[\[|\]\]$/g, '')
        .split('|')[0]!
        .trim();
  }
  return null;
}

/** Kind and folder of an entity page path (`People/Jeff Denworth/README.md`), or null for any other file. */
export function pageKind(
  path: string,
  config: Config,
): { kind: EntityKind; folder: string; folderName: string } | null {
  const m = /^(.*)\/([^/]+)\/README\.md$/i.exec(path.replace(/\\/g, '/'));
  if (!m) return null;
  const parent = m[1]!;
  const folderName = m[2]!;
  if (folderName.startsWith('_')) return null;
  const kind: EntityKind | null =
    parent === config.folders.people
      ? 'person'
      : parent === config.folders.accounts
        ? 'account'
        : parent === config.folders.projects
          ? 'project'
          : null;
  return kind ? { kind, folder: `${parent}/${folderName}`, folderName } : null;
}

/** An entity described by a page's frontmatter; the folder name is the fallback name. */
export function entityFromPage(path: string, content: string, config: Config): Entity | null {
  const where = pageKind(path, config);
  if (!where) return null;
  const fm = readFrontmatterShared(content);
  const name = firstString(fm.name) ?? where.folderName;
  return newEntity(where.kind, name, config, {
    aliases: uniqueSorted(strings(fm.aliases).filter((a) => a !== name)),
    emails: uniqueSorted([...strings(fm.emails), ...strings(fm.email)].map((e) => e.toLowerCase())),
    domains: uniqueSorted(strings(fm.domains).map((d) => d.toLowerCase())),
    organisation: firstString(fm.organisation, fm.organization, fm.company, fm.account),
    role: firstString(fm.role, fm.title === name ? null : fm.title),
    // The page's own folder, whatever name its frontmatter gives.
    folder: where.folder,
  });
}

/** Union of two descriptions of one entity; `a` wins on scalar fields it has. */
export function mergeEntity(a: Entity, b: Entity): Entity {
  return {
    ...a,
    aliases: uniqueSorted([...a.aliases, ...b.aliases, b.name].filter((x) => x !== a.name)),
    emails: uniqueSorted([...a.emails, ...b.emails]),
    domains: uniqueSorted([...a.domains, ...b.domains]),
    organisation: a.organisation ?? b.organisation,
    role: a.role ?? b.role,
  };
}

function index(entities: Entity[], ownerId: string): Registry {
  const reg: Registry = {
    entities,
    byId: new Map(),
    byEmail: new Map(),
    byKey: new Map(),
    byDomain: new Map(),
    ownerId,
  };
  for (const e of entities) {
    reg.byId.set(e.id, e);
    for (const email of e.emails) if (!reg.byEmail.has(email)) reg.byEmail.set(email.toLowerCase(), e.id);
    for (const n of [e.name, ...e.aliases]) {
      const key = entityKey(e.kind, n);
      if (key === '') continue;
      const k = `${e.kind}|${key}`;
      if (!reg.byKey.has(k)) reg.byKey.set(k, new Set());
      reg.byKey.get(k)!.add(e.id);
    }
    if (e.kind === 'account') for (const d of e.domains) reg.byDomain.set(registeredDomain(d), e.id);
  }
  return reg;
}

/**
 * Registry from the entity pages (README.md under the people/accounts/projects folders) plus entities recorded in
 * `.distill/entities/` state (created by an earlier run whose page the user may have deleted or not yet synced).
 * Two pages with the same id (same name) are merged; pages win over state.
 */
export function buildRegistry(
  pages: { path: string; content: string }[],
  config: Config,
  stateEntities: Entity[] = [],
): Registry {
  const owner = ownerEntity(config);
  const byId = new Map<string, Entity>([[owner.id, owner]]);
  const ownerKey = entityKey('person', owner.name);
  const add = (e: Entity) => {
    // A page for the owner under his own name (or the `Myself` page some vaults have) is the owner.
    const isOwner =
      e.kind === 'person' &&
      (e.id === owner.id || entityKey('person', e.name) === ownerKey || foldName(e.name) === 'myself');
    const id = isOwner ? owner.id : e.id;
    const current = byId.get(id);
    byId.set(id, current ? mergeEntity(current, e) : e);
  };
  for (const p of [...pages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const e = entityFromPage(p.path, p.content, config);
    if (e) add(e);
  }
  // An entity the user deleted or ignored (its name now a stop name) is not brought back from its old state.
  const stopped = new Set(config.entities.stop_names.map((n) => foldName(n)));
  for (const e of stateEntities) if (!byId.has(e.id) && !stopped.has(foldName(e.name))) add(e);
  // Accounts the config names (the owner's organisation, mapped domains) are known before any page exists, so
  // resolving "VAST Data" never depends on whether an earlier source in the same run happened to create it.
  for (const e of configAccounts(config)) {
    const same = [...byId.values()].find(
      (x) => x.kind === 'account' && entityKey('account', x.name) === entityKey('account', e.name),
    );
    if (same) byId.set(same.id, { ...same, domains: uniqueSorted([...same.domains, ...e.domains]) });
    else byId.set(e.id, e);
  }
  const o = byId.get(owner.id)!;
  byId.set(owner.id, { ...o, name: owner.name, folder: owner.folder, owner: true });
  return index(sortEntities([...byId.values()]), owner.id);
}

function configAccounts(config: Config): Entity[] {
  const domainsOf = new Map<string, string[]>();
  const addName = (name: string | null, domains: string[]) => {
    if (!name || name.trim() === '') return;
    domainsOf.set(name, [...(domainsOf.get(name) ?? []), ...domains]);
  };
  for (const [domain, name] of Object.entries(config.entities.domains)) addName(name, [registeredDomain(domain)]);
  addName(config.owner.organisation, []);
  return [...domainsOf.entries()].map(([name, domains]) =>
    newEntity('account', name, config, { domains: uniqueSorted(domains) }),
  );
}

function sortEntities(es: Entity[]): Entity[] {
  return es.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A registry with entities added (or merged into existing ones with the same id): used within one run. */
export function addEntities(reg: Registry, entities: Entity[]): Registry {
  // most sources add no entity: the registry as it is, not a fresh index of every entity per source
  if (entities.length === 0) return reg;
  const byId = new Map(reg.byId);
  for (const e of entities) {
    const cur = byId.get(e.id);
    byId.set(e.id, cur ? mergeEntity(cur, e) : e);
  }
  return index(sortEntities([...byId.values()]), reg.ownerId);
}

/** Names only, for extractors: page content never reaches a prompt through this. */
export function knownEntities(reg: Registry): KnownEntity[] {
  return reg.entities.map((e) => ({ kind: e.kind, name: e.name, aliases: [...e.aliases], emails: [...e.emails] }));
}

/** Ids registered under an exact key of `kind`. */
export function lookupKey(reg: Registry, kind: EntityKind, name: string): string[] {
  const key = entityKey(kind, name);
  return key === '' ? [] : [...(reg.byKey.get(`${kind}|${key}`) ?? [])].sort();
}
