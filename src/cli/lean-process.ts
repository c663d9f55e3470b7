/**
 * A large run in a process of its own whose C allocator gives large blocks back. glibc's malloc raises its mmap
 * threshold each time a large block is freed, so after the first batch the megabyte buffers a batch reads, writes,
 * hashes and compresses (entity states, the ledger) come from heaps it rarely returns: measured on 3,000 generated
 * emails, peak RSS 271 MB as the process started, 220 MB with the threshold fixed (`MALLOC_MMAP_THRESHOLD_`, read
 * only as a process starts: hence a child). Only where it matters: Linux, a run of more than one batch, started as
 * the `distill` command (not a program calling `main`), and not already in such a child.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const MARK = 'DISTILL_LEAN_ALLOC';

/** The environment for the lean child, or null when this process should do the work itself. */
export function leanEnv(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  script: string | undefined,
): NodeJS.ProcessEnv | null {
  if (platform !== 'linux' || env[MARK] || env.MALLOC_MMAP_THRESHOLD_ !== undefined || !script) return null;
  let started: string;
  try {
    started = realpathSync(script);
  } catch {
    return null;
  }
  if (started !== realpathSync(BIN)) return null;
  return { ...env, [MARK]: '1', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };
}

/**
 * Runs this very command again in a child with `env` and the terminal as it is, and gives its exit code. Ctrl-C
 * reaches the child from the terminal (it finishes or rolls back its batch); a signal sent to this process alone is
 * passed on to it.
 */
export function relaunch(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, BIN, ...process.argv.slice(2)], {
      env,
      stdio: 'inherit',
    });
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = { SIGINT: () => {}, SIGTERM: pass('SIGTERM'), SIGHUP: pass('SIGHUP') } as const;
    for (const [s, h] of Object.entries(handlers)) process.on(s, h);
    const done = () => {
      for (const [s, h] of Object.entries(handlers)) process.off(s, h);
    };
    child.on('error', (e) => {
      done();
      reject(e);
    });
    child.on('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
