import { Command, CommanderError } from 'commander';
import { version } from './version.ts';

/** Each command module adds its subcommands; an action returns its exit code. */
export interface CommandModule {
  register(program: Command, setExit: (code: number) => void): void;
}

/**
 * Every top-level command, with the module that registers it. A module is imported only when its command runs, so
 * `distill --help` or `distill tasks list` never loads the LLM SDKs, the NLP models or the mail parser; the name,
 * arguments and description here are what `distill --help` lists (a test checks they match the module's own).
 * To add a command: one entry here, in the order `--help` should list it.
 */
export interface CommandEntry {
  name: string;
  args?: string;
  description: string;
  load: () => Promise<CommandModule>;
  /** Work to start before the command's modules load, so that it runs beside the loading (see nlp-host.ts). */
  warm?: () => Promise<void>;
}

const runCommands = () => import('./commands/run.ts');

export const COMMANDS: CommandEntry[] = [
  {
    name: 'init',
    args: '[dir]',
    description: 'create a vault (folders, config, Tasks dashboard, Obsidian Tasks statuses, git); asks on a terminal',
    load: runCommands,
  },
  {
    name: 'run',
    description: 'process every file in Inbox/ into notes, entity pages, tasks and outbox drafts',
    load: runCommands,
  },
  {
    name: 'plan',
    description: 'show the change plan for the inbox (operations and diffs); writes nothing',
    load: runCommands,
  },
  {
    name: 'undo',
    args: '[run]',
    description: 'revert one run (default: the latest): sources go back to Inbox/, its notes and page edits are undone',
    load: runCommands,
  },
  {
    name: 'rebuild',
    description: 're-derive every note and entity page from the archived sources in Sources/',
    load: runCommands,
  },
  {
    name: 'watch',
    description: 'process the inbox whenever new files have settled (polls; Ctrl-C to stop)',
    load: runCommands,
  },
  {
    name: 'demo',
    description: 'copy the bundled demo inbox to a fresh vault and run Distill on it (offline, no keys)',
    load: runCommands,
  },
  {
    name: 'parse',
    args: '<file>',
    description:
      'print the source envelope(s) an adapter makes of a file (messages, turns, participants, date, conversation)',
    load: () => import('./commands/parse.ts'),
  },
  {
    name: 'extract',
    args: '<file>',
    description: 'print the offline extraction of one file (title, participants, tasks, decisions, facts, mentions)',
    load: () => import('./commands/extract.ts'),
    // one file, once: compromise loads in a thread while the extract modules load here (bin/distill.js starts it
    // sooner still, before the program loads)
    warm: async () => (await import('../extract/nlp-host.ts')).startNlpThreads(),
  },
  {
    name: 'eval',
    description: 'score an extractor against gold-labelled sources (tasks, owners, due dates, decisions, facts, ...)',
    load: () => import('./commands/eval.ts'),
  },
  {
    name: 'entities',
    description: 'the people, accounts and projects the vault knows',
    load: () => import('./commands/entities.ts'),
  },
  {
    name: 'tasks',
    description: 'review the tasks in your source notes (Obsidian Tasks lines with an 🆔)',
    load: () => import('./commands/tasks.ts'),
  },
  {
    name: 'outbox',
    description: 'reply drafts, calendar invites and approved mail waiting in Outbox/',
    load: () => import('./commands/outbox.ts'),
  },
  {
    name: 'digest',
    description:
      'write Digests/<date>.md, one screen: what came in, the top 10 tasks due and new, drafts waiting, new entities, flags with reasons',
    load: () => import('./commands/digest.ts'),
  },
  {
    name: 'search',
    args: '[query...]',
    description: 'ranked full-text search across notes, entity pages, tasks, archived sources and drafts',
    load: () => import('./commands/search.ts'),
  },
  {
    name: 'brief',
    args: '<name...>',
    description:
      'before a meeting: who they are, last interactions, open tasks both ways, decisions, key facts, drafts waiting',
    load: () => import('./commands/brief.ts'),
  },
  {
    name: 'index',
    description: 'bring the search index up to date (it also freshens itself on every search); --rebuild starts over',
    load: () => import('./commands/index.ts'),
  },
  {
    name: 'mcp',
    description:
      'serve the vault to an AI assistant over stdio (MCP): search, notes, entities, briefs, tasks; read-only by default',
    load: () => import('./commands/mcp.ts'),
  },
  {
    name: 'doctor',
    description:
      'check the vault for duplicate facts, truncated timelines, broken links, generic and junk entities (fragments, reversed names, one person twice, organisations as people), ledger entries without notes, interrupted runs, a broken git index and notes that look like one conversation split in two (exit 1 on any)',
    load: () => import('./commands/doctor.ts'),
  },
];

export { version };

/** Options of the top-level program that take a value, so the command name is not mistaken for one. */
const VALUE_OPTIONS = new Set(['--vault']);

/** The command the arguments name (`distill [--vault x] <command> …`, or `distill help <command>`), if any. */
export function commandOf(args: readonly string[]): CommandEntry | undefined {
  const positional: string[] = [];
  for (let i = 0; i < args.length && positional.length < 2; i++) {
    const a = args[i] as string;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    positional.push(a);
  }
  const name = positional[0] === 'help' ? positional[1] : positional[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The program with the named command's module loaded (and every other command listed by name and description only,
 * for help and "did you mean" suggestions). With no entry, nothing is loaded.
 */
export async function buildProgram(setExit: (code: number) => void, entry?: CommandEntry): Promise<Command> {
  const program = new Command('distill')
    .description(
      'Turn exported email threads and meeting transcripts into an Obsidian vault that keeps itself current.',
    )
    .version(version(), '-V, --version', 'print the version')
    .option('--vault <dir>', 'vault root (default: nearest folder with distill.config.yaml, else the current folder)')
    .showHelpAfterError()
    .exitOverride();
  if (entry) {
    await entry.warm?.();
    (await entry.load()).register(program, setExit);
  }
  const registered = new Set(program.commands.map((c) => c.name()));
  for (const c of COMMANDS) {
    if (registered.has(c.name)) continue;
    program.command(c.args ? `${c.name} ${c.args}` : c.name).description(c.description);
  }
  // Commander lists commands in registration order; keep the table's order whatever the module registered first.
  const order = new Map(COMMANDS.map((c, i) => [c.name, i]));
  (program.commands as Command[]).sort(
    (a, b) => (order.get(a.name()) ?? COMMANDS.length) - (order.get(b.name()) ?? COMMANDS.length),
  );
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const setExit = (c: number) => {
    code = Math.max(code, c);
  };
  try {
    const program = await buildProgram(setExit, commandOf(argv.slice(2)));
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    // Commander's exit codes are its own: 0 after --help or --version, else a usage error (EXIT_USAGE in context.ts).
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // Loaded here, not up front: context.ts brings the config schema (zod, yaml), which --help does not need.
    const { EXIT_USAGE, fail, UsageError } = await import('./context.ts');
    if (e instanceof UsageError) {
      fail(e.message);
      return EXIT_USAGE;
    }
    fail((e as Error).message);
    if (process.env.DISTILL_DEBUG) console.error(e);
    return EXIT_USAGE;
  }
}
