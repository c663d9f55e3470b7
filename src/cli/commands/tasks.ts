import type { Command } from 'commander';
import pc from 'picocolors';
import { applyEdits } from '../../app/edits.ts';
import { ownerNames } from '../../core/owner.ts';
import { isTaskStatus, STATUS_CHAR, TASK_STATUSES, type TaskStatus } from '../../core/task-line.ts';
import type { VaultFile } from '../../core/vault-file.ts';
import { filterTasks, planTaskEdit, planTaskStatus, scanTasks } from '../../outputs/task-actions.ts';
import type { Config } from '../../vault/config.ts';
import { EXIT_OK, EXIT_SOURCES_FAILED, fail, info, openVault, printJson, UsageError } from '../context.ts';
import { readVaultFiles } from '../vault-files.ts';

function sourceNotes(root: string, config: Config): VaultFile[] {
  return readVaultFiles(root, config.folders.meetings);
}

export function register(program: Command, setExit: (code: number) => void): void {
  const vaultOf = () => openVault({ vault: program.opts().vault });
  const tasks = program
    .command('tasks')
    .description('review the tasks in your source notes (Obsidian Tasks lines with an 🆔)');

  tasks
    .command('list')
    .description('list tasks, newest notes last')
    .option('--status <status>', 'proposed | open | in_progress | done | rejected | all', 'all')
    .option('--owner <name>', 'only tasks owned by this person ("me" for yours)')
    .option('--json', 'machine-readable list')
    .action((o: { status: string; owner?: string; json?: boolean }) => {
      const { root, config } = vaultOf();
      if (o.status !== 'all' && !isTaskStatus(o.status)) {
        throw new UsageError(`--status must be one of ${[...TASK_STATUSES, 'all'].join(', ')} (got "${o.status}")`);
      }
      const found = filterTasks(scanTasks(sourceNotes(root, config)), {
        status: o.status as TaskStatus | 'all',
        ...(o.owner ? { owner: o.owner } : {}),
        ownerNames: ownerNames(config),
      });
      if (o.json) {
        printJson(
          found.map(({ id, status, text, owner, due, done, priority, tags, path: p }) => ({
            id,
            status,
            text,
            owner,
            due,
            done,
            priority,
            tags,
            path: p,
          })),
        );
      } else if (found.length === 0) {
        info('no tasks match');
      } else {
        for (const t of found) {
          const meta = [t.owner ? `@${t.owner}` : '', t.due ? `📅 ${t.due}` : ''].filter(Boolean).join(' ');
          process.stdout.write(
            `${pc.dim(t.id)}  [${STATUS_CHAR[t.status]}] ${t.text}${meta ? ` ${pc.cyan(meta)}` : ''}  ${pc.dim(t.path)}\n`,
          );
        }
      }
      setExit(EXIT_OK);
    });

  const change = (name: string, status: TaskStatus, what: string) =>
    tasks
      .command(`${name} <ids...>`)
      .description(what)
      .option('--dry-run', 'show the lines that would change and write nothing')
      .option('--json', 'machine-readable result')
      .action((ids: string[], o: { dryRun?: boolean; json?: boolean }) => {
        const { root, config } = vaultOf();
        const r = planTaskStatus(sourceNotes(root, config), ids, status);
        const { applied } = applyEdits(
          root,
          config,
          r.ops,
          `distill tasks ${name} ${r.changes.map((c) => c.id).join(' ')}`,
          { dryRun: !!o.dryRun },
        );
        if (o.json) {
          printJson({
            dry_run: !!o.dryRun,
            status,
            changed: r.changes,
            unchanged: r.unchanged,
            missing: r.missing,
            commit: applied?.commit ?? null,
          });
        } else {
          for (const c of r.changes)
            info(`${o.dryRun ? 'would change' : 'changed'} ${c.id} in ${c.path}\n  - ${c.before}\n  + ${c.after}`);
          for (const id of r.unchanged) info(`${id} is already ${status}`);
        }
        for (const id of r.missing) fail(`no task with id ${id} under ${config.folders.meetings}/`);
        setExit(r.missing.length > 0 ? EXIT_SOURCES_FAILED : EXIT_OK);
      });

  tasks
    .command('edit <id>')
    .description("change a task's owner, due date or text in place (status, id and tags stay)")
    .option('--owner <name>', 'new owner ("none" removes it)')
    .option('--due <date>', 'new due date, YYYY-MM-DD ("none" removes it)')
    .option('--text <text>', 'new task text')
    .option('--dry-run', 'show the line that would change and write nothing')
    .option('--json', 'machine-readable result')
    .action((id: string, o: { owner?: string; due?: string; text?: string; dryRun?: boolean; json?: boolean }) => {
      if (o.owner === undefined && o.due === undefined && o.text === undefined)
        throw new UsageError('tasks edit needs --owner, --due or --text');
      if (o.due !== undefined && o.due !== 'none' && !/^\d{4}-\d{2}-\d{2}$/.test(o.due))
        throw new UsageError(`--due must be YYYY-MM-DD or none, not "${o.due}"`);
      const { root, config } = vaultOf();
      const r = planTaskEdit(sourceNotes(root, config), id, {
        ...(o.owner !== undefined ? { owner: o.owner === 'none' ? null : o.owner } : {}),
        ...(o.due !== undefined ? { due: o.due === 'none' ? null : o.due } : {}),
        ...(o.text !== undefined ? { text: o.text } : {}),
      });
      if (!r.found) {
        fail(`no task with id ${id} under ${config.folders.meetings}/`);
        setExit(EXIT_SOURCES_FAILED);
        return;
      }
      const { applied } = applyEdits(root, config, r.ops, `distill tasks edit ${id}`, { dryRun: !!o.dryRun });
      if (o.json) printJson({ dry_run: !!o.dryRun, changed: r.change, commit: applied?.commit ?? null });
      else if (r.change)
        info(
          `${o.dryRun ? 'would change' : 'changed'} ${id} in ${r.change.path}\n  - ${r.change.before}\n  + ${r.change.after}`,
        );
      else info(`${id} already reads that way`);
      setExit(EXIT_OK);
    });

  change('accept', 'open', 'accept proposed tasks ([?] -> [ ], #proposed removed)');
  change('reject', 'rejected', 'reject proposed tasks ([R]); the line stays so a re-run does not propose it again');
  change('done', 'done', 'complete tasks ([x] with ✅ today)');
  change('start', 'in_progress', 'mark tasks in progress ([/])');
}
