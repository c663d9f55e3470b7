/** `distill parse <file>`: what the adapters make of one file, so anyone can check an adapter on their own file. */
import path from 'node:path';
import type { Command } from 'commander';
import { fingerprint } from '../../ingest/conversation.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { IngestError, ingestFile } from '../../ingest/index.ts';
import { EXIT_OK, EXIT_SOURCES_FAILED, fail, printJson } from '../context.ts';

/** The envelope with the conversation it belongs to: copies of one thread or meeting share `conversation.key`
 * in the usual case (`keys` are what the ledger indexes to find the conversation again). */
function withConversation(e: SourceEnvelope): SourceEnvelope & { conversation: { key: string; keys: string[] } } {
  const f = fingerprint(e);
  return { ...e, conversation: { key: f.key, keys: f.keys } };
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('parse <file>')
    .description(
      'print the source envelope(s) an adapter makes of a file (messages, turns, participants, date, conversation)',
    )
    .option('--json', 'the envelope as JSON (default: a readable summary)')
    .option('--text', 'include the normalised text in the summary')
    .action(async (file: string, o: { json?: boolean; text?: boolean }) => {
      try {
        const envs = await ingestFile(path.resolve(file), { displayPath: file });
        if (o.json) {
          const out = envs.map(withConversation);
          printJson(out.length === 1 ? out[0] : out);
        } else {
          for (const e of envs) {
            const lines = [
              `${e.path}  [${e.kind}/${e.format}]`,
              `  title:        ${e.title}`,
              `  date:         ${e.date ?? '(unknown)'} (from ${e.date_source})`,
              `  source_id:    ${e.source_id}`,
              `  conversation: ${fingerprint(e).key}`,
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
