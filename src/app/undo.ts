/** The undo use case: revert one run (default: the latest applied one), keeping what the user edited. */
import { type UndoResult, undoRun } from '../apply/index.ts';
import { newRunId } from '../core/run-id.ts';
import type { Config } from '../vault/config.ts';
import { RequestError } from './errors.ts';
import { diskSnapshot, loadLedger } from './vault-read.ts';

export interface UndoRequest {
  /** The run to undo; the latest applied run when absent. */
  run?: string;
  /** Also discard edits made since the run to the very lines it wrote. */
  force?: boolean;
}

export function latestRun(root: string): string | undefined {
  return [...loadLedger(diskSnapshot(root)).runs].reverse().find((r) => r.status === 'applied')?.run_id;
}

export function undoVault(root: string, config: Config, req: UndoRequest = {}): UndoResult {
  const target = req.run ?? latestRun(root);
  if (!target) throw new RequestError('no run to undo');
  return undoRun(root, target, newRunId(), { force: !!req.force, config });
}
