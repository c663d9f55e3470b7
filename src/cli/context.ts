/** Shared CLI plumbing: finding the vault, loading config, exit codes, one-line errors, JSON output. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import { CONFIG_FILE, type Config, ConfigError, loadConfig } from '../vault/config.ts';

export const EXIT_OK = 0;
export const EXIT_SOURCES_FAILED = 1;
export const EXIT_USAGE = 2;

/** A usage or configuration problem: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface GlobalOptions {
  vault?: string;
  json?: boolean;
}

/** `--vault`, else the nearest folder (upwards from cwd) holding distill.config.yaml, else cwd. */
export function findVaultRoot(explicit: string | undefined, cwd = process.cwd()): string {
  if (explicit) {
    const root = path.resolve(cwd, explicit);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`vault folder not found: ${root}`);
    return root;
  }
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

export interface VaultContext {
  root: string;
  config: Config;
}

/**
 * The vault a command works on. A folder without distill.config.yaml is not a vault: the command stops with one line
 * (exit 2) instead of treating it as one (a `run` there would have made `.distill/` in a random folder). Commands
 * that read a file given on the command line (`extract`, `eval`) pass `requireConfig: false` and get the defaults.
 */
export function openVault(opts: GlobalOptions, { requireConfig = true } = {}): VaultContext {
  const root = findVaultRoot(opts.vault);
  if (requireConfig && !existsSync(path.join(root, CONFIG_FILE))) {
    throw new UsageError(
      `not a Distill vault: no ${CONFIG_FILE} in ${root}${opts.vault ? '' : ' or above it'} (create one with \`distill init\`, or pass --vault <dir>)`,
    );
  }
  try {
    return { root, config: loadConfig(root) };
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`${pc.yellow('warning')} ${message}\n`);
}

export function fail(message: string): void {
  process.stderr.write(`${pc.red('error')} ${message}\n`);
}

export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Progress on a TTY only, so pipes and CI logs stay clean. */
let progressStart = 0;

/** One line of progress, `[██████░░░░] 1,200/10,000 12% 3m left  Inbox/…`, from `done`, `total` and elapsed time. */
export function progressLine(done: number, total: number, label: string, elapsedMs: number, width = 100): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * 20);
  const left = done > 0 && done < total ? (elapsedMs / done) * (total - done) : null;
  const eta =
    left === null ? '' : left >= 60_000 ? ` ${Math.round(left / 60_000)}m left` : ` ${Math.ceil(left / 1000)}s left`;
  const head = `[${'█'.repeat(filled)}${'░'.repeat(20 - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${Math.floor(share * 100)}%${eta}`;
  return `${head}  ${label.slice(0, Math.max(0, width - head.length - 2))}`;
}

/** Progress on a terminal only (a pipe or a log gets the summary, not a redrawn line). */
export function progress(done: number, total: number, label: string): void {
  if (!process.stderr.isTTY) return;
  if (done === 0 || progressStart === 0) progressStart = Date.now();
  const line = progressLine(done, total, label, Date.now() - progressStart, process.stderr.columns || 100);
  process.stderr.write(`\r\x1b[2K${pc.dim(line)}`);
  if (done >= total) {
    process.stderr.write('\r\x1b[2K');
    progressStart = 0;
  }
}
