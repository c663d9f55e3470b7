/**
 * Every filesystem mutation apply makes goes through one `FsOps` object. That single choke point is what makes
 * fault injection honest: the Nth operation can be made to fail (or to kill the process, like a power cut) and
 * the tests can walk N over every operation of a real run.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

export const TMP_MARK = '.distill-tmp';

export interface FaultPlan {
  /** Throw on the Nth mutating operation (1-based). */
  failAt?: number;
  /** SIGKILL this process on the Nth mutating operation (simulates a crash mid-run). */
  crashAt?: number;
}

export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

export class FsOps {
  count = 0;
  constructor(private readonly faults: FaultPlan = {}) {}

  private step(what: string): void {
    this.count++;
    if (this.faults.crashAt === this.count) process.kill(process.pid, 'SIGKILL');
    if (this.faults.failAt === this.count)
      throw new InjectedFault(`injected failure at operation ${this.count} (${what})`);
  }

  /** tmp file + fsync + rename + directory fsync; the tmp name is recognisable so recovery can sweep it. */
  writeAtomic(file: string, data: string | Buffer): void {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}${TMP_MARK}`);
    this.step(`write ${file}`);
    const fd = openSync(tmp, 'w');
    try {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.step(`rename into ${file}`);
    renameSync(tmp, file);
    syncDir(path.dirname(file));
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

function syncDir(dir: string): void {
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

/** Faults from the environment: test hooks used by the fault-injection suite on a child `distill run`. */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultPlan {
  const n = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  const plan: FaultPlan = {};
  const fail = n(env.DISTILL_FAULT_AT);
  const crash = n(env.DISTILL_CRASH_AT);
  if (fail !== undefined) plan.failAt = fail;
  if (crash !== undefined) plan.crashAt = crash;
  return plan;
}
