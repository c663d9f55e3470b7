/**
 * Golden files for what Distill writes into a vault, from fixed inputs: a real fixture thread (the TLS for Block
 * request) read by the real adapter, with its human gold extraction, planned at a fixed time. See approve.ts.
 */
import { beforeAll, describe, it } from 'vitest';
import { renderTaskLine } from '../../src/core/task-line.ts';
import { planOutputs } from '../../src/outputs/index.ts';
import type { Operation } from '../../src/plan/change-plan.ts';
import { fixtureConfig, goldSource, planGold } from '../../src/plan/testing/gold-source.ts';
import { verify } from './approve.ts';

const NOTE = 'Meetings/2026/2026-01-05 - TLS support for Block for Google GDC RFP.md';
let ops: Operation[];
let outbox: Operation[];
let source: Awaited<ReturnType<typeof goldSource>>;

beforeAll(async () => {
  source = await goldSource('e-20260105-cf0ae7');
  ops = planGold(source).operations;
  // A meeting the thread could have proposed, with a stated zone, so the invite shows how a start is written.
  const meeting = {
    title: 'TLS for Block: when Google needs it',
    start: '2026-01-07T16:00:00+02:00',
    end: '2026-01-07T16:30:00+02:00',
    attendees: ['Itzik Reich', 'Noa Cohen'],
    evidence: 'When is this required by them?',
  };
  outbox = await planOutputs({
    env: source.env,
    ex: { ...source.ex, meetings: [meeting] },
    notePath: NOTE,
    config: fixtureConfig,
    existing: new Set(),
  });
});

function outboxFile(ext: string): string {
  const op = outbox.find((o) => o.op === 'write_outbox' && o.path.endsWith(ext) && !o.path.endsWith('.prompt.json'));
  if (op?.op !== 'write_outbox') throw new Error(`no ${ext} was planned`);
  return op.content;
}

function created(path: string): string {
  const op = ops.find((o) => o.op === 'create_note' && o.path === path);
  if (op?.op !== 'create_note') throw new Error(`${path} was not planned`);
  return op.content;
}

describe('approved output', () => {
  it('a rendered source note', () => {
    verify('source-note', created(NOTE));
  });

  it('an entity page', () => {
    verify('entity-page', created('People/Itzik Reich/README.md'));
  });

  it('task lines, every status and field', () => {
    const [task] = source.ex.tasks;
    if (!task) throw new Error('the fixture has a task');
    const lines = (['proposed', 'open', 'in_progress', 'done', 'rejected'] as const).map((status, i) =>
      renderTaskLine(
        { ...task, status, due: i % 2 === 0 ? '2026-01-09' : null, priority: i === 0 ? 'high' : null },
        { tags: i === 1 ? ['gdc'] : [] },
      ),
    );
    verify('task-lines', `${lines.join('\n')}\n`);
  });

  it('a reply draft (the offline outline)', () => {
    verify('draft', outboxFile('.md'));
  });

  it('a calendar invite', () => {
    verify('invite', outboxFile('.ics'), 'ics');
  });
});
