/**
 * `distill entities merge|rename|alias add` as data: the page edits, file moves, link rewrites and state writes a
 * command needs, computed from the registry and the vault's files. The CLI carries them out through apply, so a
 * merge is one all-or-nothing, undoable run like any other.
 */
import type { Entity } from '../entities/entity.ts';
import { importLegacy, renderEntityPage } from '../entities/page.ts';
import { entityId, folderFor, lookupKey, mergeEntity, type Registry, uniqueSorted } from '../entities/registry.ts';
import {
  type EntityContribution,
  type EntityState,
  emptyState,
  entityStatePath,
  parseState,
  serialiseState,
} from '../entities/state.ts';
import type { Config } from '../vault/config.ts';
import { sha256 as sha } from '../vault/hash.ts';
import { applyPatches, type SectionPatch } from '../vault/patch.ts';
import type { Operation } from './change-plan.ts';

export interface VaultFile {
  path: string;
  content: string;
}

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

function isNote(path: string): boolean {
  return path.endsWith('.md') && !path.startsWith('.');
}

interface Rewire {
  from: Entity;
  to: Entity;
  /** Vault files after the page of `to` is written (so rewrites do not touch it twice). */
  skip: Set<string>;
}

/** Link rewrites in every note, and re-rendered Related sections of the entities whose state names the old id. */
function rewire(files: Map<string, string>, r: Rewire, config: Config): { ops: Operation[]; summary: string[] } {
  const ops: Operation[] = [];
  const summary: string[] = [];
  const targets = uniqueSorted([r.from.name, `${r.from.folder}/README`, r.from.folder]);
  for (const [path, content] of [...files.entries()].sort()) {
    if (
      path.startsWith('.distill/entities/') &&
      path.endsWith('.json') &&
      path !== entityStatePath(r.from.id) &&
      path !== entityStatePath(r.to.id)
    ) {
      const st = parseState(content, path);
      if (!Object.values(st.contributions).some((c) => c.related.some((x) => x.id === r.from.id))) continue;
      const contributions: Record<string, EntityContribution> = {};
      for (const [k, c] of Object.entries(st.contributions)) {
        const related = c.related
          .map((x) => (x.id === r.from.id ? { id: r.to.id, name: r.to.name } : x))
          .filter((x) => x.id !== st.entity.id);
        contributions[k] = { ...c, related: [...new Map(related.map((x) => [x.id, x])).values()] };
      }
      const page = files.get(readme(st.entity)) ?? null;
      const rendered = renderEntityPage(st.entity, { ...st, contributions }, page, config);
      ops.push({ op: 'write_state', path, content: serialiseState(rendered.state) });
      if (page !== null && !r.skip.has(readme(st.entity))) {
        const after = applyPatches(page, rendered.patches);
        const patches = [...rendered.patches, ...linkRewrites(after, targets, `${r.to.folder}/README`)];
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
    const patches = linkRewrites(content, targets, `${r.to.folder}/README`);
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
  const merged: Entity = { ...mergeEntity(keep, other), owner: keep.owner };
  const keepState = stateOf(fm, keep);
  const otherState = stateOf(fm, other);
  const otherPage = fm.get(readme(other));
  let contributions = moveContributions(keepState.contributions, otherState.contributions, keep.id);
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
    { op: 'write_state', path: entityStatePath(keep.id), content: serialiseState(page.state) },
  ];
  ops.push({
    op: 'write_state',
    path: entityStatePath(other.id),
    content: serialiseState({ entity: merged, contributions: {}, generated: {}, merged_into: keep.id }),
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
  ops.push({ op: 'write_state', path: entityStatePath(renamed.id), content: serialiseState(rendered.state) });
  if (renamed.id !== old.id) {
    ops.push({
      op: 'write_state',
      path: entityStatePath(old.id),
      content: serialiseState({ entity: renamed, contributions: {}, generated: {}, merged_into: renamed.id }),
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
    operations: [page.op, { op: 'write_state', path: entityStatePath(e.id), content: serialiseState(page.state) }],
    entity: updated,
    summary: [`alias ${a} -> ${e.name}`],
  };
}
