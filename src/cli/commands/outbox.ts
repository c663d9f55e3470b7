/** `distill outbox list|show|approve|discard`: review reply drafts and invites; approving writes a `.eml`. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { applyPlan } from '../../apply/index.ts';
import type { VaultFile } from '../../core/vault-file.ts';
import { approveDraft, discardDraft, listOutbox, OutboxError } from '../../outputs/outbox.ts';
import { editPlan } from '../../plan/change-plan.ts';
import type { Config } from '../../vault/config.ts';
import { EXIT_OK, info, openVault, printJson, UsageError } from '../context.ts';
import { readVaultFiles } from '../vault-files.ts';

const OUTBOX_EXT = ['.md', '.ics', '.eml', '.json'];

/** A file named by vault path, outbox-relative path, or draft name without `.md`; must be inside the outbox. */
export function resolveOutboxFile(root: string, config: Config, name: string): VaultFile {
  const outbox = config.folders.outbox;
  const abs = path.resolve(root, name);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  const candidates = [rel, `${outbox}/${name}`, `${rel}.md`, `${outbox}/${name}.md`].map((c) => c.replace(/^\.\//, ''));
  for (const c of candidates) {
    if (!c.startsWith(`${outbox}/`) || c.split('/').includes('..')) continue;
    const file = path.join(root, ...c.split('/'));
    if (existsSync(file)) return { path: c, content: readFileSync(file, 'utf8') };
  }
  throw new UsageError(`no such file in ${outbox}/: ${name} (see \`distill outbox list\`)`);
}

function explain<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof OutboxError) throw new UsageError(e.message);
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
      const f = resolveOutboxFile(root, config, file);
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
      const f = resolveOutboxFile(root, config, file);
      const { ops, emlPath, eml } = explain(() => approveDraft(f, config));
      const applied = o.dryRun
        ? null
        : applyPlan(root, editPlan(ops), { config, message: `distill outbox approve ${f.path}` });
      if (o.json)
        printJson({
          dry_run: !!o.dryRun,
          draft: f.path,
          eml: emlPath,
          commit: applied?.commit ?? null,
          ...(o.dryRun ? { message: eml } : {}),
        });
      else if (o.dryRun) process.stdout.write(eml.replace(/\r\n/g, '\n'));
      else info(`approved ${f.path}\nwrote ${emlPath}: open it in your mail client to send`);
      setExit(EXIT_OK);
    });

  outbox
    .command('discard <file>')
    .description('mark a draft discarded (the file stays, so a re-run does not draft it again)')
    .option('--dry-run', 'write nothing')
    .option('--json', 'machine-readable result')
    .action((file: string, o: { dryRun?: boolean; json?: boolean }) => {
      const { root, config } = vaultOf();
      const f = resolveOutboxFile(root, config, file);
      const ops = explain(() => discardDraft(f));
      const applied =
        ops.length > 0 && !o.dryRun
          ? applyPlan(root, editPlan(ops), { config, message: `distill outbox discard ${f.path}` })
          : null;
      if (o.json)
        printJson({ dry_run: !!o.dryRun, draft: f.path, changed: ops.length > 0, commit: applied?.commit ?? null });
      else
        info(
          ops.length === 0 ? `${f.path} is already discarded` : `${o.dryRun ? 'would discard' : 'discarded'} ${f.path}`,
        );
      setExit(EXIT_OK);
    });
}
