import { Command, CommanderError } from 'commander';
import * as digest from './commands/digest.ts';
import * as doctor from './commands/doctor.ts';
import * as entities from './commands/entities.ts';
import * as evalCmd from './commands/eval.ts';
import * as extract from './commands/extract.ts';
import * as outbox from './commands/outbox.ts';
import * as parse from './commands/parse.ts';
import * as run from './commands/run.ts';
import * as tasks from './commands/tasks.ts';
import { EXIT_USAGE, fail, UsageError } from './context.ts';

/** Each command module adds its subcommands; an action returns its exit code. */
export interface CommandModule {
  register(program: Command, setExit: (code: number) => void): void;
}

const modules: CommandModule[] = [run, parse, extract, evalCmd, entities, tasks, outbox, digest, doctor];

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('distill')
    .description(
      'Turn exported email threads and meeting transcripts into an Obsidian vault that keeps itself current.',
    )
    .option('--vault <dir>', 'vault root (default: nearest folder with distill.config.yaml, else the current folder)')
    .showHelpAfterError()
    .exitOverride();
  for (const m of modules) m.register(program, setExit);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = Math.max(code, c);
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof UsageError) {
      fail(e.message);
      return EXIT_USAGE;
    }
    fail((e as Error).message);
    if (process.env.DISTILL_DEBUG) console.error(e);
    return EXIT_USAGE;
  }
}
