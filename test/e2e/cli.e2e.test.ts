/** The CLI as a user meets it: help, parse, run with exit codes, the lock, and one-line errors. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_VAULT, initVault } from '../../src/cli/commands/run.ts';
import { copyVault, tempDir, treeHashes } from '../helpers/vault.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');
const FIXTURES = path.resolve(__dirname, '../fixtures');

function distill(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('distill CLI', () => {
  it('prints help listing the commands', () => {
    const r = distill(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'run',
      'plan',
      'undo',
      'parse',
      'extract',
      'eval',
      'entities',
      'tasks',
      'outbox',
      'digest',
      'doctor',
    ]) {
      expect(r.stdout).toContain(c);
    }
  });

  it('parse --json prints the envelope of a real export', () => {
    const r = distill(['parse', path.join(FIXTURES, 'sources/e-20260105-cf0ae7/source.md'), '--json']);
    expect(r.code).toBe(0);
    const env = JSON.parse(r.stdout);
    expect(env.kind).toBe('email');
    expect(env.messages).toHaveLength(3);
    expect(env.source_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('parse names the file in a one-line error for a file it cannot read', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'empty.md'), '');
    const r = distill(['parse', path.join(dir, 'empty.md')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('empty.md');
  });

  it('a second concurrent run exits with a clear message and changes nothing', () => {
    const root = copyVault(DEMO_VAULT, tempDir('distill-lock-'));
    initVault(root);
    mkdirSync(path.join(root, '.distill'), { recursive: true });
    // a live process (this test runner) holds the lock
    writeFileSync(
      path.join(root, '.distill/lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), since: 'now' }),
    );
    const before = treeHashes(root);
    const r = distill(['run', '--vault', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/another distill run holds the vault lock/);
    expect(treeHashes(root)).toEqual(before);
  });

  it('puts an unreadable inbox file in the failed queue with its reason and processes the rest (exit 1)', () => {
    const root = copyVault(DEMO_VAULT, tempDir('distill-bad-'));
    initVault(root);
    writeFileSync(path.join(root, 'Inbox/blob.md'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
    writeFileSync(path.join(root, 'Inbox/empty.md'), '');
    const r = distill(['run', '--vault', root, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.failed.map((f: { path: string }) => f.path).sort()).toEqual(['Inbox/blob.md', 'Inbox/empty.md']);
    expect(report.sources.length).toBeGreaterThan(5);
    const tree = treeHashes(root);
    expect(tree['Inbox/_failed/blob.md']).toBeDefined();
    expect(tree['Inbox/_failed/blob.md.reason.txt']).toBeDefined();
  });
});
