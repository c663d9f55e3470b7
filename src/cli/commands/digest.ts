/** `distill digest [--date D]`: write the day's digest note and print its path. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { applyPlan } from '../../apply/index.ts';
import { localDate } from '../../core/task-line.ts';
import { collectDigest, digestSections, renderDigest } from '../../outputs/digest.ts';
import { editPlan, type Operation } from '../../plan/change-plan.ts';
import { LEDGER_PATH, type Ledger, parseLedger } from '../../vault/ledger.ts';
import { getSection } from '../../vault/markdown.ts';
import { vaultFile } from '../../vault/paths.ts';
import { EXIT_OK, openVault, printJson, UsageError } from '../context.ts';
import { readVaultFiles } from '../vault-files.ts';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('digest')
    .description(
      'write Digests/<date>.md, one screen: what came in, the top 10 tasks due and new, drafts waiting, new entities, flags with reasons',
    )
    .option('--date <YYYY-MM-DD>', 'the day to summarise (default: today)')
    .option('--dry-run', 'print the digest, write nothing')
    .option('--json', 'machine-readable summary')
    .action((o: { date?: string; dryRun?: boolean; json?: boolean }) => {
      const { root, config } = openVault({ vault: program.opts().vault });
      const date = o.date ?? localDate();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(new Date(`${date}T00:00:00Z`).getTime())) {
        throw new UsageError(`--date must be YYYY-MM-DD (got "${date}")`);
      }
      const ledgerFile = path.join(root, ...LEDGER_PATH.split('/'));
      let ledger: Ledger;
      try {
        ledger = parseLedger(existsSync(ledgerFile) ? readFileSync(ledgerFile, 'utf8') : null);
      } catch (e) {
        throw new UsageError(`${LEDGER_PATH}: unreadable (${(e as Error).message.split('\n')[0]})`);
      }
      const f = config.folders;
      const notes = [f.meetings, f.people, f.accounts, f.projects].flatMap((d) => readVaultFiles(root, d));
      const outbox = readVaultFiles(root, f.outbox);
      const input = { date, ledger, notes, outbox, config };
      const content = renderDigest(input);
      const target = `${f.digests}/${date}.md`;
      const abs = vaultFile(root, target);
      let op: Operation;
      if (existsSync(abs)) {
        // Re-running regenerates Distill's sections; sections the user added to the digest are kept.
        const current = readFileSync(abs, 'utf8');
        op = {
          op: 'patch_note',
          path: target,
          base_sha: null,
          patches: digestSections(input).map(([heading, body]) => ({
            kind: 'replace_section' as const,
            heading,
            body,
            previous: getSection(current, heading) ?? '',
          })),
        };
      } else {
        op = { op: 'create_note', path: target, content };
      }
      const applied = o.dryRun ? null : applyPlan(root, editPlan([op]), { config, message: `distill digest ${date}` });
      if (o.json) {
        const d = collectDigest(input);
        printJson({
          path: target,
          date,
          dry_run: !!o.dryRun,
          commit: applied?.commit ?? null,
          came_in: d.cameIn.map((s) => s.note_path),
          new_entities: d.newEntities,
          changed_entities: d.changedEntities,
          tasks_proposed: d.proposed.map((t) => t.id),
          tasks_due: d.due.map((t) => t.id),
          drafts_waiting: d.drafts.map((x) => x.path),
          flagged: d.flagged.map((x) => x.path),
          flags: d.flagged.map((x) => ({ path: x.path, reasons: x.reasons })),
        });
      } else if (o.dryRun) process.stdout.write(content);
      else process.stdout.write(`${target}\n`);
      setExit(EXIT_OK);
    });
}
