/**
 * Patch primitives a change plan is made of, and the pure function that applies them to a note's text. Each
 * primitive edits one region (frontmatter, one section, one line) and keeps every other byte.
 */

import { fieldPattern, parseTaskLine, setTaskStatus } from '../core/task-line.ts';
import { appendToSection, getSection, replaceSection, upsertFrontmatter } from './markdown.ts';

export type SectionPatch =
  /**
   * Set (or, with null, delete) frontmatter keys through the yaml Document API, keeping comments and order.
   * `previous` is what Distill wrote last time: a key the user has changed since keeps the user's value (a list
   * keeps the user's additions and removals), a key the user deleted stays deleted.
   */
  | { kind: 'upsert_frontmatter'; values: Record<string, unknown>; previous?: Record<string, unknown> }
  /**
   * Replace the Distill-owned body of `## heading`. `previous` is what Distill wrote there last time: any other
   * line found in the section was written by the user and is kept (after the generated lines); a generated line
   * the user deleted is not brought back; a task (by its 🆔) the user edited is kept as the user left it, in its
   * place (only its checkbox ticked: the new line, with the status and ✅ date carried over). Without `previous`,
   * every existing line that the new body does not repeat is kept.
   */
  | { kind: 'replace_section'; heading: string; body: string; previous?: string }
  /** Append lines under `## heading` that are not there yet (the section is created at the end when missing). */
  | { kind: 'append_to_section'; heading: string; lines: string[] }
  /** Make sure each `[[link]]` appears under `## heading`. */
  | { kind: 'ensure_links'; heading: string; links: string[] }
  /** Replace one exact line (e.g. a task's status); fails if the line is no longer there. */
  | { kind: 'replace_line'; old: string; new: string };

export class PatchConflict extends Error {
  override name = 'PatchConflict';
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd());
}

const TASK_ID = fieldPattern('id');
const DONE_DATE = fieldPattern('done');

function taskId(line: string): string | undefined {
  return parseTaskLine(line) ? TASK_ID.exec(line)?.[1] : undefined;
}

/** The line without what a status change touches: the checkbox, `#proposed`, the ✅ date. */
function withoutStatus(line: string): string {
  return line
    .replace(/^(\s*[-*+]\s+\[).\]/u, '$1 ]')
    .replace(/\s+#proposed(?=\s|$)/gu, '')
    .replace(DONE_DATE, '')
    .trimEnd();
}

/** The new line for a task whose user only changed its status: that status (kept by the planner) and its ✅ date. */
function withDoneDate(line: string, mine: string): string {
  const date = DONE_DATE.exec(mine)?.[1];
  if (!date || DONE_DATE.test(line) || parseTaskLine(line)?.status !== 'done') return line;
  return setTaskStatus(line, 'done', date);
}

function replaceOwnedSection(text: string, heading: string, body: string, previous: string | undefined): string {
  const existing = getSection(text, heading);
  const before = lines(previous ?? '');
  const generated = new Set(before);
  const previousTasks = new Map(before.flatMap((l) => (taskId(l) ? [[taskId(l)!, l] as const] : [])));
  if (existing === null) {
    if (body.trim() === '') return text;
    if (previous === undefined || previous.trim() === '') return replaceSection(text, heading, body);
    // the user removed the whole section: only what is new since Distill last wrote it comes back
    const novel = lines(body).filter(
      (l) => l.trim() !== '' && !generated.has(l) && !previousTasks.has(taskId(l) ?? ''),
    );
    return novel.length > 0 ? replaceSection(text, heading, novel.join('\n')) : text;
  }
  const present = lines(existing);
  const presentSet = new Set(present);
  const presentTasks = new Map(present.flatMap((l) => (taskId(l) ? [[taskId(l)!, l] as const] : [])));
  const placed = new Set<string>();
  const merged: string[] = [];
  for (const line of lines(body)) {
    const id = taskId(line);
    if (id) {
      const mine = presentTasks.get(id);
      const prev = previousTasks.get(id);
      placed.add(id);
      if (mine === undefined) {
        // a task Distill wrote and the user deleted stays deleted
        if (previous === undefined || prev === undefined) merged.push(line);
      } else if (mine === line || mine === prev || withoutStatus(mine) === withoutStatus(prev ?? line)) {
        merged.push(withDoneDate(line, mine));
      } else {
        merged.push(mine); // the user's edit wins, in the task's place
      }
      continue;
    }
    // a generated line the user deleted is not brought back
    if (previous !== undefined && line.trim() !== '' && generated.has(line) && !presentSet.has(line)) continue;
    merged.push(line);
  }
  const fresh = new Set(merged);
  const userLines = present.filter(
    (l) => l.trim() !== '' && !generated.has(l) && !fresh.has(l) && !placed.has(taskId(l) ?? ''),
  );
  const out = merged.join('\n');
  return replaceSection(
    text,
    heading,
    userLines.length > 0 ? `${out.replace(/\s+$/, '')}\n${userLines.join('\n')}` : out,
  );
}

export function applyPatch(text: string, patch: SectionPatch): string {
  switch (patch.kind) {
    case 'upsert_frontmatter':
      return upsertFrontmatter(text, patch.values, patch.previous);
    case 'replace_section':
      return replaceOwnedSection(text, patch.heading, patch.body, patch.previous);
    case 'append_to_section':
      return appendToSection(text, patch.heading, patch.lines);
    case 'ensure_links': {
      const present = getSection(text, patch.heading) ?? '';
      const missing = patch.links.filter((l) => !present.includes(l.startsWith('[[') ? l : `[[${l}]]`));
      return appendToSection(
        text,
        patch.heading,
        missing.map((l) => `- ${l.startsWith('[[') ? l : `[[${l}]]`}`),
      );
    }
    case 'replace_line': {
      const eolSplit = text.split('\n');
      const i = eolSplit.findIndex((l) => l.replace(/\r$/, '') === patch.old);
      if (i === -1) throw new PatchConflict(`line not found: ${patch.old.slice(0, 80)}`);
      const cr = eolSplit[i]!.endsWith('\r') ? '\r' : '';
      eolSplit[i] = patch.new + cr;
      return eolSplit.join('\n');
    }
  }
}

export function applyPatches(text: string, patches: SectionPatch[]): string {
  return patches.reduce(applyPatch, text);
}
