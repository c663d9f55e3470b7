/**
 * Every filesystem mutation apply makes goes through one `FsOps` object. That single choke point is what makes
 * fault injection honest: the Nth operation can be made to fail (or to kill the process, like a power cut) and
 * the tests can walk N over every operation of a real run.
 */
import {
  closeSync,
  copyFileSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

export const TMP_MARK = '.distill-tmp';

export interface FaultPlan {
  /** Throw on the Nth mutating operation (1-based). */
  failAt?: number;
  /** SIGKILL this process on the Nth mutating operation (simulates a crash mid-run). */
  crashAt?: number;
  /** Throw on the first operation whose description starts with this (e.g. `git update-index`). */
  failAtLabel?: string;
  /** SIGKILL this process on the first operation whose description starts with this. */
  crashAtLabel?: string;
}

export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

export class FsOps {
  count = 0;
  constructor(private readonly faults: FaultPlan = {}) {}

  private step(what: string): void {
    this.count++;
    const f = this.faults;
    if (f.crashAt === this.count || (f.crashAtLabel && what.startsWith(f.crashAtLabel)))
      process.kill(process.pid, 'SIGKILL');
    if (f.failAt === this.count || (f.failAtLabel && what.startsWith(f.failAtLabel)))
      throw new InjectedFault(`injected failure at operation ${this.count} (${what})`);
  }

  /**
   * A mutation made outside the filesystem calls here (a git ref or index update): counted like the others, so
   * faults and crashes land before it too.
   */
  checkpoint(what: string): void {
    this.step(what);
  }

  /** tmp file + fsync + rename + directory fsync; the tmp name is recognisable so recovery can sweep it. */
  writeAtomic(file: string, data: string | Buffer | readonly string[]): void {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}${TMP_MARK}`);
    this.step(`write ${file}`);
    const fd = openSync(tmp, 'w');
    try {
      // a text given in parts (a large run record) is written part by part: its bytes are never all in memory at once
      for (const part of Array.isArray(data) ? data : [data]) {
        const buf = typeof part === 'string' ? Buffer.from(part, 'utf8') : (part as Buffer);
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.step(`rename into ${file}`);
    renameSync(tmp, file);
    syncDir(path.dirname(file));
  }

  /** A durable copy (the journal's pre-image of a file): the kernel copies, no bytes pass through JavaScript. */
  copyFile(from: string, to: string): void {
    this.step(`copy ${from}`);
    copyFileSync(from, to);
    const fd = openSync(to, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  rename(from: string, to: string): void {
    this.step(`move ${from}`);
    renameSync(from, to);
    syncDir(path.dirname(to));
  }

  unlink(file: string): void {
    this.step(`remove ${file}`);
    unlinkSync(file);
  }

  mkdir(dir: string): void {
    this.step(`mkdir ${dir}`);
    mkdirSync(dir);
  }

  rmdir(dir: string): void {
    this.step(`rmdir ${dir}`);
    rmdirSync(dir);
  }
}

export function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directory fsync is not supported everywhere; the rename is still atomic.
  }
}

/**
 * Faults from the environment: test hooks used by the fault-injection suite on a child `distill run`.
 * `DISTILL_FAULT_AT` / `DISTILL_CRASH_AT` take an operation number (1-based) or `@` and the start of an
 * operation's description (`@git update-index`, `@move `).
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultPlan {
  const n = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  const label = (v: string | undefined) => (v?.startsWith('@') && v.length > 1 ? v.slice(1) : undefined);
  const plan: FaultPlan = {};
  const fail = n(env.DISTILL_FAULT_AT);
  const crash = n(env.DISTILL_CRASH_AT);
  const failLabel = label(env.DISTILL_FAULT_AT);
  const crashLabel = label(env.DISTILL_CRASH_AT);
  if (fail !== undefined) plan.failAt = fail;
  if (crash !== undefined) plan.crashAt = crash;
  if (failLabel !== undefined) plan.failAtLabel = failLabel;
  if (crashLabel !== undefined) plan.crashAtLabel = crashLabel;
  return plan;
}
