import type { Command } from 'commander';
import { applyPlan, diffOf } from '../../apply/index.ts';
import type { EntityKind } from '../../entities/entity.ts';
import { buildRegistry, type Registry } from '../../entities/registry.ts';
import { entityStatePath, parseState } from '../../entities/state.ts';
import type { ChangePlan } from '../../plan/change-plan.ts';
import {
  EntityCommandError,
  type EntityPlan,
  findEntity,
  planAliasAdd,
  planMerge,
  planRename,
  type VaultFile,
} from '../../plan/entity-merge.ts';
import type { Config } from '../../vault/config.ts';
import { readFrontmatter } from '../../vault/markdown.ts';
import { EXIT_OK, info, openVault, printJson, UsageError, warn } from '../context.ts';
import { newRunId } from '../pipeline.ts';
import { readVaultFiles } from '../vault-files.ts';

/** Every markdown note of the vault and the entity state files, vault-relative with `/` separators. */
export function readVaultNotes(root: string): VaultFile[] {
  return [
    ...readVaultFiles(root, '', { ext: ['.md'], skip: (n) => n === 'node_modules' }),
    ...readVaultFiles(root, '.distill/entities', { ext: ['.json'] }),
  ];
}

export function registryOf(files: VaultFile[], config: Config): Registry {
  const pages = files.filter((f) => /\/README\.md$/i.test(f.path));
  const stateEntities = files
    .filter((f) => f.path.startsWith('.distill/entities/') && f.path.endsWith('.json'))
    .flatMap((f) => {
      try {
        const st = parseState(f.content, f.path);
        return st.merged_into ? [] : [st.entity];
      } catch (e) {
        warn((e as Error).message);
        return [];
      }
    });
  return buildRegistry(pages, config, stateEntities);
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

  const edit = (
    make: (reg: Registry, files: VaultFile[], config: Config) => EntityPlan,
    o: EditOpts,
    message: string,
  ) =>
    guard(() => {
      const { root, config } = vaultOf();
      const files = readVaultNotes(root);
      const result = make(registryOf(files, config), files, config);
      const plan: ChangePlan = {
        run_id: newRunId(),
        created: new Date().toISOString(),
        operations: result.operations,
        sources: [],
        skipped: [],
        failed: [],
        warnings: [],
      };
      const applied = applyPlan(root, plan, { dryRun: !!o.dryRun, message, allowDirty: !!o.allowDirty, config });
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
      return EXIT_OK;
    });

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
      .command('merge <keep> <other>')
      .description('merge <other> into <keep>: sources, facts, notes and aliases move; [[other]] links keep resolving'),
  ).action((keep: string, other: string, o: EditOpts) =>
    edit(
      (reg, files, config) => planMerge(reg, keep, other, files, config),
      o,
      `distill entities merge ${keep} <- ${other}`,
    ),
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
