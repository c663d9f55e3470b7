/** `distill search <query>`: ranked full-text search over notes, entity pages, tasks, archived sources and drafts. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { EntityLookupError, findEntity, namesOf, registryFor } from '../../app/brief-read.ts';
import { DOC_KINDS } from '../../search/documents.ts';
import { type Hit, search } from '../../search/index.ts';
import { SearchUsageError } from '../../search/query.ts';
import type { Config } from '../../vault/config.ts';
import { EXIT_OK, info, openVault, printJson, UsageError } from '../context.ts';

/** The names a `--person`/`--account` filter matches: the entity's name and aliases when the vault knows it. */
export function filterNames(root: string, config: Config, name: string | undefined): string[] | undefined {
  if (name === undefined) return undefined;
  try {
    return namesOf(findEntity(registryFor(root, config).registry, name));
  } catch (e) {
    if (!(e instanceof EntityLookupError)) throw e;
    if (/could be/.test(e.message)) throw new UsageError(e.message);
    // Not a known entity: match the name as written (a task owner the vault has no page for).
    return [name.trim().toLowerCase()];
  }
}

function show(h: Hit, i: number): string {
  const kind = h.kind === 'note' || h.kind === 'entity' ? (h.subtype ?? h.kind) : h.kind;
  const snippet = h.snippet.replace(/\*\*(.+?)\*\*/g, (_m, w: string) => pc.bold(w));
  return `${pc.dim(`${i + 1}.`)} ${h.date ?? '          '}  ${pc.cyan(kind.padEnd(8))} ${h.title}\n   ${pc.dim(h.path)}${h.task?.id ? pc.dim(`  🆔 ${h.task.id}`) : ''}\n   ${snippet}\n`;
}

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('search [query...]')
    .description('ranked full-text search across notes, entity pages, tasks, archived sources and drafts')
    .option('--person <name>', 'only items involving this person (name or alias)')
    .option('--account <name>', 'only items involving this account')
    .option('--since <YYYY-MM-DD>', 'only items dated on or after this day')
    .option('--kind <kind>', `only this kind: ${DOC_KINDS.join(', ')}`)
    .option('--limit <n>', 'at most this many results', '20')
    .option('--json', 'machine-readable results')
    .action(
      (
        words: string[],
        o: { person?: string; account?: string; since?: string; kind?: string; limit: string; json?: boolean },
      ) => {
        const { root, config } = openVault({ vault: program.opts().vault });
        const query = words.join(' ').trim();
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number`);
        if (query === '' && !o.person && !o.account && !o.since && !o.kind)
          throw new UsageError('search needs a query or a filter (--person, --account, --since, --kind)');
        let hits: Hit[];
        try {
          hits = search(root, config, query, {
            limit,
            ...(o.person ? { people: filterNames(root, config, o.person) } : {}),
            ...(o.account ? { accounts: filterNames(root, config, o.account) } : {}),
            ...(o.since ? { since: o.since } : {}),
            ...(o.kind ? { kind: o.kind } : {}),
          });
        } catch (e) {
          if (e instanceof SearchUsageError) throw new UsageError(`--${e.message}`);
          throw e;
        }
        if (o.json) printJson(hits.map(({ score, ...h }) => ({ ...h, score: Math.round(score * 1000) / 1000 })));
        else if (hits.length === 0) info('nothing matches');
        else process.stdout.write(hits.map(show).join(''));
        setExit(EXIT_OK);
      },
    );
}
