import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.ts';
import { COMMANDS, commandOf, version } from './main.ts';

describe('the command table', () => {
  it.each(COMMANDS.map((c) => [c.name, c]))(
    '%s: its module registers it with the arguments and description --help lists',
    async (_name, entry) => {
      const program = new Command('distill');
      (await entry.load()).register(program, () => {});
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered, `${entry.name} is not registered by its module`).toBeDefined();
      expect(registered?.description(), 'the COMMANDS entry in src/cli/main.ts says what --help lists').toBe(
        entry.description,
      );
      const args = registered?.registeredArguments.map((a) => {
        const name = a.variadic ? `${a.name()}...` : a.name();
        return a.required ? `<${name}>` : `[${name}]`;
      });
      expect(args?.join(' ') || undefined).toBe(entry.args);
    },
  );

  it('has one entry per name', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });
});

describe('commandOf', () => {
  const name = (...args: string[]) => commandOf(args)?.name;

  it('finds the command after global options, including --vault and its value', () => {
    expect(name('run', '--dry-run')).toBe('run');
    expect(name('--vault', 'tasks', 'run')).toBe('run');
    expect(name('--vault=x', 'tasks', 'list')).toBe('tasks');
    expect(name('help', 'outbox')).toBe('outbox');
  });

  it('finds nothing for help, version or an unknown command', () => {
    expect(name('--help')).toBeUndefined();
    expect(name('--version')).toBeUndefined();
    expect(name('frobnicate')).toBeUndefined();
    expect(name()).toBeUndefined();
  });
});

describe('distill', () => {
  it('--help lists every command with its description', async () => {
    const r = await runCli('--help');
    expect(r.code).toBe(0);
    const flat = r.stdout.replace(/\s+/g, ' ');
    for (const c of COMMANDS) expect(flat).toContain(`${c.name}${c.args ? ` ${c.args}` : ''} ${c.description}`);
  });

  it('--version prints the version in package.json', async () => {
    const r = await runCli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stdout.trim()).toBe(version());
  });

  it('a subcommand help shows its own options', async () => {
    const r = await runCli('help', 'run');
    expect(r.stdout).toContain('--dry-run');
  });

  it('an unknown command is a usage error that suggests the closest one', async () => {
    const r = await runCli('rnu');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('run');
  });
});
