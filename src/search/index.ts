/**
 * The vault's full-text index (SQLite FTS5), a cache that is never needed for a right answer: every call first
 * brings it up to date with the files as they are (size and mtime against what it recorded), a missing, corrupt or
 * older-schema index is rebuilt, and a vault where SQLite cannot write still answers (from a throwaway in-memory
 * index). A run may call `updateIndex` with the files it touched to do that work early; nothing depends on it.
 *
 * The index lives in `.distill/cache/` (not `.distill/` itself): that folder is git-ignored in every vault Distill
 * made, so a search never leaves the vault dirty and a binary file never lands in the user's history.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { type Config, loadConfig } from '../vault/config.ts';
import { vaultFile } from '../vault/paths.ts';
import {
  type Db,
  dirStamps,
  type FileStamp,
  fileCount,
  type Hit,
  notePaths,
  openDb,
  queryDb,
  removeDbFiles,
  stamps,
  writeDirStamps,
  writeFile,
} from './db.ts';
import { documentsOf } from './documents.ts';
import { checkFilters, ftsQuery, type SearchFilters } from './query.ts';

export type { Hit, SearchFilters };

export const INDEX_PATH = '.distill/cache/index.sqlite';

/** Folders whose files become rows (see documents.ts for what each gives). */
export function indexedFolders(config: Config): string[] {
  const f = config.folders;
  return [f.meetings, f.people, f.accounts, f.projects, f.sources, f.outbox];
}

const TEXT_EXT = /\.(md|markdown|txt|vtt|srt|eml)$/i;

export interface Scan {
  /** Indexable files with their stamps, except those in `trusted` folders. */
  files: Map<string, FileStamp>;
  /** Every folder walked, with its mtime. */
  dirs: Map<string, number>;
  /** Archive folders unchanged since `knownDirs` was recorded: their files are the ones the index has. */
  trusted: string[];
}

/**
 * Every indexable file under the indexed folders with its size and mtime; symlinks and dot-files are never read.
 * Archived originals are never edited (an archive folder only gains and loses files, which changes its mtime), so a
 * folder under Sources/ whose mtime is what `knownDirs` recorded is not read at all: its files are the ones the
 * index has. That halves the cost of checking a 10,000-note vault. Notes and pages are always stat-ed: editing a
 * file in place does not change its folder.
 */
export function scanVault(root: string, config: Config, knownDirs: Map<string, number> = new Map()): Scan {
  const files = new Map<string, FileStamp>();
  const dirs = new Map<string, number>();
  const trusted: string[] = [];
  const childDirs = (rel: string) =>
    [...knownDirs.keys()].filter((d) => d.startsWith(`${rel}/`) && !d.slice(rel.length + 1).includes('/'));
  const walk = (rel: string, archive: boolean) => {
    let mtime: number;
    let entries: import('node:fs').Dirent[];
    try {
      const st = lstatSync(vaultFile(root, rel));
      if (!st.isDirectory()) return;
      mtime = st.mtimeMs;
      dirs.set(rel, mtime);
      if (archive && knownDirs.get(rel) === mtime) {
        trusted.push(rel);
        for (const c of childDirs(rel)) walk(c, true);
        return;
      }
      entries = readdirSync(vaultFile(root, rel), { withFileTypes: true });
    } catch {
      dirs.delete(rel);
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!(rel === config.folders.outbox || e.name === '_failed')) walk(child, archive);
      } else if (e.isFile() && TEXT_EXT.test(e.name)) {
        const st = lstatSync(vaultFile(root, child), { throwIfNoEntry: false });
        // (undefined: vanished between readdir and stat, so simply not there)
        if (st?.isFile()) files.set(child, { mtime_ms: st.mtimeMs, size: st.size });
      }
    }
  };
  for (const folder of new Set(indexedFolders(config))) walk(folder, folder === config.folders.sources);
  return { files, dirs, trusted };
}

export interface FreshenResult {
  indexed: number;
  removed: number;
  files: number;
}

function readText(root: string, rel: string): string | null {
  try {
    return readFileSync(vaultFile(root, rel), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Index `paths` as they are on disk now (a path that no longer exists, or is no longer indexable, is removed).
 * Archived originals are written after notes so they find the note that links them.
 */
function indexPaths(db: Db, root: string, config: Config, paths: string[], disk: Map<string, FileStamp>): number {
  const isSource = (p: string) => p.startsWith(`${config.folders.sources}/`);
  const ordered = [...paths].sort((a, b) => Number(isSource(a)) - Number(isSource(b)) || (a < b ? -1 : 1));
  let n = 0;
  db.transaction(() => {
    for (const p of ordered) {
      const stamp = disk.get(p) ?? null;
      const text = stamp ? readText(root, p) : null;
      if (stamp && text !== null) {
        writeFile(db, p, stamp, documentsOf(p, text, config));
        n++;
      } else writeFile(db, p, null, []);
    }
  })();
  return n;
}

/** Brings the index up to date with the vault: changed and new files re-indexed, deleted ones dropped. */
export function freshen(db: Db, root: string, config: Config): FreshenResult {
  const before = dirStamps(db);
  const scan = scanVault(root, config, before);
  const known = stamps(db, scan.trusted);
  const disk = scan.files;
  const changed: string[] = [];
  for (const [p, s] of disk) {
    const k = known.get(p);
    if (!k || k.mtime_ms !== s.mtime_ms || k.size !== s.size) changed.push(p);
  }
  const gone = [...known.keys()].filter((p) => !disk.has(p));
  const indexed = changed.length + gone.length > 0 ? indexPaths(db, root, config, [...changed, ...gone], disk) : 0;
  if (scan.dirs.size !== before.size || [...scan.dirs].some(([d, m]) => before.get(d) !== m))
    writeDirStamps(db, scan.dirs);
  return { indexed, removed: gone.length, files: fileCount(db) };
}

/** Opens the vault's index, rebuilding it from nothing when it is missing, unreadable or of another schema. */
export function openIndex(root: string): Db {
  const file = vaultFile(root, INDEX_PATH);
  try {
    return openDb(file);
  } catch {
    removeDbFiles(file);
    try {
      return openDb(file);
    } catch {
      // A read-only vault (or a full disk): an index in memory still answers this one call.
      return openDb(':memory:');
    }
  }
}

/** Runs `fn` on a fresh index; an index that turns out corrupt half-way is deleted and the call made once more. */
export function withIndex<T>(root: string, config: Config, fn: (db: Db) => T): T {
  for (let attempt = 0; ; attempt++) {
    const db = openIndex(root);
    try {
      freshen(db, root, config);
      return fn(db);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (attempt > 0 || !/^SQLITE_(CORRUPT|NOTADB|ERROR)/.test(code)) throw e;
      db.close();
      removeDbFiles(vaultFile(root, INDEX_PATH));
    } finally {
      if (db.open) db.close();
    }
  }
}

/** `distill index --rebuild`: a new index from every file. */
export function rebuildIndex(root: string, config: Config): FreshenResult {
  removeDbFiles(vaultFile(root, INDEX_PATH));
  const db = openIndex(root);
  try {
    return freshen(db, root, config);
  } finally {
    db.close();
  }
}

/**
 * For a run that has just written `touched` (vault-relative paths): index those files now, so the next search has
 * nothing to catch up on. Never throws: the index is a cache and the next search heals whatever this missed.
 */
export function updateIndex(root: string, touched: string[], vaultConfig?: Config): void {
  try {
    const config = vaultConfig ?? loadConfig(root);
    const db = openIndex(root);
    try {
      const wanted = new Set(touched);
      const roots = new Set(indexedFolders(config));
      const present = new Map<string, FileStamp>();
      for (const p of wanted) {
        // Only what a full scan would index: a file (not a symlink) under an indexed folder, not a dot-file.
        if (!roots.has(p.split('/')[0]!) || !TEXT_EXT.test(p) || p.split('/').some((x) => x.startsWith('.'))) continue;
        try {
          const st = lstatSync(vaultFile(root, p));
          if (st.isFile()) present.set(p, { mtime_ms: st.mtimeMs, size: st.size });
        } catch {
          // gone: removed from the index below
        }
      }
      const known = stamps(db);
      indexPaths(
        db,
        root,
        config,
        [...wanted].filter((p) => present.has(p) || known.has(p)),
        present,
      );
    } finally {
      db.close();
    }
  } catch {
    // see above: a failed update only means the next search indexes these files itself
  }
}

export interface SearchOptions extends SearchFilters {
  limit?: number;
}

/**
 * Ranked matches for `query` (every word must match; when none has them all, any word may), or with an empty query
 * the newest items the filters allow.
 */
export function searchIndex(db: Db, query: string, opts: SearchOptions = {}): Hit[] {
  checkFilters(opts);
  const limit = Math.max(1, Math.min(opts.limit ?? 20, 500));
  const all = ftsQuery(query, 'all');
  const hits = queryDb(db, all, { ...opts, limit });
  if (hits.length > 0 || all === null) return hits;
  const any = ftsQuery(query, 'any');
  return any && any !== all ? queryDb(db, any, { ...opts, limit }) : hits;
}

export function search(root: string, config: Config, query: string, opts: SearchOptions = {}): Hit[] {
  checkFilters(opts);
  return withIndex(root, config, (db) => searchIndex(db, query, opts));
}

/**
 * The source notes that can concern someone known by `names` (people) or `accounts`: their notes by participant or
 * account, and every note whose text has all the words of one of the names. Null when the index cannot answer (the
 * caller then reads every note).
 */
export function notesConcerning(
  root: string,
  config: Config,
  who: { people: string[]; accounts: string[]; words: string[] },
): string[] | null {
  const match =
    who.words
      .map((n) => ftsQuery(n, 'all'))
      .filter((q): q is string => q !== null)
      .map((q) => `(${q})`)
      .join(' OR ') || null;
  try {
    return withIndex(root, config, (db) => notePaths(db, { people: who.people, accounts: who.accounts, match }));
  } catch {
    return null;
  }
}
