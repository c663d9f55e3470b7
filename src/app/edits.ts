/**
 * The maintenance use cases' common step: a few file edits (a task's status, a draft approved) applied as one
 * transaction and commit, on top of the user's own pending edits like every Distill write.
 */
import { type ApplyResult, applyPlan } from '../apply/index.ts';
import { type ChangePlan, editPlan, type Operation } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';

export interface EditOutcome {
  plan: ChangePlan;
  /** Null on a dry run or when there was nothing to change. */
  applied: ApplyResult | null;
}

export function applyEdits(
  root: string,
  config: Config,
  ops: Operation[],
  message: string,
  opts: { dryRun?: boolean } = {},
): EditOutcome {
  const plan = editPlan(ops);
  if (ops.length === 0 || opts.dryRun) return { plan, applied: null };
  return { plan, applied: applyPlan(root, plan, { config, message }) };
}
