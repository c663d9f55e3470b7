import { existsSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { applyPlan, diffOf, type PlanBases, withVaultLockAsync } from '../../apply/index.ts';
import { newRunId } from '../../core/run-id.ts';
import type { VaultFile } from '../../core/vault-file.ts';
import type { EntityKind } from '../../entities/entity.ts';
import { type Registry, uniqueSorted } from '../../entities/registry.ts';
import { registryFromFiles } from '../../entities/registry-files.ts';
import { entityStatePath, parseState } from '../../entities/state.ts';
import type { ChangePlan, Operation } from '../../plan/change-plan.ts';
import {
  EntityCommandError,
  type EntityPlan,
  findEntity,
  planAliasAdd,
  planDelete,
  planIgnore,
  planMergeMany,
  planRename,
} from '../../plan/entity-merge.ts';
import type { Config } from '../../vault/config.ts';
import { readFrontmatter } from '../../vault/frontmatter.ts';
import { sha256 } from '../../vault/hash.ts';
import { LEDGER_PATH, parseLedger, serialiseLedger } from '../../vault/ledger.ts';
import { vaultFile } from '../../vault/paths.ts';
import { EXIT_OK, info, openVault, printJson, UsageError, warn } from '../context.ts';
import { readVaultNotes } from '../vault-files.ts';

export function registryOf(files: VaultFile[], config: Config): Registry {
  return registryFromFiles(files, config, warn);
}

function kindOf(v: string | undefined): EntityKind | undefined {
  if (v === undefined) return undefined;
  if (v === 'person' || v === 'account' || v === 'project') return v;
  throw new UsageError(`--kind must be person, account or project (got ${v})`);
}

interface EditOpts {
  dryRun?: boolean;
  json?: boolean;
  allowDirty?: boolean;
}

/**
 * Entity folders the command emptied (a merged or deleted entity's folder once its page has moved out) are
 * removed, so People/ lists no folder without a page. Git does not track folders, so this is not part of the commit.
 */
function pruneEmptyFolders(root: string, folders: string[]): void {
  for (const f of folders) {
    const abs = vaultFile(root, f);
    if (existsSync(abs) && statSync(abs).isDirectory() && readdirSync(abs).length === 0) rmdirSync(abs);
  }
}

/** Folders of entities whose README this plan moves away. */
function vacatedFolders(plan: EntityPlan): string[] {
  return plan.operations.flatMap((op) =>
    op.op === 'archive_source' && /\/README\.md$/.test(op.from) && op.to.startsWith('.distill/')
      ? [op.from.slice(0, -'/README.md'.length)]
      : [],
  );
}

/**
 * The ledger with this command listed as a run, so a plain `distill undo` undoes the latest entity edit as it
 * undoes the latest run (undo restores the ledger, which drops the entry again). Null in a vault with no ledger.
 */
function ledgerWithRun(
  root: string,
  bases: PlanBases,
  result: EntityPlan,
  runId: string,
  created: string,
): Operation | null {
  const abs = vaultFile(root, LEDGER_PATH);
  if (!existsSync(abs)) return null;
  const text = readFileSync(abs, 'utf8');
  bases[LEDGER_PATH] = sha256(text);
  const ledger = parseLedger(text);
  const files = uniqueSorted(
    result.operations.flatMap((op) => (op.op === 'archive_source' ? [op.from, op.to] : [op.path])),
  );
  ledger.runs.push({
    run_id: runId,
    started: created,
    finished: created,
    sources: [],
    failed: [],
    files,
    commit: null,
    status: 'applied',
  });
  return { op: 'write_state', path: LEDGER_PATH, content: serialiseLedger(ledger) };
}

export function register(program: Command, setExit: (code: number) => void): void {
  const vaultOf = () => openVault({ vault: program.opts().vault });
  const guard = (fn: () => number) => {
    try {
      setExit(fn());
    } catch (e) {
      if (e instanceof EntityCommandError) throw new UsageError(e.message);
      throw e;
    }
  };

  /**
   * Plans and applies an entity edit under the vault lock, after crash recovery: the plan is made from the vault as
   * it is, and every file it read must still be as it was when the edit is written (another process's change is a
   * conflict, not an overwrite).
   */
  const edit = async (
    make: (reg: Registry, files: VaultFile[], config: Config) => EntityPlan,
    o: EditOpts,
    message: string,
  ): Promise<void> => {
    try {
      const { root, config } = vaultOf();
      const planOnce = () => {
        const files = readVaultNotes(root);
        const result = make(registryOf(files, config), files, config);
        const bases: PlanBases = Object.fromEntries(files.map((f) => [f.path, sha256(f.content)]));
        const runId = newRunId();
        const created = new Date().toISOString();
        const ledger = ledgerWithRun(root, bases, result, runId, created);
        const plan: ChangePlan = {
          run_id: runId,
          created,
          operations: [...result.operations, ...(ledger ? [ledger] : [])],
          sources: [],
          skipped: [],
          failed: [],
          warnings: [],
        };
        return { result, plan, bases };
      };
      const [result, applied] = o.dryRun
        ? (() => {
            const p = planOnce();
            return [p.result, applyPlan(root, p.plan, { dryRun: true, config, bases: p.bases })] as const;
          })()
        : await withVaultLockAsync(root, async (_recovered, lock) => {
            const p = planOnce();
            const a = applyPlan(root, p.plan, {
              message,
              allowDirty: !!o.allowDirty,
              config,
              lock,
              bases: p.bases,
            });
            pruneEmptyFolders(root, vacatedFolders(p.result));
            return [p.result, a] as const;
          });
      if (o.json)
        printJson({
          run_id: applied.run_id,
          dry_run: !!o.dryRun,
          entity: result.entity,
          summary: result.summary,
          files: applied.files,
          commit: applied.commit,
        });
      else {
        for (const line of result.summary) info(line);
        if (o.dryRun) process.stdout.write(diffOf(applied.changes));
        else
          info(
            `${applied.files.length} file(s) written in run ${applied.run_id}${applied.commit ? `; commit ${applied.commit.slice(0, 10)}` : ''}`,
          );
      }
      setExit(EXIT_OK);
    } catch (e) {
      if (e instanceof EntityCommandError) throw new UsageError(e.message);
      throw e;
    }
  };

  const entities = program.command('entities').description('the people, accounts and projects the vault knows');

  entities
    .command('list')
    .description('every entity: kind, name, aliases, emails')
    .option('--kind <kind>', 'person, account or project')
    .option('--json', 'machine-readable list')
    .action((o: { kind?: string; json?: boolean }) =>
      guard(() => {
        const { root, config } = vaultOf();
        const kind = kindOf(o.kind);
        const reg = registryOf(readVaultNotes(root), config);
        const list = reg.entities.filter((e) => !kind || e.kind === kind);
        if (o.json) printJson(list);
        else {
          for (const e of list) {
            const extra = [e.aliases.length ? `aka ${e.aliases.join(', ')}` : '', e.emails.join(', ')]
              .filter(Boolean)
              .join('; ');
            process.stdout.write(
              `${e.kind.padEnd(8)} ${e.name}${e.owner ? ' (you)' : ''}${extra ? `  ${extra}` : ''}\n`,
            );
          }
          info(`${list.length} entit${list.length === 1 ? 'y' : 'ies'}`);
        }
        return EXIT_OK;
      }),
    );

  entities
    .command('show <name>')
    .description('one entity: registry entry, page path, sources that contributed')
    .option('--json', 'machine-readable')
    .action((name: string, o: { json?: boolean }) =>
      guard(() => {
        const { root, config } = vaultOf();
        const files = readVaultNotes(root);
        const e = findEntity(registryOf(files, config), name);
        const page = files.find((f) => f.path === `${e.folder}/README.md`);
        const stateFile = files.find((f) => f.path === entityStatePath(e.id));
        const state = stateFile ? parseState(stateFile.content, stateFile.path) : null;
        const sources = Object.values(state?.contributions ?? {})
          .filter((c) => !c.legacy)
          .sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? 1 : -1))
          .map((c) => ({ source_id: c.source_id, date: c.date, note: c.note, gist: c.gist }));
        const lastContact = page ? (readFrontmatter(page.content).last_contact ?? null) : null;
        if (o.json) printJson({ entity: e, page: page?.path ?? null, last_contact: lastContact, sources });
        else {
          process.stdout.write(`${e.name} (${e.kind}, ${e.id})${e.owner ? ' — vault owner' : ''}\n`);
          if (e.aliases.length) process.stdout.write(`aliases: ${e.aliases.join(', ')}\n`);
          if (e.emails.length) process.stdout.write(`emails: ${e.emails.join(', ')}\n`);
          if (e.organisation) process.stdout.write(`organisation: ${e.organisation}\n`);
          if (e.role) process.stdout.write(`role: ${e.role}\n`);
          process.stdout.write(`page: ${page?.path ?? '(none yet)'}\n`);
          if (lastContact) process.stdout.write(`last contact: ${String(lastContact)}\n`);
          for (const s of sources) process.stdout.write(`  ${s.date ?? 'undated'}  ${s.note}: ${s.gist}\n`);
        }
        return EXIT_OK;
      }),
    );

  const editOptions = (c: Command) =>
    c
      .option('--dry-run', 'print the diff and write nothing')
      .option('--allow-dirty', 'proceed even when files it would modify have uncommitted changes')
      .option('--json', 'machine-readable result');

  editOptions(
    entities
      .command('merge <names...>')
      .description(
        'merge entities into one: `merge KEEP OTHER` or `merge A B C --into X`; sources, facts, notes and plausible spellings move, [[links]] keep resolving; one commit',
      )
      .option('--into <name>', 'the entity to keep (default: the first name)'),
  ).action((names: string[], o: EditOpts & { into?: string }) => {
    const keep = o.into ?? names[0];
    const others = o.into ? names : names.slice(1);
    if (!keep || others.length === 0) throw new UsageError('name the entity to keep and at least one to merge into it');
    return edit(
      (reg, files, config) => planMergeMany(reg, keep, others, files, config),
      o,
      `distill entities merge ${keep} <- ${others.join(', ')}`,
    );
  });

  editOptions(
    entities
      .command('delete <name>')
      .description(
        'delete an entity: page retired, links to it become plain text, the name never becomes a page again',
      ),
  ).action((name: string, o: EditOpts) =>
    edit((reg, files, config) => planDelete(reg, name, files, config), o, `distill entities delete ${name}`),
  );

  editOptions(
    entities
      .command('ignore <name>')
      .description('never make a page for <name> (a stop name; it stays plain text); an existing one is deleted'),
  ).action((name: string, o: EditOpts) =>
    edit((reg, files, config) => planIgnore(reg, name, files, config), o, `distill entities ignore ${name}`),
  );

  editOptions(
    entities.command('rename <name> <new-name>').description('rename an entity; the old name stays an alias'),
  ).action((name: string, newName: string, o: EditOpts) =>
    edit(
      (reg, files, config) => planRename(reg, name, newName, files, config),
      o,
      `distill entities rename ${name} -> ${newName}`,
    ),
  );

  const alias = entities.command('alias').description('manage aliases');
  editOptions(alias.command('add <name> <alias>').description('add a spelling that resolves to <name>')).action(
    (name: string, a: string, o: EditOpts) =>
      edit(
        (reg, files, config) => planAliasAdd(reg, name, a, files, config),
        o,
        `distill entities alias add ${name}: ${a}`,
      ),
  );
}
