/**
 * `distill doctor`'s checks of Distill's own state against the vault: ledger entries whose note or archived original
 * is gone, an interrupted run still waiting for recovery, and a git index that disagrees with HEAD the way a run
 * killed between `update-ref` and the index update leaves it (or a private index a killed run left behind, or a
 * stale `index.lock`). Reads only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LEDGER_PATH, type Ledger, parseLedger } from '../vault/ledger.ts';
import { vaultFile } from '../vault/paths.ts';
import { indexLockPath, isGitRepo, orphanedIndexes, staleIndexPaths } from './git.ts';
import { JOURNAL_DIR } from './transaction.ts';

export type StateCheck = 'missing-note' | 'missing-source' | 'interrupted-run' | 'broken-git-index';

export interface StateFinding {
  check: StateCheck;
  path: string;
  detail: string;
}

function readLedger(root: string): { ledger: Ledger | null; error: string | null } {
  const file = vaultFile(root, LEDGER_PATH);
  if (!existsSync(file)) return { ledger: null, error: null };
  try {
    return { ledger: parseLedger(readFileSync(file, 'utf8')), error: null };
  } catch (e) {
    return { ledger: null, error: (e as Error).message.split('\n')[0] ?? 'unreadable' };
  }
}

export function stateFindings(root: string): StateFinding[] {
  const out: StateFinding[] = [];
  const { ledger, error } = readLedger(root);
  if (error) out.push({ check: 'missing-note', path: LEDGER_PATH, detail: `ledger unreadable: ${error}` });
  for (const s of Object.values(ledger?.sources ?? {}).sort((a, b) => (a.note_path < b.note_path ? -1 : 1))) {
    if (!existsSync(vaultFile(root, s.note_path))) {
      out.push({
        check: 'missing-note',
        path: s.note_path,
        detail: `the ledger lists source ${s.source_id.slice(0, 12)} ("${s.title}") with this note, which does not exist`,
      });
    }
    if (!existsSync(vaultFile(root, s.archived_path))) {
      out.push({ check: 'missing-source', path: s.archived_path, detail: `archived original of "${s.title}" is gone` });
    }
  }
  const journal = vaultFile(root, JOURNAL_DIR);
  if (existsSync(journal)) {
    for (const f of readdirSync(journal).filter((n) => n.endsWith('.json'))) {
      out.push({
        check: 'interrupted-run',
        path: `${JOURNAL_DIR}/${f}`,
        detail: 'a run was interrupted; the next `distill run` rolls it back (or finishes it if it had committed)',
      });
    }
  }
  if (isGitRepo(root)) {
    const lock = indexLockPath(root);
    if (lock) {
      out.push({
        check: 'broken-git-index',
        path: '.git/index.lock',
        detail: 'git index is locked: a git command is running, or one crashed (then remove the file)',
      });
    }
    for (const f of orphanedIndexes(root)) {
      out.push({
        check: 'broken-git-index',
        path: `.git/${path.basename(f)}`,
        detail: 'private index left by a killed distill run (the next run removes it)',
      });
    }
    if (!lock) {
      for (const p of staleIndexPaths(root)) {
        out.push({
          check: 'broken-git-index',
          path: p,
          detail:
            'staged in the index although the file is exactly as committed: the index was never refreshed after a commit (the next `distill run` fixes it, or `git reset -q -- <path>`)',
        });
      }
    }
  }
  return out;
}
