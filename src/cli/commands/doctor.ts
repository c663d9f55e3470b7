/** `distill doctor [--json] [--llm]`: vault checks (exit 1 on any defect) and, with --llm, the provider check. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { stateFindings } from '../../apply/health.ts';
import { addFindings, checkVault, type DoctorReport } from '../../entities/doctor.ts';
import { llmDoctor } from '../../llm/index.ts';
import type { Config } from '../../vault/config.ts';
import { EXIT_OK, EXIT_SOURCES_FAILED, openVault, printJson } from '../context.ts';
import { conversationFindings } from '../conversations.ts';
import { listVaultFiles, readVaultNotes } from '../vault-files.ts';

const LABELS: Record<keyof DoctorReport['counts'], string> = {
  'exact-duplicate': 'exact duplicate bullets within a section',
  'near-duplicate': 'near-duplicate facts within a section',
  'truncated-timeline': 'truncated timeline lines',
  'empty-link': 'empty [[]] links',
  'dangling-link': 'links that resolve to no file',
  'generic-entity': 'entities named by a generic label',
  'missing-note': 'ledger entries whose note is gone',
  'missing-source': 'ledger entries whose archived original is gone',
  'interrupted-run': 'interrupted runs waiting for recovery',
  'broken-git-index': 'git index problems (stale entries, leftover locks)',
  'split-conversation': 'notes that look like one conversation split in two',
  'junk-name': 'people named with a word or title glued on ("Jeff Denworth Why")',
  'reversed-name': 'people named in reversed order ("Berube Sebastien")',
  'duplicate-person': 'one person on two pages (nickname, typo or misheard name)',
  'organisation-as-person': 'organisations filed as people',
};

/** Every check: the notes and pages, and Distill's state against the vault (ledger, journal, git index). */
export function doctorReport(root: string, config: Config): DoctorReport {
  const otherFiles = listVaultFiles(root, '', { skip: (n) => n === 'node_modules' });
  const report = checkVault(readVaultNotes(root), config, { otherFiles });
  return addFindings(report, stateFindings(root));
}

export function formatReport(r: DoctorReport, limit = 20): string {
  const lines = [
    `entities: ${r.entities.total} (${r.entities.person} people, ${r.entities.account} accounts, ${r.entities.project} projects); ${r.files_checked} notes checked`,
  ];
  for (const [k, label] of Object.entries(LABELS) as [keyof DoctorReport['counts'], string][]) {
    const n = r.counts[k];
    lines.push(`${n === 0 ? pc.green('ok  ') : pc.red('FAIL')} ${String(n).padStart(4)} ${label}`);
  }
  for (const f of r.findings.slice(0, limit)) lines.push(`  ${f.check}: ${f.path}: ${f.detail.slice(0, 160)}`);
  if (r.findings.length > limit) lines.push(`  … ${r.findings.length - limit} more (--json lists all)`);
  return `${lines.join('\n')}\n`;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description(
      'check the vault for duplicate facts, truncated timelines, broken links, generic and junk entities (fragments, reversed names, one person twice, organisations as people), ledger entries without notes, interrupted runs, a broken git index and notes that look like one conversation split in two (exit 1 on any)',
    )
    .option('--json', 'the full report as JSON')
    .option('--llm', 'also check the configured LLM provider: key, endpoint, models')
    .action(async (o: { json?: boolean; llm?: boolean }) => {
      const { root, config } = openVault({ vault: program.opts().vault });
      const report = addFindings(doctorReport(root, config), await conversationFindings(root));
      const llm = o.llm ? await llmDoctor(config) : null;
      if (o.json) printJson(llm ? { ...report, llm } : report);
      else {
        process.stdout.write(formatReport(report));
        if (llm) process.stdout.write(`${llm.lines.join('\n')}\n`);
      }
      setExit(report.defects > 0 || (llm && !llm.ok) ? EXIT_SOURCES_FAILED : EXIT_OK);
    });
}
