import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/vault.ts';
import { acquireLock, LOCK_FILE, LockedError } from './lock.ts';

const CONTENDER = path.resolve(__dirname, '../../test/e2e/helpers/lock-contender.ts');

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function writeLock(root: string, content: string): string {
  const file = path.join(root, LOCK_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** Runs `n` contender processes against one vault; resolves with the shared in/out log and their reports. */
async function contend(root: string, n: number, rounds: number) {
  const log = path.join(root, 'log.txt');
  writeFileSync(log, '');
  const startAt = Date.now() + 2500;
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ['--import', 'tsx', CONTENDER, root, log, String(startAt), String(rounds)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const results = await Promise.all(
    children.map(
      (c) =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          let out = '';
          let err = '';
          c.stdout.on('data', (d) => {
            out += d;
          });
          c.stderr.on('data', (d) => {
            err += d;
          });
          c.on('close', (code) => resolve({ code, out, err }));
        }),
    ),
  );
  return { log: readFileSync(log, 'utf8').trim().split('\n').filter(Boolean), results };
}

/** The largest number of processes inside the critical section at once, from the in/out log. */
function maxOverlap(log: string[]): number {
  let inside = 0;
  let max = 0;
  for (const line of log) {
    inside += line.startsWith('in ') ? 1 : -1;
    max = Math.max(max, inside);
  }
  return max;
}

describe('vault lock', () => {
  it('refuses a second holder with a clear message naming the holder', () => {
    const root = tempDir();
    const lock = acquireLock(root);
    expect(() => acquireLock(root)).toThrow(LockedError);
    expect(() => acquireLock(root)).toThrow(new RegExp(`pid ${process.pid}`));
    lock.release();
    acquireLock(root).release();
    expect(existsSync(path.join(root, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock left by a dead process at once', () => {
    const root = tempDir();
    writeLock(root, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const lock = acquireLock(root);
    expect(lock.tookOverStale).toBe(true);
    expect(JSON.parse(readFileSync(path.join(root, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('does not treat a lock file that is still being written (empty, fresh) as stale', () => {
    const root = tempDir();
    writeLock(root, '');
    expect(() => acquireLock(root)).toThrow(LockedError);
    // the same empty file long after: a crash between create and write, taken over
    const file = path.join(root, LOCK_FILE);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const lock = acquireLock(root);
    expect(lock.tookOverStale).toBe(true);
    lock.release();
  });

  it('release never removes a lock another process has taken since', () => {
    const root = tempDir();
    const lock = acquireLock(root);
    const other = JSON.stringify({ pid: process.pid, host: hostname(), since: 'x', nonce: 'someone-else' });
    writeLock(root, other);
    lock.release();
    expect(readFileSync(path.join(root, LOCK_FILE), 'utf8')).toBe(other);
  });

  it('is exclusive under contention: never two holders, losers get a LockedError, never a raw error', async () => {
    const root = tempDir();
    const { log, results } = await contend(root, 8, 25);
    for (const r of results) expect(r.code, r.err).toBe(0);
    expect(log.length).toBeGreaterThan(0);
    expect(maxOverlap(log)).toBe(1);
  }, 60_000);

  it('hands a stale lock to exactly one of many processes that find it at once', async () => {
    const root = tempDir();
    writeLock(root, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const { log, results } = await contend(root, 8, 1);
    for (const r of results) expect(r.code, r.err).toBe(0);
    expect(maxOverlap(log)).toBe(1);
  }, 60_000);
});
