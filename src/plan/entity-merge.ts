/**
 * `distill entities merge|rename|alias add` as data: the page edits, file moves, link rewrites and state writes a
 * command needs, computed from the registry and the vault's files. The CLI carries them out through apply, so a
 * merge is one all-or-nothing, undoable run like any other.
 */
import YAML from 'yaml';
import type { VaultFile } from '../core/vault-file.ts';
import type { Entity } from '../entities/entity.ts';
import { nicknameTable } from '../entities/nicknames.ts';
import { importLegacy, renderEntityPage } from '../entities/page.ts';
import { entityId, folderFor, lookupKey, mergeEntity, type Registry, uniqueSorted } from '../entities/registry.ts';
import { registryFromFiles } from '../entities/registry-files.ts';
import { plausibleSpelling } from '../entities/resolve.ts';
import {
  type EntityContribution,
  type EntityState,
  emptyState,
  entityStatePath,
  parseState,
  stateText,
} from '../entities/state.ts';
import { CONFIG_FILE, type Config } from '../vault/config.ts';
import { sha256 as sha } from '../vault/hash.ts';
import { applyPatches, type SectionPatch } from '../vault/patch.ts';
import type { Operation } from './change-plan.ts';

export interface EntityPlan {
  operations: Operation[];
  /** One line per change, for the command's report. */
  summary: string[];
  entity: Entity;
}

export class EntityCommandError extends Error {
  override name = 'EntityCommandError';
}

/** An entity by id, exact name or alias (any kind); an unknown or ambiguous name is an error naming the candidates. */
export function findEntity(reg: Registry, ref: string): Entity {
  const byId = reg.byId.get(ref);
  if (byId) return byId;
  const ids = uniqueSorted((['person', 'account', 'project'] as const).flatMap((k) => lookupKey(reg, k, ref)));
  if (ids.length === 1) return reg.byId.get(ids[0]!)!;
  if (ids.length > 1) throw new EntityCommandError(`"${ref}" is ambiguous: ${ids.join(', ')} (use the id)`);
  throw new EntityCommandError(`no entity named "${ref}"`);
}

function fileMap(files: VaultFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, f.content]));
}

/** The files as they are once `ops` are carried out, the way apply does on disk (for planning several steps). */
export function applyOps(files: VaultFile[], ops: Operation[]): VaultFile[] {
  const m = fileMap(files);
  for (const op of ops) {
    if (op.op === 'create_note' || op.op === 'write_state') m.set(op.path, op.content);
    else if (op.op === 'write_outbox') {
      if (!m.has(op.path)) m.set(op.path, op.content);
    } else if (op.op === 'patch_note') m.set(op.path, applyPatches(m.get(op.path) ?? '', op.patches));
    else if (op.op === 'archive_source') {
      const text = m.get(op.from);
      m.delete(op.from);
      if (text !== undefined) m.set(op.to, text);
    }
  }
  return [...m.entries()].map(([path, content]) => ({ path, content }));
}

function stateOf(files: Map<string, string>, e: Entity): EntityState {
  const path = entityStatePath(e.id);
  const text = files.get(path);
  return text ? { ...parseState(text, path), entity: e } : emptyState(e);
}

function readme(e: Entity): string {
  return `${e.folder}/README.md`;
}

function combine(a: EntityContribution, b: EntityContribution, id: string): EntityContribution {
  return {
    ...a,
    entity_id: id,
    facts: [...a.facts, ...b.facts],
    decisions: [...a.decisions, ...b.decisions],
    topics: uniqueSorted([...a.topics, ...b.topics]),
    related: [...new Map([...a.related, ...b.related].map((r) => [r.id, r])).values()],
    emails: uniqueSorted([...a.emails, ...b.emails]),
    names: uniqueSorted([...a.names, ...b.names]),
    review: uniqueSorted([...a.review, ...b.review]),
  };
}

/** Contributions of `from` re-filed under `to` (a source that touched both keeps one combined contribution). */
function moveContributions(
  into: Record<string, EntityContribution>,
  from: Record<string, EntityContribution>,
  id: string,
) {
  const out: Record<string, EntityContribution> = {};
  for (const [k, c] of Object.entries(into)) out[k] = { ...c, entity_id: id };
  for (const [k, c] of Object.entries(from)) out[k] = out[k] ? combine(out[k]!, c, id) : { ...c, entity_id: id };
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `[[Old]]` -> `[[New|Old]]`, `[[Old|shown]]` -> `[[New|shown]]`, `[[Old#h]]` -> `[[New#h|Old]]`; also links by the
 * old folder path. Returns replace_line patches for every changed line of `text`.
 */
export function linkRewrites(text: string, oldTargets: string[], newName: string): SectionPatch[] {
  const alt = [...oldTargets]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
  const re = new RegExp(`\\[\\[(${alt})(#[^\\]|]*)?(\\|[^\\]]*)?\\]\\]`, 'gi');
  const patches: SectionPatch[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n').map((l) => l.replace(/\r$/, ''))) {
    if (seen.has(line)) continue;
    const next = line.replace(re, (_m, target: string, heading: string | undefined, shown: string | undefined) => {
      const display = shown
        ? shown.slice(1)
        : target
            .split('/')
            .pop()!
            .replace(/^README$/i, target.split('/').slice(-2, -1)[0] ?? target);
      return `[[${newName}${heading ?? ''}|${display}]]`;
    });
    if (next !== line) {
      seen.add(line);
      patches.push({ kind: 'replace_line', old: line, new: next });
    }
  }
  return patches;
}

/** `[[Old]]`, `[[Old|shown]]`, `[[Old#h]]` (and links by the old folder path) become plain text: the shown name. */
export function unlinkRewrites(text: string, oldTargets: string[], name: string): SectionPatch[] {
  const alt = [...oldTargets]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
  const re = new RegExp(`\\[\\[(?:${alt})(?:#[^\\]|]*)?(\\|[^\\]]*)?\\]\\]`, 'gi');
  const patches: SectionPatch[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n').map((l) => l.replace(/\r$/, ''))) {
    if (seen.has(line)) continue;
    const next = line.replace(re, (_m, shown: string | undefined) => (shown ? shown.slice(1) : name));
    if (next !== line) {
      seen.add(line);
      patches.push({ kind: 'replace_line', old: line, new: next });
    }
  }
  return patches;
}

function isNote(path: string): boolean {
  return path.endsWith('.md') && !path.startsWith('.');
}

interface Rewire {
  from: Entity;
  /** null: the entity is gone, links to it become plain text and Related sections drop it. */
  to: Entity | null;
  /** Vault files after the page of `to` is written (so rewrites do not touch it twice). */
  skip: Set<string>;
}

/** Link rewrites in every note, and re-rendered Related sections of the entities whose state names the old id. */
function rewire(files: Map<string, string>, r: Rewire, config: Config): { ops: Operation[]; summary: string[] } {
  const ops: Operation[] = [];
  const summary: string[] = [];
  const targets = uniqueSorted([r.from.name, `${r.from.folder}/README`, r.from.folder]);
  const to = r.to;
  const relink = (text: string) =>
    to ? linkRewrites(text, targets, `${to.folder}/README`) : unlinkRewrites(text, targets, r.from.name);
  for (const [path, content] of [...files.entries()].sort()) {
    if (
      path.startsWith('.distill/entities/') &&
      path.endsWith('.json') &&
      path !== entityStatePath(r.from.id) &&
      (to === null || path !== entityStatePath(to.id))
    ) {
      const st = parseState(content, path);
      if (st.merged_into) continue;
      if (!Object.values(st.contributions).some((c) => c.related.some((x) => x.id === r.from.id))) continue;
      const contributions: Record<string, EntityContribution> = {};
      for (const [k, c] of Object.entries(st.contributions)) {
        const related = c.related
          .flatMap((x) => (x.id !== r.from.id ? [x] : to ? [{ id: to.id, name: to.name }] : []))
          .filter((x) => x.id !== st.entity.id);
        contributions[k] = { ...c, related: [...new Map(related.map((x) => [x.id, x])).values()] };
      }
      const page = files.get(readme(st.entity)) ?? null;
      const rendered = renderEntityPage(st.entity, { ...st, contributions }, page, config);
      ops.push({ op: 'write_state', path, content: stateText(rendered.state) });
      if (page !== null && !r.skip.has(readme(st.entity))) {
        const after = applyPatches(page, rendered.patches);
        const patches = [...rendered.patches, ...relink(after)];
        ops.push({ op: 'patch_note', path: readme(st.entity), patches, base_sha: sha(page) });
        r.skip.add(readme(st.entity));
        summary.push(`relink ${readme(st.entity)}`);
      }
    }
  }
  for (const [path, content] of [...files.entries()].sort()) {
    if (
      !isNote(path) ||
      r.skip.has(path) ||
      path.startsWith(`${config.folders.sources}/`) ||
      path.startsWith(`${config.folders.inbox}/`)
    )
      continue;
    const patches = relink(content);
    if (patches.length === 0) continue;
    ops.push({ op: 'patch_note', path, patches, base_sha: sha(content) });
    summary.push(`relink ${path} (${patches.length} line${patches.length > 1 ? 's' : ''})`);
  }
  return { ops, summary };
}

/** Other files of the old folder move into the new one; its README goes to `.distill/merged/` (recoverable). */
function moveFolder(
  files: Map<string, string>,
  from: Entity,
  toFolder: string,
): { ops: Operation[]; summary: string[] } {
  const ops: Operation[] = [];
  const summary: string[] = [];
  for (const path of [...files.keys()].sort()) {
    if (!path.startsWith(`${from.folder}/`)) continue;
    const rest = path.slice(from.folder.length + 1);
    if (rest === 'README.md') {
      const to = `.distill/merged/${from.id.replace(/:/g, '__')}/README.md`;
      ops.push({ op: 'archive_source', from: path, to, source_id: from.id });
      summary.push(`retire ${path} -> ${to}`);
      continue;
    }
    const to = `${toFolder}/${rest}`;
    if (files.has(to)) throw new EntityCommandError(`${to} already exists: move or rename ${path} first`);
    ops.push({ op: 'archive_source', from: path, to, source_id: from.id });
    summary.push(`move ${path} -> ${to}`);
  }
  return { ops, summary };
}

function writePage(
  files: Map<string, string>,
  entity: Entity,
  state: EntityState,
  config: Config,
  existingPath: string | null,
) {
  const existing = existingPath ? (files.get(existingPath) ?? null) : null;
  const rendered = renderEntityPage(entity, state, existing, config);
  const path = readme(entity);
  const op: Operation =
    existing !== null && existingPath === path
      ? { op: 'patch_note', path, patches: rendered.patches, base_sha: sha(existing) }
      : { op: 'create_note', path, content: applyPatches(existing ?? rendered.skeleton, rendered.patches) };
  return { op, state: rendered.state };
}

/**
 * Merge `otherRef` into `keepRef`: contributions, aliases (the other's name becomes an alias, so `[[Other]]` still
 * resolves in Obsidian), emails and notes move; links `[[Other]]` become `[[Keep|Other]]`.
 */
export function planMerge(
  reg: Registry,
  keepRef: string,
  otherRef: string,
  files: VaultFile[],
  config: Config,
): EntityPlan {
  const keep = findEntity(reg, keepRef);
  const other = findEntity(reg, otherRef);
  if (keep.id === other.id) throw new EntityCommandError(`"${keepRef}" and "${otherRef}" are the same entity`);
  if (keep.kind !== other.kind) throw new EntityCommandError(`cannot merge a ${other.kind} into a ${keep.kind}`);
  if (other.owner)
    throw new EntityCommandError(`${other.name} is the vault owner: merge the other entity into the owner instead`);
  const fm = fileMap(files);
  const spelling = aliasFilter(keep, config);
  const combined = mergeEntity(keep, other);
  const merged: Entity = {
    ...combined,
    aliases: combined.aliases.filter((a) => keep.aliases.includes(a) || spelling(a)),
    owner: keep.owner,
  };
  const keepState = stateOf(fm, keep);
  const otherState = stateOf(fm, other);
  const otherPage = fm.get(readme(other));
  const movedIn: Record<string, EntityContribution> = {};
  for (const [k, c] of Object.entries(otherState.contributions)) movedIn[k] = { ...c, names: c.names.filter(spelling) };
  let contributions = withoutSelf(moveContributions(keepState.contributions, movedIn, keep.id), [keep.id, other.id]);
  // The other page's hand-made bullets come along like any legacy page content.
  if (otherPage && Object.keys(otherState.generated).length === 0) {
    const legacy = importLegacy(merged, otherPage, `legacy:${other.id}`);
    if (legacy) contributions = { ...contributions, [legacy.source_id]: legacy };
  }
  const state: EntityState = { ...keepState, entity: merged, contributions };
  const hasPage = fm.has(readme(keep));
  const page = writePage(fm, merged, state, config, hasPage ? readme(keep) : null);
  const ops: Operation[] = [
    page.op,
    { op: 'write_state', path: entityStatePath(keep.id), content: stateText(page.state) },
  ];
  ops.push({
    op: 'write_state',
    path: entityStatePath(other.id),
    content: stateText({ entity: merged, contributions: {}, generated: {}, merged_into: keep.id }),
  });
  const moved = moveFolder(fm, other, keep.folder);
  const relinked = rewire(fm, { from: other, to: merged, skip: new Set([readme(keep), readme(other)]) }, config);
  ops.push(...moved.ops, ...relinked.ops);
  return {
    operations: ops,
    entity: merged,
    summary: [
      `merge ${other.name} into ${keep.name} (${Object.keys(otherState.contributions).length} sources)`,
      ...moved.summary,
      ...relinked.summary,
    ],
  };
}

/**
 * Which names of a merged entity may become aliases of `keep`: every name of an account or project; for a person
 * only plausible spellings of the kept name, so merging the junk "Jeff Denworth Why" into Jeff Denworth does not make
 * Obsidian suggest "Jeff Denworth Why" for ever.
 */
function aliasFilter(keep: Entity, config: Config): (alias: string) => boolean {
  if (keep.kind !== 'person') return () => true;
  const table = nicknameTable(config);
  const names = [keep.name, ...keep.aliases];
  return (alias) => names.some((n) => plausibleSpelling(alias, n, table));
}

/** Related entries that point at the entity itself (or one merged into it) are dropped. */
function withoutSelf(cs: Record<string, EntityContribution>, ids: string[]): Record<string, EntityContribution> {
  const out: Record<string, EntityContribution> = {};
  for (const [k, c] of Object.entries(cs)) out[k] = { ...c, related: c.related.filter((r) => !ids.includes(r.id)) };
  return out;
}

/**
 * Merge several entities into one as a single plan (one transaction, one commit): each merge is planned against
 * the vault as the previous ones leave it, so links, Related sections and aliases come out as if merged one by one.
 */
export function planMergeMany(
  reg: Registry,
  keepRef: string,
  otherRefs: string[],
  files: VaultFile[],
  config: Config,
): EntityPlan {
  const keep = findEntity(reg, keepRef);
  const others = otherRefs.map((r) => findEntity(reg, r));
  const seen = new Set<string>();
  for (const [i, o] of others.entries()) {
    if (seen.has(o.id)) throw new EntityCommandError(`"${otherRefs[i]}" is named twice (${o.id})`);
    seen.add(o.id);
  }
  if (others.length === 0) throw new EntityCommandError('name at least one entity to merge');
  let current = files;
  let registry = reg;
  const operations: Operation[] = [];
  const summary: string[] = [];
  let entity = keep;
  for (const o of others) {
    const step = planMerge(registry, keep.id, o.id, current, config);
    operations.push(...step.operations);
    summary.push(...step.summary);
    entity = step.entity;
    current = applyOps(current, step.operations);
    registry = registryFromFiles(current, config);
  }
  return { operations, summary, entity };
}

/** The config with `name` added to `entities.stop_names` (comments and layout kept), or null when it is there. */
export function withStopName(configText: string | null, name: string): string | null {
  const doc = YAML.parseDocument(configText ?? '');
  const current = doc.getIn(['entities', 'stop_names']);
  const list = YAML.isSeq(current) ? current.items.map((i) => String(YAML.isScalar(i) ? i.value : i)) : [];
  if (list.some((n) => n.trim().toLowerCase() === name.trim().toLowerCase())) return null;
  if (YAML.isSeq(current)) doc.addIn(['entities', 'stop_names'], name);
  else doc.setIn(['entities', 'stop_names'], doc.createNode([name]));
  return String(doc);
}

function stopNameOps(fm: Map<string, string>, name: string): Operation[] {
  const next = withStopName(fm.get(CONFIG_FILE) ?? null, name);
  // The config is a user file; write_state replaces it whole in the same transaction (and undo restores it).
  return next === null ? [] : [{ op: 'write_state', path: CONFIG_FILE, content: next }];
}

/**
 * Delete an entity: its page is retired to `.distill/retired/` (undo brings it back), links to it in notes and
 * pages become plain text, Related sections drop it, and its name becomes a stop name so no later run makes it
 * again. Other files the user keeps in its folder stay where they are.
 */
export function planDelete(reg: Registry, ref: string, files: VaultFile[], config: Config): EntityPlan {
  const e = findEntity(reg, ref);
  if (e.owner) throw new EntityCommandError(`${e.name} is the vault owner and cannot be deleted`);
  const fm = fileMap(files);
  const ops: Operation[] = [];
  const summary = [`delete ${e.kind} ${e.name}`];
  if (fm.has(readme(e))) {
    const base = `.distill/retired/${e.id.replace(/:/g, '__')}`;
    let to = `${base}/README.md`;
    for (let n = 2; fm.has(to); n++) to = `${base}/README (${n}).md`;
    ops.push({ op: 'archive_source', from: readme(e), to, source_id: e.id });
    summary.push(`retire ${readme(e)} -> ${to}`);
  }
  const relinked = rewire(fm, { from: e, to: null, skip: new Set([readme(e)]) }, config);
  ops.push(...relinked.ops, ...stopNameOps(fm, e.name));
  summary.push(...relinked.summary, `stop name: ${e.name}`);
  return { operations: ops, entity: e, summary };
}

/**
 * Never make a page for `name`: a stop name from now on. An entity already under that name is deleted as by
 * `planDelete` (its links become plain text).
 */
export function planIgnore(reg: Registry, name: string, files: VaultFile[], config: Config): EntityPlan {
  const n = name.trim();
  if (n === '') throw new EntityCommandError('empty name');
  const ids = uniqueSorted((['person', 'account', 'project'] as const).flatMap((k) => lookupKey(reg, k, n)));
  if (ids.length > 1) throw new EntityCommandError(`"${n}" is ambiguous: ${ids.join(', ')} (delete by id)`);
  if (ids.length === 1) {
    const e = reg.byId.get(ids[0]!)!;
    if (e.owner) throw new EntityCommandError(`${e.name} is the vault owner and cannot be ignored`);
    const p = planDelete(reg, e.id, files, config);
    // the name typed is the one to stop (an alias, say), besides the entity's own
    const more = e.name === n ? [] : stopNameOps(fileMap(applyOps(files, p.operations)), n);
    return {
      ...p,
      operations: [...p.operations, ...more],
      summary: [...p.summary, ...(more.length ? [`stop name: ${n}`] : [])],
    };
  }
  const ops = stopNameOps(fileMap(files), n);
  return {
    operations: ops,
    entity: {
      id: '',
      kind: 'person',
      name: n,
      aliases: [],
      emails: [],
      domains: [],
      organisation: null,
      role: null,
      folder: '',
    },
    summary: [ops.length ? `stop name: ${n}` : `"${n}" is already a stop name`],
  };
}

/** Rename: a new folder and id under the new name; the old name stays an alias; links and notes follow. */
export function planRename(
  reg: Registry,
  ref: string,
  newName: string,
  files: VaultFile[],
  config: Config,
): EntityPlan {
  const old = findEntity(reg, ref);
  const name = newName.trim();
  if (name === '' || /[\\/[\]|#^]/.test(name)) throw new EntityCommandError(`"${newName}" is not a usable name`);
  const clash = lookupKey(reg, old.kind, name).filter((id) => id !== old.id);
  if (clash.length) throw new EntityCommandError(`"${name}" is already ${clash.join(', ')}: use merge`);
  const fm = fileMap(files);
  const renamed: Entity = {
    ...old,
    id: old.owner ? old.id : entityId(old.kind, name),
    name,
    aliases: uniqueSorted([...old.aliases, old.name]).filter((a) => a !== name),
    folder: folderFor(old.kind, name, config),
  };
  const st = stateOf(fm, old);
  const contributions = moveContributions({}, st.contributions, renamed.id);
  const existing = fm.get(readme(old)) ?? null;
  const ops: Operation[] = [];
  const summary = [`rename ${old.name} -> ${name}`];
  const rendered = renderEntityPage(renamed, { ...st, entity: renamed, contributions }, existing, config);
  const base = existing ?? rendered.skeleton;
  const retitled = base.replace(new RegExp(`^# ${escapeRe(old.name)}$`, 'm'), `# ${name}`);
  if (readme(renamed) === readme(old)) {
    ops.push({
      op: 'patch_note',
      path: readme(old),
      patches: [...rendered.patches],
      base_sha: existing ? sha(existing) : null,
    });
  } else {
    if (fm.has(readme(renamed))) throw new EntityCommandError(`${readme(renamed)} already exists`);
    ops.push({ op: 'create_note', path: readme(renamed), content: applyPatches(retitled, rendered.patches) });
    const moved = moveFolder(fm, old, renamed.folder);
    ops.push(...moved.ops);
    summary.push(...moved.summary);
  }
  ops.push({ op: 'write_state', path: entityStatePath(renamed.id), content: stateText(rendered.state) });
  if (renamed.id !== old.id) {
    ops.push({
      op: 'write_state',
      path: entityStatePath(old.id),
      content: stateText({ entity: renamed, contributions: {}, generated: {}, merged_into: renamed.id }),
    });
  }
  const relinked = rewire(fm, { from: old, to: renamed, skip: new Set([readme(old), readme(renamed)]) }, config);
  ops.push(...relinked.ops);
  summary.push(...relinked.summary);
  return { operations: ops, entity: renamed, summary };
}

/** Add an alias: written to the page's frontmatter (Obsidian resolves it) and to the state (resolution uses it). */
export function planAliasAdd(
  reg: Registry,
  ref: string,
  alias: string,
  files: VaultFile[],
  config: Config,
): EntityPlan {
  const e = findEntity(reg, ref);
  const a = alias.trim();
  if (a === '') throw new EntityCommandError('empty alias');
  const taken = lookupKey(reg, e.kind, a).filter((id) => id !== e.id);
  if (taken.length) throw new EntityCommandError(`"${a}" already names ${taken.join(', ')}`);
  const fm = fileMap(files);
  const updated: Entity = { ...e, aliases: uniqueSorted([...e.aliases, a].filter((x) => x !== e.name)) };
  const st = { ...stateOf(fm, e), entity: updated };
  const page = writePage(fm, updated, st, config, fm.has(readme(e)) ? readme(e) : null);
  return {
    operations: [page.op, { op: 'write_state', path: entityStatePath(e.id), content: stateText(page.state) }],
    entity: updated,
    summary: [`alias ${a} -> ${e.name}`],
  };
}
