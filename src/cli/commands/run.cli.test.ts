/** The small things of issue 14: outside a vault, `--interval`, the dry-run diff, `init`'s owner flags and questions. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { tempDir, treeHashes } from '../../../test/helpers/vault.ts';
import { loadConfig } from '../../vault/config.ts';
import { COMMANDS } from '../main.ts';
import { type Ask, askMissing, initVault } from './run.ts';

const BIN = path.resolve(__dirname, '../../../bin/distill.js');
const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/sources/e-20260105-cf0ae7/source.md');

/** Commands that take files, or make the vault, and so run anywhere. */
const ANYWHERE = new Set(['init', 'demo', 'parse', 'extract', 'eval']);
/** What each command needs besides the vault to get as far as opening it. */
const ARGS: Record<string, string[]> = {
  entities: ['list'],
  tasks: ['list'],
  outbox: ['list'],
  brief: ['Itzik Reich'],
  search: ['TLS'],
  watch: ['--interval', '5'],
};

describe('outside a vault', () => {
  const notVault = tempDir('distill-not-a-vault-');
  writeFileSync(path.join(notVault, 'notes.md'), 'just a folder of notes\n');

  for (const c of COMMANDS.filter((c) => !ANYWHERE.has(c.name))) {
    it(`\`${c.name}\` exits 2 with one line and writes nothing`, async () => {
      const r = await runCli('--vault', notVault, c.name, ...(ARGS[c.name] ?? []));
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/not a Distill vault: no distill\.config\.yaml in /);
      expect(readdirSync(notVault)).toEqual(['notes.md']);
    });
  }

  it('`distill run` in a folder that is not a vault (no --vault) does not create .distill/ there', () => {
    const r = spawnSync(process.execPath, [BIN, 'run'], { cwd: notVault, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a Distill vault: no distill\.config\.yaml in .* or above it/);
    expect(readdirSync(notVault)).toEqual(['notes.md']);
  });

  it('`parse` and `extract` still read a file from anywhere', async () => {
    expect((await runCli('--vault', notVault, 'parse', FIXTURE, '--json')).code).toBe(0);
    expect((await runCli('--vault', notVault, 'extract', FIXTURE, '--json')).code).toBe(0);
  });
});

describe('watch --interval', () => {
  for (const bad of ['0', 'abc', '1', '-5', '']) {
    it(`refuses "${bad}" with exit 2 and says what it wants`, async () => {
      const root = tempDir('distill-watch-');
      initVault(root, { git: false });
      const r = await runCli('--vault', root, 'watch', '--interval', bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--interval must be a number of seconds, at least 2 \\(got "${bad}"\\)`));
    });
  }
});

describe('run --dry-run', () => {
  it("shows the vault's diff and counts Distill's own state files instead of showing them, unless --verbose", async () => {
    const root = tempDir('distill-dry-');
    initVault(root, { git: false });
    writeFileSync(path.join(root, 'Inbox/tls.md'), readFileSync(FIXTURE));
    const before = treeHashes(root);
    const quiet = await runCli('--vault', root, 'run', '--dry-run');
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^\+\+\+ b\/Meetings\/2026\//m);
    expect(quiet.stdout).toMatch(/^rename to Sources\/Email\/2026\/tls\.md$/m);
    expect(quiet.stdout).not.toContain('.distill/');
    expect(quiet.stderr).toMatch(
      /\(\d+ change\(s\) to Distill's state in \.distill\/ not shown: --verbose shows them\)/,
    );
    const verbose = await runCli('--vault', root, 'run', '--dry-run', '--verbose');
    expect(verbose.stdout).toMatch(/^\+\+\+ b\/\.distill\/ledger\.json$/m);
    expect(verbose.stdout).toContain(quiet.stdout.split('\n').find((l) => l.startsWith('+++ b/Meetings'))!);
    expect(treeHashes(root)).toEqual(before);
  });
});

describe('init', () => {
  it('writes --organisation, --timezone and every --alias into the config', async () => {
    const root = tempDir('distill-init-');
    const r = await runCli(
      'init',
      root,
      '--no-git',
      '--owner',
      'Jason Vallery',
      '--email',
      'jason.vallery@vastdata.com',
      '--organisation',
      'VAST Data',
      '--timezone',
      'America/Chicago',
      '--alias',
      'Jason',
      '--alias',
      'JV',
    );
    expect(r.code, r.stderr).toBe(0);
    const config = loadConfig(root);
    expect(config.owner).toMatchObject({
      name: 'Jason Vallery',
      emails: ['jason.vallery@vastdata.com'],
      aliases: ['Jason', 'JV'],
      organisation: 'VAST Data',
    });
    expect(config.timezone).toBe('America/Chicago');
  });

  it('refuses a time zone that does not exist, and creates nothing', async () => {
    const root = path.join(tempDir('distill-init-'), 'vault');
    const r = await runCli('init', root, '--timezone', 'Mars/Olympus');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timezone must be an IANA time zone .* not "Mars\/Olympus"/);
    expect(existsSync(root)).toBe(false);
  });

  it('asks nothing when stdin is not a terminal (scripts and CI never wait)', async () => {
    const root = tempDir('distill-init-');
    expect((await runCli('init', root, '--no-git')).code).toBe(0);
    expect(loadConfig(root).owner.name).toBe('Myself');
  });

  it('on a terminal, asks for what its flags did not give, and asks a bad time zone again', async () => {
    const asked: string[] = [];
    const answers = ['me@example.com, me@home.example', 'JV', 'VAST Data', 'Atlantis/Capital', 'Europe/London'];
    const ask: Ask = async (q, fallback) => {
      asked.push(q);
      return answers.shift() || fallback;
    };
    const reports: string[] = [];
    const got = await askMissing({ owner: 'Jason Vallery' }, ask, (m) => reports.push(m));
    expect(asked).toEqual([
      'Your email addresses (comma-separated)',
      'Other spellings of your name: nicknames, initials (comma-separated)',
      'Your organisation',
      'Your time zone',
      'Your time zone',
    ]);
    expect(got).toEqual({
      owner: 'Jason Vallery',
      emails: ['me@example.com', 'me@home.example'],
      aliases: ['JV'],
      organisation: 'VAST Data',
      timezone: 'Europe/London',
    });
    expect(reports).toEqual([expect.stringMatching(/time zone must be an IANA time zone .*"Atlantis\/Capital"/)]);
  });
});
