/** `distill brief <person|account>`: the page to read before a meeting; printed, or written with `--write`. */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { briefText, buildBrief } from '../../app/brief.ts';
import { briefOperation, briefPath, editOnlyPlan } from '../../app/brief-plan.ts';
import { EntityLookupError, readBriefView } from '../../app/brief-read.ts';
import { applyPlan } from '../../apply/index.ts';
import { localDate } from '../../core/task-line.ts';
import { vaultFile } from '../../vault/paths.ts';
import { EXIT_OK, info, openVault, printJson, UsageError } from '../context.ts';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('brief <name...>')
    .description(
      'before a meeting: who they are, last interactions, open tasks both ways, decisions, key facts, drafts waiting',
    )
    .option('--write', 'also write Briefs/<date> <name>.md (journalled and committed; distill undo removes it)')
    .option('--date <YYYY-MM-DD>', 'the day the brief is for (default: today)')
    .option('--json', 'machine-readable brief')
    .action((words: string[], o: { write?: boolean; date?: string; json?: boolean }) => {
      const { root, config } = openVault({ vault: program.opts().vault });
      const date = o.date ?? localDate();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD (got "${date}")`);
      let read: ReturnType<typeof readBriefView>;
      try {
        read = readBriefView(root, config, words.join(' '));
      } catch (e) {
        if (e instanceof EntityLookupError) throw new UsageError(e.message);
        throw e;
      }
      const { view, entity } = read;
      const brief = buildBrief(entity, view, config, date);
      let written: { path: string; run_id: string; commit: string | null } | null = null;
      if (o.write) {
        const target = briefPath(brief, config);
        const abs = vaultFile(root, target);
        const op = briefOperation(brief, config, existsSync(abs) ? readFileSync(abs, 'utf8') : null);
        const applied = applyPlan(root, editOnlyPlan([op]), {
          config,
          message: `distill brief ${entity.name} ${date}`,
        });
        written = { path: target, run_id: applied.run_id, commit: applied.commit };
      }
      if (o.json) printJson({ ...brief, written });
      else {
        process.stdout.write(briefText(brief));
        if (written) info(`wrote ${written.path} (undo: distill undo ${written.run_id})`);
      }
      setExit(EXIT_OK);
    });
}
