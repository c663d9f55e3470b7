import { randomBytes } from 'node:crypto';

/**
 * A run's id: its start time (sortable, readable in the ledger and in commit messages) and a random suffix. Its own
 * module so the commands that only edit (tasks, entities) need not load the pipeline and the extractors with it.
 */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
