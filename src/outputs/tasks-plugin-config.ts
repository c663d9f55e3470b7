/**
 * The Obsidian Tasks plugin settings Distill's task lines rely on (`.obsidian/plugins/obsidian-tasks-plugin/data.json`,
 * `statusSettings` as the plugin stores it: `coreStatuses` and `customStatuses`, each
 * `{ symbol, name, nextStatusSymbol, availableAsCommand, type }`). Without `?` and `R` registered, the plugin shows
 * proposed and rejected tasks as plain "Todo" and the dashboard's `status.name includes Proposed` finds nothing.
 * The symbols are the task-line grammar's (`STATUS_CHAR`), so the plugin and Distill read a checkbox the same way.
 */
import { STATUS_CHAR } from '../core/task-line.ts';

const S = STATUS_CHAR;

export interface TasksStatus {
  symbol: string;
  name: string;
  nextStatusSymbol: string;
  availableAsCommand: boolean;
  type: 'TODO' | 'DONE' | 'IN_PROGRESS' | 'CANCELLED' | 'NON_TASK' | 'ON_HOLD';
}

export interface TasksPluginConfig {
  statusSettings: { coreStatuses: TasksStatus[]; customStatuses: TasksStatus[] };
  /** The plugin writes `✅ YYYY-MM-DD` on completion, as `distill tasks done` does. */
  setDoneDate: boolean;
  taskFormat: 'tasksPluginEmoji';
}

export function tasksPluginConfig(): TasksPluginConfig {
  return {
    statusSettings: {
      coreStatuses: [
        { symbol: S.open, name: 'Todo', nextStatusSymbol: S.done, availableAsCommand: true, type: 'TODO' },
        { symbol: S.done, name: 'Done', nextStatusSymbol: S.open, availableAsCommand: true, type: 'DONE' },
      ],
      customStatuses: [
        // Clicking a proposed task accepts it (Todo); it is not work yet, so it is typed TODO but named apart.
        { symbol: S.proposed, name: 'Proposed', nextStatusSymbol: S.open, availableAsCommand: true, type: 'TODO' },
        {
          symbol: S.in_progress,
          name: 'In Progress',
          nextStatusSymbol: S.done,
          availableAsCommand: true,
          type: 'IN_PROGRESS',
        },
        {
          symbol: S.rejected,
          name: 'Rejected',
          nextStatusSymbol: S.proposed,
          availableAsCommand: true,
          type: 'CANCELLED',
        },
        // The plugin's own Cancelled, which the grammar reads as rejected.
        { symbol: '-', name: 'Cancelled', nextStatusSymbol: S.open, availableAsCommand: true, type: 'CANCELLED' },
      ],
    },
    setDoneDate: true,
    taskFormat: 'tasksPluginEmoji',
  };
}
