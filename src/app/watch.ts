/** `distill watch`: poll the inbox and run once its files have settled. Effects come in as parameters (testable). */
import { statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../vault/config.ts';
import { type RunCallbacks, type RunOutcome, runVault } from './run.ts';
import { inboxFiles } from './vault-read.ts';

export interface WatchDeps {
  /** The inbox state; '' when there is nothing to process. */
  snapshot(): string;
  /** One `distill run`; resolves to its exit code. */
  run(): Promise<number>;
  sleep(ms: number): Promise<void>;
  intervalMs: number;
  shouldStop(): boolean;
  /** Called after every run with its exit code (1 when it threw). */
  onRun?(code: number): void;
  /** One line of diagnostics; stderr by default. */
  report?(message: string): void;
}

/**
 * Path, size and mtime of every inbox file, one per line. Names alone are not enough: an export still being written
 * keeps its name while it grows, and must not be read half-written.
 */
export function inboxSnapshot(root: string, files: readonly string[]): string {
  const lines: string[] = [];
  for (const rel of files) {
    try {
      const s = statSync(path.join(root, ...rel.split('/')));
      lines.push(`${rel}\t${s.size}\t${s.mtimeMs}`);
    } catch {
      // gone between the listing and the stat (moved by the user or another run): not part of this inbox
    }
  }
  return lines.join('\n');
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Runs when the inbox is non-empty and unchanged since the previous poll, then needs a fresh settle before the next
 * run. A failing run is reported and watching goes on: one bad export must not end an unattended watcher. Returns
 * once `shouldStop()` is true; a run in progress is always allowed to finish first.
 */
export async function watchInbox(deps: WatchDeps): Promise<void> {
  const report = deps.report ?? ((m: string) => process.stderr.write(`${m}\n`));
  let previous = '';
  while (!deps.shouldStop()) {
    let now = '';
    try {
      now = deps.snapshot();
    } catch (e) {
      report(`watch: cannot read the inbox: ${messageOf(e)}`);
    }
    if (now !== '' && now === previous) {
      // the files the run archives leave the inbox, so what is left afterwards must settle again on its own
      previous = '';
      let code: number;
      try {
        code = await deps.run();
        if (code !== 0) report(`watch: run exited with code ${code}; still watching`);
      } catch (e) {
        code = 1;
        report(`watch: run failed: ${messageOf(e)}; still watching`);
      }
      deps.onRun?.(code);
    } else previous = now;
    if (deps.shouldStop()) break;
    await deps.sleep(deps.intervalMs);
  }
}

export interface WatchVaultOptions extends RunCallbacks {
  intervalMs: number;
  /** Aborting ends the wait between polls; a run that has started finishes its transaction and commit first. */
  signal: AbortSignal;
  /** One line of diagnostics (a run that failed, an inbox that cannot be read). */
  report?(message: string): void;
  /** After each run, with what it did. */
  onOutcome?(outcome: RunOutcome): void;
}

/** Watch a vault's inbox and run the run use case whenever it has settled, until `signal` aborts. */
export async function watchVault(root: string, config: Config, o: WatchVaultOptions): Promise<void> {
  await watchInbox({
    snapshot: () => inboxSnapshot(root, inboxFiles(root, config)),
    run: async () => {
      const outcome = await runVault(root, config, o);
      o.onOutcome?.(outcome);
      return outcome.result.plan.failed.length > 0 ? 1 : 0;
    },
    sleep: (ms) => delay(ms, undefined, { signal: o.signal }).catch(() => {}),
    intervalMs: o.intervalMs,
    shouldStop: () => o.signal.aborted,
    ...(o.report ? { report: o.report } : {}),
  });
}
