/** `distill parse <file>`: what the adapters make of one file, so anyone can check an adapter on their own file. */
import path from 'node:path';
import type { Command } from 'commander';
import { IngestError, ingestFile } from '../../ingest/index.ts';
import { EXIT_OK, EXIT_SOURCES_FAILED, fail, printJson } from '../context.ts';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('parse <file>')
    .description('print the source envelope(s) an adapter makes of a file (messages, turns, participants, date)')
    .option('--json', 'the envelope as JSON (default: a readable summary)')
    .option('--text', 'include the normalised text in the summary')
    .action(async (file: string, o: { json?: boolean; text?: boolean }) => {
      try {
        const envs = await ingestFile(path.resolve(file), { displayPath: file });
        if (o.json) {
          printJson(envs.length === 1 ? envs[0] : envs);
        } else {
          for (const e of envs) {
            const lines = [
              `${e.path}  [${e.kind}/${e.format}]`,
              `  title:        ${e.title}`,
              `  date:         ${e.date ?? '(unknown)'} (from ${e.date_source})`,
              `  source_id:    ${e.source_id}`,
              `  participants: ${e.participants.map((p) => (p.email ? `${p.name} <${p.email}>` : p.name)).join(', ') || '(none)'}`,
              ...(e.kind === 'email'
                ? e.messages.map(
                    (m, i) =>
                      `  message ${i + 1}: ${m.date} ${m.from.name}${m.from.email ? ` <${m.from.email}>` : ''}: ${m.subject}`,
                  )
                : []),
              ...(e.kind === 'transcript'
                ? [
                    `  turns:        ${e.turns.length} (${e.turns.filter((t) => t.generic).length} with generic speaker labels)`,
                    `  speakers:     ${[...new Set(e.turns.map((t) => t.speaker))].join(', ')}`,
                  ]
                : []),
              ...(e.prior_summary
                ? [
                    `  prior summary: yes (${e.prior_summary.tasks.length} tasks, ${e.prior_summary.tasks.filter((t) => t.done).length} done)`,
                  ]
                : []),
              ...e.warnings.map((w) => `  warning:      ${w}`),
              ...(o.text ? ['', e.text] : []),
            ];
            process.stdout.write(`${lines.join('\n')}\n`);
          }
        }
        setExit(EXIT_OK);
      } catch (e) {
        fail(e instanceof IngestError ? e.message : `${file}: ${(e as Error).message}`);
        setExit(EXIT_SOURCES_FAILED);
      }
    });
}
