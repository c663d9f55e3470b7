/**
 * What each MCP tool answers, as functions of the vault (no protocol here): every answer names the vault paths it
 * comes from so an assistant can cite them. Reads go to the files, and search to the index that freshens itself
 * first, so an answer is never staler than the vault.
 */

import { type Brief, briefText, buildBrief, names } from '../app/brief.ts';
import { editOnlyPlan } from '../app/brief-plan.ts';
import { findEntity, namesOf, readBriefView, readMarkdown, registryFor } from '../app/brief-read.ts';
import { applyPlan } from '../apply/index.ts';
import { ownerNames } from '../core/owner.ts';
import { localDate, TASK_STATUSES, type TaskStatus } from '../core/task-line.ts';
import { filterTasks, planTaskStatus, scanTasks } from '../outputs/task-actions.ts';
import { linkedName } from '../search/documents.ts';
import { type Hit, search } from '../search/index.ts';
import type { Config } from '../vault/config.ts';
import { readFrontmatter } from '../vault/frontmatter.ts';
import { readVaultNote } from './vault-access.ts';

export interface Vault {
  root: string;
  config: Config;
}

export function searchTool(
  v: Vault,
  a: { query: string; person?: string; account?: string; since?: string; kind?: string; limit?: number },
): { results: Omit<Hit, 'score'>[] } {
  const reg = a.person || a.account ? registryFor(v.root, v.config).registry : null;
  const namesFor = (n: string) => {
    try {
      return namesOf(findEntity(reg!, n));
    } catch {
      return [n.trim().toLowerCase()];
    }
  };
  const hits = search(v.root, v.config, a.query, {
    limit: a.limit ?? 10,
    ...(a.person ? { people: namesFor(a.person) } : {}),
    ...(a.account ? { accounts: namesFor(a.account) } : {}),
    ...(a.since ? { since: a.since } : {}),
    ...(a.kind ? { kind: a.kind } : {}),
  });
  return { results: hits.map(({ score: _score, ...h }) => h) };
}

export function getNoteTool(v: Vault, a: { path: string }) {
  const note = readVaultNote(v.root, v.config, a.path);
  return {
    path: note.path,
    truncated: note.truncated,
    frontmatter: readFrontmatter(note.content),
    content: note.content,
  };
}

export function getEntityTool(v: Vault, a: { name: string }) {
  const { registry, pages } = registryFor(v.root, v.config);
  const e = findEntity(registry, a.name);
  const page = pages.find((p) => p.path === `${e.folder}/README.md`) ?? null;
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    aliases: e.aliases,
    emails: e.emails,
    organisation: e.organisation,
    role: e.role,
    path: page?.path ?? null,
    page: page?.content ?? null,
  };
}

export function briefTool(v: Vault, a: { name: string; date?: string }): { brief: Brief; markdown: string } {
  const { view, entity } = readBriefView(v.root, v.config, a.name);
  const brief = buildBrief(entity, view, v.config, a.date ?? localDate());
  return { brief, markdown: briefText(brief) };
}

export interface TaskQuery {
  owner?: string;
  status?: TaskStatus | 'all';
  due_before?: string;
  person?: string;
}

/**
 * Tasks in the source notes. `person`: the task is theirs (`@Owner`), names them, or sits in a note they took part
 * in. `owner: "me"` is the vault owner. `status` defaults to every open one (proposed, accepted, in progress).
 */
export function listTasksTool(v: Vault, a: TaskQuery) {
  const notes = readMarkdown(v.root, v.config.folders.meetings);
  let found = filterTasks(scanTasks(notes), {
    status: a.status === undefined ? 'all' : a.status,
    ...(a.owner ? { owner: a.owner } : {}),
    ownerNames: ownerNames(v.config),
  });
  if (a.status === undefined) found = found.filter((t) => ['proposed', 'open', 'in_progress'].includes(t.status));
  if (a.due_before) found = found.filter((t) => t.due !== null && t.due < a.due_before!);
  if (a.person) {
    const who = namesOfPerson(v, a.person);
    const participants = new Map(
      notes.map((n) => [
        n.path,
        new Set(
          [readFrontmatter(n.content).participants]
            .flat()
            .filter((p): p is string => typeof p === 'string')
            .map((p) => linkedName(p, v.config).toLowerCase()),
        ),
      ]),
    );
    found = found.filter(
      (t) =>
        (t.owner !== null && who.includes(t.owner.toLowerCase())) ||
        names(t.text, who) ||
        who.some((n) => participants.get(t.path)?.has(n)),
    );
  }
  return {
    tasks: found.map(({ id, status, text, owner, due, priority, path }) => ({
      id,
      status,
      text,
      owner,
      due,
      priority,
      path,
    })),
  };
}

function namesOfPerson(v: Vault, name: string): string[] {
  try {
    return namesOf(findEntity(registryFor(v.root, v.config).registry, name));
  } catch {
    return [name.trim().toLowerCase()];
  }
}

/** Source notes dated on or after `since`, newest first. */
export function recentTool(v: Vault, a: { since: string; limit?: number }) {
  const notes = readMarkdown(v.root, v.config.folders.meetings)
    .map((n) => {
      const fm = readFrontmatter(n.content);
      const date = fm.date instanceof Date ? fm.date.toISOString().slice(0, 10) : String(fm.date ?? '').slice(0, 10);
      const list = (x: unknown) =>
        [x]
          .flat()
          .filter((p): p is string => typeof p === 'string')
          .map((p) => linkedName(p, v.config));
      return {
        path: n.path,
        date,
        type: typeof fm.type === 'string' ? fm.type : null,
        title: typeof fm.title === 'string' ? fm.title : n.path.split('/').pop()!.replace(/\.md$/, ''),
        participants: list(fm.participants),
        accounts: list(fm.accounts),
      };
    })
    .filter((n) => /^\d{4}-\d{2}-\d{2}$/.test(n.date) && n.date >= a.since)
    .sort((x, y) => y.date.localeCompare(x.date) || x.path.localeCompare(y.path));
  return { since: a.since, notes: notes.slice(0, a.limit ?? 50), total: notes.length };
}

export class WritesOffError extends Error {
  override name = 'WritesOffError';
}

/** `accept_task` / `reject_task`: the same plan `distill tasks accept|reject` makes, applied the same way. */
export function setTaskStatusTool(v: Vault, a: { ids: string[] }, status: 'open' | 'rejected') {
  if (!v.config.mcp.allow_writes)
    throw new WritesOffError(
      'this vault does not allow writes over MCP: set `mcp: { allow_writes: true }` in distill.config.yaml to let an assistant accept or reject tasks',
    );
  const r = planTaskStatus(readMarkdown(v.root, v.config.folders.meetings), a.ids, status);
  const verb = status === 'open' ? 'accept' : 'reject';
  const applied =
    r.ops.length > 0
      ? applyPlan(v.root, editOnlyPlan(r.ops), {
          config: v.config,
          message: `distill tasks ${verb} ${r.changes.map((c) => c.id).join(' ')} (over MCP)`,
        })
      : null;
  return {
    status,
    changed: r.changes,
    unchanged: r.unchanged,
    missing: r.missing,
    commit: applied?.commit ?? null,
  };
}

export const TASK_STATUS_VALUES = [...TASK_STATUSES, 'all'] as const;
