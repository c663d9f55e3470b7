/** `distill extract <file>`: the offline extraction of one file, so anyone can see what the rules make of it. */
import path from 'node:path';
import type { Command } from 'commander';
import { diskSnapshot, loadRegistry } from '../../app/vault-read.ts';
import { knownEntities } from '../../entities/registry.ts';
import { loadNlp } from '../../extract/nlp-host.ts';
import { extractOffline } from '../../extract/offline/index.ts';
import type { Extraction } from '../../extract/schema.ts';
import { IngestError, ingestFile } from '../../ingest/index.ts';
import { EXIT_OK, EXIT_SOURCES_FAILED, fail, type GlobalOptions, openVault, printJson } from '../context.ts';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function render(ex: Extraction, file: string): string {
  const lines = [
    `${file}`,
    `  title:        ${ex.title}`,
    `  date:         ${ex.date ?? '(unknown)'}`,
    `  participants: ${ex.participants.map((p) => p.name).join(', ') || '(none)'}`,
    `  summary:      ${ex.summary || '(none)'}`,
    `  tasks:        ${ex.tasks.length}`,
    ...ex.tasks.map(
      (t) =>
        `    - ${t.text} @${t.owner ?? 'TBD'}${t.due ? ` due ${t.due}` : ''}${t.priority ? ` [${t.priority}]` : ''}`,
    ),
    `  decisions:    ${ex.decisions.length}`,
    ...ex.decisions.map((d) => `    - ${d.text}`),
    `  facts:        ${ex.facts.length}`,
    ...ex.facts.map((f) => `    - ${f.text}${f.about ? ` (about ${f.about})` : ''}`),
    `  mentions:     ${ex.mentions.map((m) => `${m.name} (${m.kind})`).join(', ') || '(none)'}`,
    ...(ex.reply
      ? [
          `  reply:        ${ex.reply.needed ? `needed, ${ex.reply.urgency}` : 'not needed'} (${ex.reply.reasons.join('; ')})`,
        ]
      : []),
    ...ex.meetings.map((m) => `  meeting:      ${m.start}${m.end ? ` - ${m.end}` : ''} ${m.title}`),
    ...ex.warnings.map((w) => `  warning:      ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('extract <file>')
    .description('print the offline extraction of one file (title, participants, tasks, decisions, facts, mentions)')
    .option('--json', 'the extraction as JSON')
    .action(async (file: string, o: { json?: boolean }, cmd: Command) => {
      const vault = openVault(cmd.optsWithGlobals() as GlobalOptions, { requireConfig: false });
      try {
        const envs = await ingestFile(path.resolve(file), { displayPath: file });
        // The same known entities `distill run` gives the extractor, so both print the same mentions.
        const known = knownEntities(loadRegistry(vault.root, vault.config, diskSnapshot(vault.root)));
        const ctx = { config: vault.config, known, today: today() };
        // wink-nlp and chrono load here now, while compromise finishes loading in its thread
        loadNlp();
        const extractions = envs.map((env) => extractOffline(env, ctx));
        if (o.json) printJson(extractions.length === 1 ? extractions[0] : extractions);
        else for (const ex of extractions) process.stdout.write(render(ex, file));
        setExit(EXIT_OK);
      } catch (e) {
        fail(e instanceof IngestError ? e.message : `${file}: ${(e as Error).message}`);
        setExit(EXIT_SOURCES_FAILED);
      }
    });
}
