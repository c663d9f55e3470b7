/**
 * One run at a time per vault. The lock file holds the owner's pid: a lock left by a process that no longer exists
 * (kill -9, power cut) is stale and is taken over at once, so recovery never waits on a timeout.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = '.distill/lock';

export class LockedError extends Error {
  override name = 'LockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  release(): void;
  /** True when a stale lock from a dead process was found and taken over. */
  tookOverStale: boolean;
}

export function acquireLock(root: string): Lock {
  const file = path.join(root, LOCK_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  let tookOverStale = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      return {
        tookOverStale,
        release() {
          if (existsSync(file)) unlinkSync(file);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        // unreadable lock: treat as stale
      }
      const sameHost = !holder.host || holder.host === hostname();
      if (sameHost && (!holder.pid || !alive(holder.pid))) {
        unlinkSync(file);
        tookOverStale = true;
        continue;
      }
      throw new LockedError(
        `another distill run holds the vault lock (pid ${holder.pid ?? '?'} since ${holder.since ?? '?'}); wait for it to finish or remove ${LOCK_FILE} if that process is gone`,
      );
    }
  }
  throw new LockedError(`could not take the vault lock ${LOCK_FILE}`);
}
