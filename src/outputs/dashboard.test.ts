import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../vault/config.ts';
import { listSections } from '../vault/markdown.ts';
import { tasksDashboard, tasksPluginConfig } from './dashboard.ts';
import { ownerConfig } from './testing/threads.ts';

function queries(md: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of listSections(md).filter((x) => x.depth === 2)) {
    const body = md.slice(s.bodyStart, s.end);
    out[s.heading] = (/```tasks\n([\s\S]*?)\n```/.exec(body)?.[1] ?? '').split('\n');
  }
  return out;
}

describe('tasksDashboard', () => {
  it('has the four review queries, each scoped to the source notes and #task', () => {
    const q = queries(tasksDashboard(defaultConfig()));
    expect(Object.keys(q)).toEqual(['Proposed for Review', 'Mine', 'Waiting on Others', 'Overdue', 'Done Recently']);
    for (const lines of Object.values(q))
      expect(lines.slice(0, 2)).toEqual(['path includes Meetings/', 'tags include #task']);
    expect(q['Proposed for Review']).toContain('status.name includes Proposed');
    expect(q.Mine).toContain('description includes @Myself');
    expect(q['Waiting on Others']).toEqual(
      expect.arrayContaining(['description does not include @Myself', 'description does not include @TBD', 'not done']),
    );
    expect(q.Overdue).toEqual(expect.arrayContaining(['due before today', 'not done']));
  });

  it("follows the configured meetings folder and counts the owner's full name as mine", () => {
    const md = tasksDashboard(ownerConfig('folders:\n  meetings: Notes\n'));
    expect(md).toContain('path includes Notes/');
    expect(queries(md).Mine).toContain('(description includes @Myself) OR (description includes @Jason Vallery)');
  });
});

describe('tasksPluginConfig', () => {
  it("registers ? as Proposed and R as Rejected in the plugin's statusSettings format", () => {
    const c = tasksPluginConfig();
    const all = [...c.statusSettings.coreStatuses, ...c.statusSettings.customStatuses];
    expect(all.find((s) => s.symbol === '?')).toEqual({
      symbol: '?',
      name: 'Proposed',
      nextStatusSymbol: ' ',
      availableAsCommand: true,
      type: 'TODO',
    });
    expect(all.find((s) => s.symbol === 'R')).toMatchObject({ name: 'Rejected', type: 'CANCELLED' });
    // Every next-status symbol is itself a registered status, so clicking never lands on an unknown one.
    const symbols = new Set(all.map((s) => s.symbol));
    for (const s of all) expect(symbols.has(s.nextStatusSymbol)).toBe(true);
    expect(new Set(all.map((s) => s.symbol)).size).toBe(all.length);
  });
});
