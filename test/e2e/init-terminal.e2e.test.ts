/**
 * `distill init` on a terminal asks for the owner's details its flags did not give (issue 14). `script` gives the
 * child a real pseudo-terminal, so this is the path a person at a shell takes: readline on a TTY, answers typed
 * ahead kept, an unknown time zone asked again.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/vault/config.ts';
import { tempDir } from '../helpers/vault.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');

function initOnTerminal(dir: string, args: string, answers: string[]) {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} init ${JSON.stringify(dir)} --no-git ${args}`;
  return spawnSync('script', ['-q', '-e', '-c', command, '/dev/null'], {
    input: `${answers.join('\n')}\n`,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('init on a terminal', () => {
  it('asks for what the flags did not give, and asks an unknown time zone again', () => {
    const dir = path.join(tempDir('distill-tty-'), 'vault');
    const r = initOnTerminal(dir, '--owner "Jason Vallery"', [
      'jason.vallery@vastdata.com, jason@vallery.net',
      'JV, Jason',
      'VAST Data',
      'Mars/Olympus',
      'America/Chicago',
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/Your full name/); // given by --owner
    expect(r.stdout).toMatch(/Your email addresses/);
    expect(r.stdout).toMatch(/the time zone must be an IANA time zone .*"Mars\/Olympus"/);
    const config = loadConfig(dir);
    expect(config.owner).toMatchObject({
      name: 'Jason Vallery',
      emails: ['jason.vallery@vastdata.com', 'jason@vallery.net'],
      aliases: ['JV', 'Jason'],
      organisation: 'VAST Data',
    });
    expect(config.timezone).toBe('America/Chicago');
  });

  it('keeps the defaults for what is left when input ends (Ctrl-D)', () => {
    const dir = path.join(tempDir('distill-tty-'), 'vault');
    const r = initOnTerminal(dir, '--timezone Europe/London', ['Noa Cohen']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const config = loadConfig(dir);
    expect(config.owner).toMatchObject({ name: 'Noa Cohen', emails: [], aliases: [], organisation: null });
    expect(config.timezone).toBe('Europe/London');
  });
});
