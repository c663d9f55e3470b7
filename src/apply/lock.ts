/**
 * One run at a time per vault. The lock file holds its owner's pid, host and a random nonce, and it comes into
 * existence with that content in one step: the content is written to a private temp file first and then
 * hard-linked to the lock's name (link fails if the name exists), so no other process can ever read an empty or
 * half-written lock. A lock left by a process that no longer exists (kill -9, power cut) is stale and is taken
 * over at once, so recovery never waits on a timeout; the takeover is race-free (see `takeOver`).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = '.distill/lock';

/** An unreadable lock file (empty, torn) younger than this is a lock being created by a writer without link(2). */
const UNREADABLE_GRACE_MS = 10_000;

export class LockedError extends Error {
  override name = 'LockedError';
}

interface Holder {
  pid?: number;
  host?: string;
  since?: string;
  nonce?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface Lock {
  release(): void;
  /** True while the lock file is still this holder's (another process never took it over). */
  held(): boolean;
  /** True when a stale lock from a dead process was found and taken over. */
  tookOverStale: boolean;
}

/**
 * Create `file` with `text` as its content, atomically: false when it already exists. Uses link(2) from a private
 * temp file; on a filesystem without hard links, an exclusive create (`wx`) whose short empty window readers
 * tolerate (an unreadable lock is not stale until it is old).
 */
function createWith(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if (code(e) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(code(e) ?? '')) throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  let fd2: number;
  try {
    fd2 = openSync(file, 'wx');
  } catch (e) {
    if (code(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd2, text);
    fsyncSync(fd2);
  } finally {
    closeSync(fd2);
  }
  return true;
}

type Read =
  | { state: 'gone' }
  | { state: 'ok'; text: string; holder: Holder }
  | { state: 'unreadable'; text: string; ageMs: number };

function readLock(file: string): Read {
  let text: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(file).mtimeMs;
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return { state: 'gone' };
    throw e;
  }
  try {
    const holder = JSON.parse(text) as Holder;
    if (holder && typeof holder === 'object' && typeof holder.pid === 'number') return { state: 'ok', text, holder };
  } catch {
    // torn or empty
  }
  return { state: 'unreadable', text, ageMs };
}

function isStale(r: Read): boolean {
  if (r.state === 'gone') return false;
  if (r.state === 'unreadable') return r.ageMs > UNREADABLE_GRACE_MS;
  const sameHost = !r.holder.host || r.holder.host === hostname();
  return sameHost && !alive(r.holder.pid!);
}

/**
 * Remove `file` only if it still has exactly the content `expected`: the file is renamed to a private name (one
 * process wins a rename) and compared; when it turns out to be someone else's live lock, it is put back.
 */
function removeIfUnchanged(file: string, expected: string): boolean {
  const grave = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, grave);
  } catch (e) {
    if (code(e) === 'ENOENT') return false;
    throw e;
  }
  let got: string;
  try {
    got = readFileSync(grave, 'utf8');
  } catch {
    got = '';
  }
  if (got === expected) {
    unlinkSync(grave);
    return true;
  }
  // not the stale lock we judged: give it back (link, so a lock created in the meantime is never overwritten)
  try {
    linkSync(grave, file);
  } catch {
    // the name was taken meanwhile by a newcomer; the displaced holder finds out through held()
  }
  unlinkSync(grave);
  return false;
}

/**
 * Stale takeover under a second lock (`lock.takeover`), so that of many processes finding the same stale lock at
 * once only one removes it; a takeover lock whose own holder died is removed the same careful way.
 */
function takeOver(file: string, stale: Read & { state: 'ok' | 'unreadable' }, mine: string): boolean {
  const guard = `${file}.takeover`;
  const guardText = JSON.stringify({ pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex') });
  if (!createWith(guard, guardText)) {
    const g = readLock(guard);
    if ((g.state === 'ok' || g.state === 'unreadable') && isStale(g)) removeIfUnchanged(guard, g.text);
    return false;
  }
  try {
    const now = readLock(file);
    if (now.state === 'gone') return createWith(file, mine);
    if (now.text !== stale.text) return false; // changed hands meanwhile: look again
    if (!removeIfUnchanged(file, stale.text)) return false;
    return createWith(file, mine);
  } finally {
    removeIfUnchanged(guard, guardText);
  }
}

/** Temp and displaced files a killed process left beside the lock (`lock.<pid>.<hex>.tmp|.stale`). */
function sweepLeftovers(file: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of readdirSync(dir)) {
    const m = new RegExp(`^${base}\\.(\\d+)\\.[0-9a-f]+\\.(?:tmp|stale)$`).exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      // another process swept it
    }
  }
}

export function acquireLock(root: string): Lock {
  const file = path.join(root, LOCK_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  const mine = JSON.stringify(me);
  let tookOverStale = false;
  let last: Read = { state: 'gone' };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (attempt > 0) pause(Math.min(20, attempt * 2));
    let taken = createWith(file, mine);
    if (!taken) {
      last = readLock(file);
      if (last.state === 'gone') continue; // released between our create and our read: try again
      if (!isStale(last)) {
        if (last.state === 'unreadable' && attempt < 5) continue; // being created: look again shortly
        break;
      }
      taken = takeOver(file, last, mine);
      if (!taken) continue;
      tookOverStale = true;
    }
    if (tookOverStale) sweepLeftovers(file);
    return {
      tookOverStale,
      held() {
        const r = readLock(file);
        return r.state !== 'gone' && r.text === mine;
      },
      release() {
        const r = readLock(file);
        if (r.state !== 'gone' && r.text === mine) removeIfUnchanged(file, mine);
      },
    };
  }
  const h = last.state === 'ok' ? last.holder : {};
  throw new LockedError(
    `another distill run holds the vault lock (pid ${h.pid ?? '?'} since ${h.since ?? '?'}); wait for it to finish, or remove ${LOCK_FILE} if that process is gone`,
  );
}
