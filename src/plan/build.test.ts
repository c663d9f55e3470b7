/** The planner on an in-memory vault: one real fixture source with its gold extraction, planned as a run would. */
import { describe, expect, it } from 'vitest';
import { RUN_OUTPUTS, type RunOutput } from '../outputs/index.ts';
import type { Operation } from './change-plan.ts';
import { goldSource, planGold } from './testing/gold-source.ts';

const TLS = 'e-20260105-cf0ae7';
const paths = (ops: Operation[]) => ops.map((o) => ('path' in o ? `${o.op} ${o.path}` : `${o.op} ${o.to}`));

describe('buildPlan', () => {
  it('plans the source note, the archive move, the entity pages, the ledger and the task dashboard', async () => {
    const plan = planGold(await goldSource(TLS));
    const ops = paths(plan.operations);
    expect(ops).toContain('create_note Meetings/2026/2026-01-05 - TLS support for Block for Google GDC RFP.md');
    expect(ops.some((o) => o.startsWith('archive_source Sources/Email/2026/'))).toBe(true);
    expect(ops).toContain('create_note People/Itzik Reich/README.md');
    expect(ops).toContain('write_state .distill/ledger.json');
    expect(ops.at(-1)).toBe('create_note Tasks.md');
    expect(plan.sources.map((s) => s.source_id)).toHaveLength(1);
  });

  it('leaves an existing task dashboard alone', async () => {
    const plan = planGold(await goldSource(TLS), { files: { 'Tasks.md': '# my own dashboard\n' } });
    expect(paths(plan.operations)).not.toContain('create_note Tasks.md');
  });

  it('folds in every run output it is given, after the sources, seeing what the run planned', async () => {
    const seen: string[] = [];
    const review: RunOutput = {
      name: 'review',
      plan: ({ sources, now }) => {
        seen.push(...sources.map((s) => s.title));
        return [{ op: 'create_note', path: `Digests/${now.slice(0, 10)} Review.md`, content: `${sources.length}\n` }];
      },
    };
    const plan = planGold(await goldSource(TLS), { runOutputs: [...RUN_OUTPUTS, review] });
    expect(paths(plan.operations).slice(-2)).toEqual([
      'create_note Tasks.md',
      'create_note Digests/2026-01-06 Review.md',
    ]);
    expect(seen).toEqual(['TLS support for Block for Google GDC RFP']);
  });
});
