import { describe, expect, it } from 'vitest';
import { parseTaskLine, renderTaskLine } from '../core/task-line.ts';
import { applyPatches } from '../vault/patch.ts';
import { filterTasks, planTaskStatus, scanTasks } from './task-actions.ts';

const line = (text: string, owner: string, id: string, status: 'proposed' | 'open' = 'proposed') =>
  renderTaskLine({ text, owner, due: '2026-01-09', priority: 'high', status, id });

const note = {
  path: 'Meetings/2026/2026-01-05 - TLS.md',
  content: [
    '---',
    'type: email',
    '---',
    '## Action Items',
    line('Take TLS to Google', 'Myself', 't1'),
    line('Share test timing', 'Maroun', 't2'),
    '- [ ] user task without id',
    '',
  ].join('\n'),
};
const other = {
  path: 'Meetings/2026/2026-01-02 - Flare.md',
  content: `${line('Send the BOM', 'Jeff Denworth', 't3', 'open')}\n`,
};

describe('scanTasks and filterTasks', () => {
  it('finds tasks with ids only, and filters by status and owner', () => {
    const all = scanTasks([note, other]);
    expect(all.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    expect(filterTasks(all, { status: 'proposed' }).map((t) => t.id)).toEqual(['t1', 't2']);
    expect(filterTasks(all, { owner: 'me', ownerNames: ['myself', 'jason vallery'] }).map((t) => t.id)).toEqual(['t1']);
    expect(filterTasks(all, { owner: 'jeff denworth' }).map((t) => t.id)).toEqual(['t3']);
  });
});

describe('planTaskStatus', () => {
  it('patches exactly the task lines, one op per note, and the result parses with the new status', () => {
    const { ops, changes, missing } = planTaskStatus([note, other], ['t1', 't3', 'nope'], 'done', '2026-01-06');
    expect(missing).toEqual(['nope']);
    expect(ops.map((o) => ('path' in o ? o.path : null))).toEqual([note.path, other.path]);
    expect(changes.map((c) => c.after)).toEqual([
      '- [x] Take TLS to Google @Myself 📅 2026-01-09 ⏫ #task 🆔 t1 ✅ 2026-01-06',
      '- [x] Send the BOM @Jeff Denworth 📅 2026-01-09 ⏫ #task 🆔 t3 ✅ 2026-01-06',
    ]);
    const op = ops[0]!;
    if (op.op !== 'patch_note') throw new Error('expected a patch');
    const after = applyPatches(note.content, op.patches);
    const lines = after.split('\n');
    expect(lines.filter((l, i) => l !== note.content.split('\n')[i])).toHaveLength(1);
    expect(parseTaskLine(lines[4]!)).toMatchObject({ status: 'done', id: 't1', done: '2026-01-06' });
  });

  it('leaves tasks already in the wanted status alone', () => {
    const r = planTaskStatus([other], ['t3'], 'open');
    expect(r).toMatchObject({ ops: [], unchanged: ['t3'], missing: [] });
  });
});
