/**
 * Every path Distill writes is computed here and validated before use: vault-relative, POSIX separators, inside
 * one of the allowed top-level folders, no `..`, no NUL, no segment over 255 bytes. Titles coming from sources (or
 * a model) only ever become a file *name* through `safeFileName`, never a path.
 */
import path from 'node:path';
import { cutToBytes, safeFileName } from '../core/filename.ts';
import type { Config } from './config.ts';

// The file-name sanitiser is core's; it is re-exported here, where every path is made.
export { cutToBytes, safeFileName };

export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
}

/** Top-level names a run may write under. */
export function allowedRoots(config: Config): string[] {
  const f = config.folders;
  return [
    f.inbox,
    f.sources,
    f.people,
    f.accounts,
    f.projects,
    f.meetings,
    f.outbox,
    f.digests,
    f.briefs,
    '.distill',
    'Tasks.md',
    '.gitignore',
    '.obsidian',
    'distill.config.yaml',
  ];
}

const MAX_SEGMENT_BYTES = 255;

/** Returns the path unchanged if it is safe, else throws with the reason. */
export function checkVaultPath(p: string, config: Config): string {
  if (typeof p !== 'string' || p.length === 0) throw new UnsafePathError('empty path');
  if (p.includes('\0')) throw new UnsafePathError(`NUL byte in path: ${JSON.stringify(p)}`);
  if (p.includes('\\')) throw new UnsafePathError(`backslash in path (Windows separator): ${p}`);
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) throw new UnsafePathError(`absolute path: ${p}`);
  const segments = p.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') throw new UnsafePathError(`bad segment "${s}" in ${p}`);
    if (Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES) throw new UnsafePathError(`name over 255 bytes in ${p}`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
    if (/[\x00-\x1f]/.test(s)) throw new UnsafePathError(`control character in ${p}`);
  }
  if (!allowedRoots(config).includes(segments[0]!)) {
    throw new UnsafePathError(`outside the allowed folders: ${p}`);
  }
  return p;
}

export function joinVault(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

/** The absolute path of a vault-relative POSIX path. */
export function vaultFile(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}

export const MAX_NAME_BYTES = MAX_SEGMENT_BYTES;

/**
 * A file name with ` (suffix)` before its extension that still fits in 255 bytes: the stem is shortened (never the
 * extension, never the suffix), so a ~250-byte name that clashes gets a free name instead of failing the batch.
 */
export function suffixedName(name: string, suffix: string, maxBytes = MAX_NAME_BYTES): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && Buffer.byteLength(name.slice(dot), 'utf8') <= 16 ? name.slice(dot) : '';
  const stem = ext ? name.slice(0, dot) : name;
  const tail = ` (${suffix})${ext}`;
  const room = Math.max(1, maxBytes - Buffer.byteLength(tail, 'utf8'));
  return `${cutToBytes(stem, room).trimEnd() || '_'}${tail}`;
}

/** `name` if it fits in 255 bytes, else its stem shortened (the extension kept) so that it does. */
export function fitName(name: string, maxBytes = MAX_NAME_BYTES): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && Buffer.byteLength(name.slice(dot), 'utf8') <= 16 ? name.slice(dot) : '';
  const stem = ext ? name.slice(0, dot) : name;
  return `${cutToBytes(stem, maxBytes - Buffer.byteLength(ext, 'utf8')).trimEnd() || '_'}${ext}`;
}
