/** The planner on an in-memory vault: one real fixture source with its gold extraction, planned as a run would. */
import { describe, expect, it } from 'vitest';
import { RUN_OUTPUTS, type RunOutput } from '../outputs/index.ts';
import { LEDGER_PATH, parseLedger } from '../vault/ledger.ts';
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

  it('folds in a new run output after the sources (the weekly review example of the README)', async () => {
    const weeklyReview: RunOutput = {
      name: 'weekly review',
      plan: ({ config, now, ledger, snapshot }) => {
        const week = now.slice(0, 10);
        const path = `${config.folders.digests}/${week} Weekly Review.md`;
        if (snapshot.exists(path)) return [];
        const since = new Date(Date.parse(now) - 7 * 86_400_000).toISOString().slice(0, 10);
        const notes = Object.values(ledger.sources).filter((s) => (s.date ?? '') >= since);
        const lines = notes.map((s) => `- [[${s.note_path.replace(/\.md$/, '')}|${s.title}]]`);
        return [{ op: 'create_note', path, content: `# Week to ${week}\n\n${lines.join('\n')}\n` }];
      },
    };
    const plan = planGold(await goldSource(TLS), { runOutputs: [...RUN_OUTPUTS, weeklyReview] });
    const last = plan.operations.at(-1);
    expect(paths(plan.operations).slice(-2)).toEqual([
      'create_note Tasks.md',
      'create_note Digests/2026-01-06 Weekly Review.md',
    ]);
    expect(last?.op === 'create_note' && last.content).toBe(
      '# Week to 2026-01-06\n\n- [[Meetings/2026/2026-01-05 - TLS support for Block for Google GDC RFP|TLS support for Block for Google GDC RFP]]\n',
    );
  });

  it('leaves the ledger it was given as it was (it copies what it changes, not the whole ledger)', async () => {
    const tls = await goldSource(TLS);
    const ledgerOf = (plan: ReturnType<typeof planGold>) => {
      const op = plan.operations.find((o) => o.op === 'write_state' && o.path === LEDGER_PATH);
      return parseLedger(op?.op === 'write_state' ? op.content : null);
    };
    const given = ledgerOf(planGold(tls));
    // a ledger that throws on any change made in place
    const frozen = deepFreeze(structuredClone(given));
    const other = ledgerOf(planGold(await goldSource('e-20251201-31cd74'), { ledger: frozen }));
    expect(frozen).toEqual(given);
    expect(Object.keys(other.sources)).toHaveLength(2);
    expect(other.runs).toHaveLength(2);
  });

  it('records a run when only an entity state changes, and none when nothing does', async () => {
    const tls = await goldSource(TLS);
    const first = planGold(tls);
    const files: Record<string, string> = {};
    let archived = '';
    for (const o of first.operations) {
      if (o.op === 'create_note' || o.op === 'write_state') files[o.path] = o.content;
      if (o.op === 'archive_source') archived = o.to;
    }
    files[archived] = 'the archived source';
    const ledger = parseLedger(files[LEDGER_PATH] ?? null);
    // planned again from where it is archived, as a rebuild does
    const again = (vault: Record<string, string>) => {
      const plan = planGold({ ...tls, inboxPath: archived }, { files: vault, ledger, now: '2026-01-07T09:00:00.000Z' });
      const op = plan.operations.find((o) => o.op === 'write_state' && o.path === LEDGER_PATH);
      return parseLedger(op?.op === 'write_state' ? op.content : null).runs.length;
    };
    expect(again(files)).toBe(1);
    // the pages come out the same; the state Distill lost is written again, and that is a change
    const { '.distill/entities/person__itzik-reich.json': _lost, ...withoutState } = files;
    expect(again(withoutState)).toBe(2);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
