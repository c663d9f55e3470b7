/**
 * `Tasks.md`: a query-only dashboard. Tasks live only in their source notes; this page holds Tasks-plugin queries and
 * never a copy of a task (the old system copied every task into an inbox file, so each appeared twice).
 */
import { OWNER } from '../core/owner.ts';
import type { Config } from '../vault/config.ts';

export { tasksPluginConfig } from './tasks-plugin-config.ts';

function query(lines: string[]): string {
  return ['```tasks', ...lines, '```'].join('\n');
}

export function tasksDashboard(config: Config): string {
  const scope = [`path includes ${config.folders.meetings}/`, 'tags include #task'];
  const owner = config.owner.name && config.owner.name !== OWNER ? config.owner.name : null;
  const mine = owner
    ? `(description includes @Myself) OR (description includes @${owner})`
    : 'description includes @Myself';
  const notMine = owner
    ? ['description does not include @Myself', `description does not include @${owner}`]
    : ['description does not include @Myself'];
  const sections: [string, string, string[]][] = [
    [
      'Proposed for Review',
      'Extracted by Distill and waiting for you: `distill tasks accept|reject <id>`, or click the checkbox to accept.',
      [...scope, 'status.name includes Proposed', 'group by filename', 'sort by priority', 'sort by due'],
    ],
    [
      'Mine',
      'Accepted tasks you own.',
      [
        ...scope,
        'not done',
        'status.type is not CANCELLED',
        'status.name does not include Proposed',
        mine,
        'sort by due',
        'sort by priority',
      ],
    ],
    [
      'Waiting on Others',
      'Accepted tasks someone else owns (unassigned `@TBD` tasks are left out).',
      [
        ...scope,
        'not done',
        'status.type is not CANCELLED',
        'status.name does not include Proposed',
        ...notMine,
        'description does not include @TBD',
        'group by filename',
        'sort by due',
      ],
    ],
    [
      'Overdue',
      'Open tasks past their due date.',
      [...scope, 'not done', 'status.type is not CANCELLED', 'due before today', 'sort by due'],
    ],
    ['Done Recently', 'Completed in the last 7 days.', [...scope, 'done after 7 days ago', 'sort by done reverse']],
  ];
  const body = sections.map(([heading, note, lines]) => `## ${heading}\n\n${note}\n\n${query(lines)}\n`).join('\n');
  return `---\ntype: dashboard\ntags: [distill/dashboard]\n---\n# Tasks\n\nQueries only: every task lives in its source note under \`${config.folders.meetings}/\`. Needs the Obsidian Tasks plugin (with the status settings \`distill init\` installs).\n\n${body}`;
}
