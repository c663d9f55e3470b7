/** `distill index [--rebuild]`: bring the search index up to date, or build it again from nothing. */
import type { Command } from 'commander';
import { freshen, INDEX_PATH, openIndex, rebuildIndex } from '../../search/index.ts';
import { EXIT_OK, info, openVault, printJson } from '../context.ts';

export function register(program: Command, setExit: (code: number) => void): void {
  program
    .command('index')
    .description('bring the search index up to date (it also freshens itself on every search); --rebuild starts over')
    .option('--rebuild', 'delete the index and build it again from every file')
    .option('--json', 'machine-readable counts')
    .action((o: { rebuild?: boolean; json?: boolean }) => {
      const { root, config } = openVault({ vault: program.opts().vault });
      const started = Date.now();
      let r: ReturnType<typeof rebuildIndex>;
      if (o.rebuild) r = rebuildIndex(root, config);
      else {
        const db = openIndex(root);
        try {
          r = freshen(db, root, config);
        } finally {
          db.close();
        }
      }
      const ms = Date.now() - started;
      if (o.json) printJson({ path: INDEX_PATH, rebuilt: !!o.rebuild, ...r, ms });
      else info(`${INDEX_PATH}: ${r.files} files, ${r.indexed} (re)indexed, ${r.removed} removed, ${ms} ms`);
      setExit(EXIT_OK);
    });
}
