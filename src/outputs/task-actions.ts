import { editTaskLine, localDate, setTaskStatus, type TaskEdit, type TaskStatus } from '../core/task-line.ts';
import type { VaultFile } from '../core/vault-file.ts';
import type { Operation } from '../plan/change-plan.ts';
import { sha256 } from '../vault/hash.ts';
import type { SectionPatch } from '../vault/patch.ts';
import { type DigestTask, tasksIn } from './digest.ts';

export type FoundTask = DigestTask & { id: string };

/** Every task with an id, in file order. */
export function scanTasks(files: VaultFile[]): FoundTask[] {
  return files.flatMap(tasksIn).filter((t): t is FoundTask => t.id !== null);
}

export interface TaskFilter {
  status?: TaskStatus | 'all';
  /** Owner name, case-insensitive; `me` means `Myself` or the owner's configured names. */
  owner?: string;
  ownerNames?: string[];
}

export function filterTasks(tasks: FoundTask[], f: TaskFilter): FoundTask[] {
  const mine = new Set((f.ownerNames ?? ['myself']).map((n) => n.toLowerCase()));
  return tasks.filter((t) => {
    if (f.status && f.status !== 'all' && t.status !== f.status) return false;
    if (f.owner) {
      const want = f.owner.toLowerCase();
      const owner = (t.owner ?? '').toLowerCase();
      if (want === 'me' || mine.has(want) ? !mine.has(owner) : owner !== want) return false;
    }
    return true;
  });
}

export interface TaskChange {
  id: string;
  path: string;
  before: string;
  after: string;
}

/**
 * One `patch_note` per note holding any of the ids; ids not found are reported, and tasks already in the wanted
 * status are left alone (so running the same command twice changes nothing).
 */
export function planTaskStatus(
  files: VaultFile[],
  ids: string[],
  status: TaskStatus,
  today: string = localDate(),
): { ops: Operation[]; changes: TaskChange[]; unchanged: string[]; missing: string[] } {
  const want = new Set(ids);
  const found = new Set<string>();
  const unchanged: string[] = [];
  const changes: TaskChange[] = [];
  const ops: Operation[] = [];
  for (const file of files) {
    const patches: SectionPatch[] = [];
    for (const t of scanTasks([file])) {
      if (!want.has(t.id)) continue;
      found.add(t.id);
      if (t.status === status) {
        unchanged.push(t.id);
        continue;
      }
      const after = setTaskStatus(t.line, status, today);
      patches.push({ kind: 'replace_line', old: t.line, new: after });
      changes.push({ id: t.id, path: file.path, before: t.line, after });
    }
    if (patches.length > 0) ops.push({ op: 'patch_note', path: file.path, patches, base_sha: sha256(file.content) });
  }
  return { ops, changes, unchanged, missing: ids.filter((id) => !found.has(id)) };
}

/** Edits one task's text, owner or due date where it lives; the same edit twice changes nothing the second time. */
export function planTaskEdit(
  files: VaultFile[],
  id: string,
  edit: TaskEdit,
): { ops: Operation[]; change: TaskChange | null; found: boolean } {
  for (const file of files) {
    const t = scanTasks([file]).find((x) => x.id === id);
    if (!t) continue;
    const after = editTaskLine(t.line, edit);
    if (after === t.line) return { ops: [], change: null, found: true };
    return {
      ops: [
        {
          op: 'patch_note',
          path: file.path,
          patches: [{ kind: 'replace_line', old: t.line, new: after }],
          base_sha: sha256(file.content),
        },
      ],
      change: { id, path: file.path, before: t.line, after },
      found: true,
    };
  }
  return { ops: [], change: null, found: false };
}
