/** `distill outbox list|show|approve|discard`: review reply drafts and invites; approving writes a `.eml`. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { approveOutbox, discardOutbox, resolveOutboxFile } from '../../app/approve.ts';
import { RequestError } from '../../app/errors.ts';
import { listOutbox } from '../../outputs/outbox.ts';
import { EXIT_OK, info, openVault, printJson, UsageError } from '../context.ts';
import { readVaultFiles } from '../vault-files.ts';

const OUTBOX_EXT = ['.md', '.ics', '.eml', '.json'];

/** The app's refusals (no such draft, not a draft, no recipient) are the user's to fix: one line, exit 2. */
function request<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(e.message);
    throw e;
  }
}

export function register(program: Command, setExit: (code: number) => void): void {
  const vaultOf = () => openVault({ vault: program.opts().vault });
  const outbox = program
    .command('outbox')
    .description('reply drafts, calendar invites and approved mail waiting in Outbox/');

  outbox
    .command('list')
    .description('list drafts (with status, urgency, recipient), invites and approved mail')
    .option('--status <status>', 'draft | approved | discarded | all (drafts only)', 'all')
    .option('--json', 'machine-readable list')
    .action((o: { status: string; json?: boolean }) => {
      const { root, config } = vaultOf();
      if (!['draft', 'approved', 'discarded', 'all'].includes(o.status))
        throw new UsageError(`--status must be draft, approved, discarded or all (got "${o.status}")`);
      const entries = listOutbox(readVaultFiles(root, config.folders.outbox, { ext: OUTBOX_EXT }), {
        status: o.status,
      });
      if (o.json) printJson(entries);
      else if (entries.length === 0) info(`nothing in ${config.folders.outbox}/`);
      else {
        for (const e of entries) {
          const tag =
            e.kind === 'draft' ? `${e.status ?? '?'}${e.urgency === 'urgent' ? pc.red(' urgent') : ''}` : e.kind;
          const detail =
            e.kind === 'draft'
              ? `${e.subject ?? ''} ${pc.dim(`-> ${e.to ?? '?'}`)}`
              : e.kind === 'invite'
                ? `${e.subject ?? ''} ${pc.dim(e.status ?? '')}`
                : pc.dim(e.to ?? '');
          process.stdout.write(`${pc.cyan(`[${tag}]`)} ${e.path}\n    ${detail}\n`);
        }
      }
      setExit(EXIT_OK);
    });

  outbox
    .command('show <file>')
    .description('print a draft, invite or message')
    .option('--json', 'the parsed entry and the text')
    .action((file: string, o: { json?: boolean }) => {
      const { root, config } = vaultOf();
      const f = request(() => resolveOutboxFile(root, config, file));
      if (o.json) printJson({ ...listOutbox([f])[0], content: f.content });
      else process.stdout.write(f.content.endsWith('\n') ? f.content : `${f.content}\n`);
      setExit(EXIT_OK);
    });

  outbox
    .command('approve <file>')
    .description('mark a draft approved and write <same name>.eml to open in your mail client')
    .option('--dry-run', 'build the message and show it, write nothing')
    .option('--json', 'machine-readable result')
    .action((file: string, o: { dryRun?: boolean; json?: boolean }) => {
      const { root, config } = vaultOf();
      const r = request(() => approveOutbox(root, config, file, { dryRun: !!o.dryRun }));
      if (o.json)
        printJson({
          dry_run: !!o.dryRun,
          draft: r.draft,
          eml: r.emlPath,
          commit: r.commit,
          edits_commit: r.edits_commit,
          ...(o.dryRun ? { message: r.eml } : {}),
        });
      else if (o.dryRun) process.stdout.write(r.eml.replace(/\r\n/g, '\n'));
      else info(`approved ${r.draft}\nwrote ${r.emlPath}: open it in your mail client to send`);
      setExit(EXIT_OK);
    });

  outbox
    .command('discard <file>')
    .description('mark a draft discarded (the file stays, so a re-run does not draft it again)')
    .option('--dry-run', 'write nothing')
    .option('--json', 'machine-readable result')
    .action((file: string, o: { dryRun?: boolean; json?: boolean }) => {
      const { root, config } = vaultOf();
      const r = request(() => discardOutbox(root, config, file, { dryRun: !!o.dryRun }));
      if (o.json) printJson({ dry_run: !!o.dryRun, ...r });
      else
        info(!r.changed ? `${r.draft} is already discarded` : `${o.dryRun ? 'would discard' : 'discarded'} ${r.draft}`);
      setExit(EXIT_OK);
    });
}
