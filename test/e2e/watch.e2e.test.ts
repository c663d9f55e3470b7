/** `distill watch` as a user runs it: a real process picks up a new export, commits the run, and stops on Ctrl-C. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initVault } from '../../src/cli/commands/run.ts';
import { removeDir, tempDir } from '../helpers/vault.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');
const FIXTURES = path.resolve(__dirname, '../fixtures');
const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('distill watch', () => {
  let child: ChildProcess | undefined;
  let root: string | undefined;

  afterEach(() => {
    // a failed assertion must not leave a watcher polling a deleted vault
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (root) removeDir(root);
    child = undefined;
    root = undefined;
  });

  it('processes an export once it has settled, commits it, and exits 0 on SIGINT', async () => {
    const vault = tempDir('distill-watch-');
    root = vault;
    initVault(vault);
    const head = git(vault, 'rev-parse', 'HEAD').trim();

    const proc = spawn(process.execPath, [BIN, 'watch', '--interval', '2', '--vault', vault], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.on('exit', (code, signal) => resolve({ code, signal })),
    );

    await until('the watcher to start', () => stderr.includes('watching '));
    const name = '2026-01-05_export.md';
    writeFileSync(
      path.join(vault, 'Inbox', name),
      readFileSync(path.join(FIXTURES, 'sources/e-20260105-cf0ae7/source.md')),
    );

    const inbox = () => readdirSync(path.join(vault, 'Inbox')).filter((f) => !f.startsWith('.'));
    await until('the export to leave Inbox/', () => inbox().length === 0);
    await until('the run commit', () => git(vault, 'rev-parse', 'HEAD').trim() !== head);
    expect(git(vault, 'log', '-1', '--format=%s')).toMatch(/^distill run .*1 email/);
    expect(git(vault, 'status', '--porcelain')).toBe('');

    proc.kill('SIGINT');
    const { code, signal } = await exited;
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(stderr).toMatch(/1 source\(s\) processed/);
    expect(stderr).toMatch(/stopping/);
    expect(stderr).not.toMatch(/^error /m);
  });
});
