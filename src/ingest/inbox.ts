/**
 * What is in the inbox, entry by entry, and what a run can do with each: process it, or leave it where it is and
 * say why. One odd entry never stops the batch, and nothing is skipped without a word:
 *
 * - a hidden entry (`.name`), a symbolic link, a FIFO, socket or device is left and reported;
 * - a file whose name has a backslash, a line break or another control character, or is not valid UTF-8, is left
 *   and reported (no vault path may hold one, so it can be neither archived nor queued as failed: rename it);
 * - a file the run may not read (EACCES) is left and reported (fix its permissions);
 * - folders are walked, as before; `.gitkeep` and desktop litter (`.DS_Store`, `Thumbs.db`) are passed over quietly.
 *
 * And for a file that fails to read: `failedQueuePaths` gives its place in `Inbox/_failed/` and a reason file whose
 * name stays within 255 bytes however long the original name is.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, type Dirent, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { cutToBytes, fitName, MAX_NAME_BYTES, suffixedName } from '../vault/paths.ts';

export interface SkippedEntry {
  /** Vault-relative path of the entry, as far as it can be written (control characters shown as `\uXXXX`). */
  path: string;
  reason: string;
}

export interface InboxScan {
  /** Vault-relative POSIX paths of the files to process, sorted. */
  files: string[];
  /** Entries left where they are, each with the reason. */
  skipped: SkippedEntry[];
}

/** Names never worth a word: placeholders and what desktops drop into every folder. */
const QUIET = new Set(['.gitkeep', '.DS_Store', '.localized', 'Thumbs.db', 'desktop.ini', 'Icon\r']);

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here.
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is shown escaped.
const CONTROL_ALL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** A name as it can be shown on one line. */
export function showName(name: string): string {
  return name.replace(CONTROL_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Why a file name cannot go through a run (null when it can). */
export function badName(name: string): string | null {
  if (name.includes('\\')) return 'file name has a backslash (\\): rename the file';
  if (CONTROL.test(name)) return 'file name has a line break or control character: rename the file';
  if (name.includes('\ufffd')) return 'file name is not valid UTF-8: rename the file';
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return 'file name is over 255 bytes: rename the file';
  return null;
}

export interface ScanOptions {
  /** Names (files or folders) that are not inbox entries at all (the failed queue): passed over quietly. */
  skip?: (name: string) => boolean;
  /** Read permission check, injectable for tests (the default asks the file system). */
  readable?: (absPath: string) => string | null;
}

/** Null when the run may read the file, else the error code (`EACCES`, `ENOENT`…). */
export function readableOrCode(abs: string): string | null {
  try {
    accessSync(abs, constants.R_OK);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'unreadable';
  }
}

function kindOf(e: Dirent): string {
  if (e.isSymbolicLink()) return 'symbolic link: not followed (move the file itself into the inbox)';
  if (e.isFIFO()) return 'named pipe (FIFO): not a file, left in place';
  if (e.isSocket()) return 'socket: not a file, left in place';
  if (e.isBlockDevice() || e.isCharacterDevice()) return 'device: not a file, left in place';
  return 'not a regular file: left in place';
}

/** Every entry under `folder` (vault-relative), sorted into files to process and entries left with a reason. */
export function scanInbox(root: string, folder: string, opts: ScanOptions = {}): InboxScan {
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  const readable = opts.readable ?? readableOrCode;
  const walk = (rel: string) => {
    const dir = path.join(root, ...rel.split('/').filter(Boolean));
    if (!existsSync(dir)) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: rel, reason: `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (QUIET.has(e.name) || opts.skip?.(e.name)) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      const shown = showName(child);
      if (e.name.startsWith('.')) {
        skipped.push({
          path: shown,
          reason: `hidden ${e.isDirectory() ? 'folder' : 'file'} (name starts with a dot): left in place`,
        });
        continue;
      }
      if (e.isDirectory()) {
        const bad = badName(e.name);
        if (bad)
          skipped.push({
            path: shown,
            reason: bad.replace('file name', 'folder name').replace('the file', 'the folder'),
          });
        else walk(child);
        continue;
      }
      if (!e.isFile()) {
        skipped.push({ path: shown, reason: kindOf(e) });
        continue;
      }
      const bad = badName(e.name);
      if (bad) {
        skipped.push({ path: shown, reason: bad });
        continue;
      }
      const denied = readable(path.join(dir, e.name));
      if (denied) {
        skipped.push({ path: shown, reason: `cannot read (${denied}): left in place, fix its permissions` });
        continue;
      }
      files.push(child);
    }
  };
  walk(folder);
  return { files: files.sort(), skipped };
}

/** Error codes that mean a file is gone or may not be read: it is reported and left, never moved. */
export const LEAVE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'ELOOP', 'EISDIR']);

const REASON_EXT = '.reason.txt';

/**
 * Where a file that failed goes in the failed queue, and its reason file: `<dir>/<name>` (the name shortened to fit
 * 255 bytes, ` (2)`… when taken) and `<dir>/<name>.reason.txt`, or, when that would pass 255 bytes, a short safe
 * name: the start of the stem plus 8 hex of the name's hash (`<stem>-1a2b3c4d.reason.txt`).
 */
export function failedQueuePaths(
  dir: string,
  name: string,
  taken: (vaultPath: string) => boolean,
): { target: string; reason: string } {
  const base = fitName(name);
  let file = base;
  for (let i = 2; taken(`${dir}/${file}`); i++) file = suffixedName(base, String(i));
  const target = `${dir}/${file}`;
  let reasonName = `${file}${REASON_EXT}`;
  if (Buffer.byteLength(reasonName, 'utf8') > MAX_NAME_BYTES) {
    const hash = createHash('sha256').update(file).digest('hex').slice(0, 8);
    const tail = `-${hash}${REASON_EXT}`;
    reasonName = `${cutToBytes(file, 100).trimEnd()}${tail}`;
  }
  return { target, reason: `${dir}/${reasonName}` };
}
