/**
 * The Obsidian Tasks plugin settings Distill's task lines rely on (`.obsidian/plugins/obsidian-tasks-plugin/data.json`,
 * `statusSettings` as the plugin stores it: `coreStatuses` and `customStatuses`, each
 * `{ symbol, name, nextStatusSymbol, availableAsCommand, type }`). Without `?` and `R` registered, the plugin shows
 * proposed and rejected tasks as plain "Todo" and the dashboard's `status.name includes Proposed` finds nothing.
 */

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
        { symbol: ' ', name: 'Todo', nextStatusSymbol: 'x', availableAsCommand: true, type: 'TODO' },
        { symbol: 'x', name: 'Done', nextStatusSymbol: ' ', availableAsCommand: true, type: 'DONE' },
      ],
      customStatuses: [
        // Clicking a proposed task accepts it (Todo); it is not work yet, so it is typed TODO but named apart.
        { symbol: '?', name: 'Proposed', nextStatusSymbol: ' ', availableAsCommand: true, type: 'TODO' },
        { symbol: '/', name: 'In Progress', nextStatusSymbol: 'x', availableAsCommand: true, type: 'IN_PROGRESS' },
        { symbol: 'R', name: 'Rejected', nextStatusSymbol: '?', availableAsCommand: true, type: 'CANCELLED' },
        { symbol: '-', name: 'Cancelled', nextStatusSymbol: ' ', availableAsCommand: true, type: 'CANCELLED' },
      ],
    },
    setDoneDate: true,
    taskFormat: 'tasksPluginEmoji',
  };
}
