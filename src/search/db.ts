/**
 * The SQLite edge of the search index: schema, writing one file's rows, and the two queries. Everything that
 * decides *what* is indexed or *how* a query reads lives in documents.ts and query.ts; this file only moves rows.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { IndexDoc } from './documents.ts';
import { filterSql, packNames, type SearchFilters, unpackNames } from './query.ts';

/** Bump when the schema or what documents.ts produces changes: an index of another version is rebuilt. */
export const SCHEMA_VERSION = 4;

export type Db = Database.Database;

export interface FileStamp {
  mtime_ms: number;
  size: number;
}

export interface Hit {
  path: string;
  kind: string;
  subtype: string | null;
  date: string | null;
  title: string;
  snippet: string;
  people: string[];
  accounts: string[];
  score: number;
  task: { id: string | null; status: string; owner: string | null; due: string | null } | null;
}

const SCHEMA = `
CREATE TABLE files (path TEXT PRIMARY KEY, dir TEXT NOT NULL, mtime_ms REAL NOT NULL, size INTEGER NOT NULL);
CREATE TABLE dirs (path TEXT PRIMARY KEY, mtime_ms REAL NOT NULL);
CREATE TABLE docs (
  id INTEGER PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL, subtype TEXT, date TEXT, title TEXT NOT NULL,
  people TEXT NOT NULL, accounts TEXT NOT NULL,
  task_id TEXT, task_status TEXT, task_owner TEXT, task_due TEXT
);
CREATE INDEX docs_path ON docs(path);
CREATE INDEX docs_date ON docs(date);
CREATE TABLE refs (note_path TEXT NOT NULL, source_path TEXT NOT NULL);
CREATE INDEX refs_note ON refs(note_path);
CREATE INDEX refs_source ON refs(source_path);
CREATE VIRTUAL TABLE fts USING fts5(title, body, people, accounts, tokenize = 'porter unicode61 remove_diacritics 2');
`;

/** Opens (creating when absent) an index at the current schema version; throws on a file SQLite cannot read. */
export function openDb(file: string): Db {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
      if (tables.n > 0) throw new Error(`index schema ${version}, want ${SCHEMA_VERSION}`);
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    // Reading one row proves the file is a database and the tables are there.
    db.prepare('SELECT 1 FROM docs LIMIT 1').get();
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function removeDbFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f, { force: true });
}

/** What the index recorded for each file, except those directly inside `skipDirs`. */
export function stamps(db: Db, skipDirs: string[] = []): Map<string, FileStamp> {
  const rows = db
    .prepare('SELECT path, mtime_ms, size FROM files WHERE dir NOT IN (SELECT value FROM json_each(?))')
    .raw()
    .all(JSON.stringify(skipDirs)) as [string, number, number][];
  return new Map(rows.map(([p, mtime_ms, size]) => [p, { mtime_ms, size }]));
}

export function fileCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
}

/** Folder mtimes as recorded at the last freshen (a folder's mtime changes when an entry is added or removed). */
export function dirStamps(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT path, mtime_ms FROM dirs').raw().all() as [string, number][];
  return new Map(rows);
}

export function writeDirStamps(db: Db, dirs: Map<string, number>): void {
  const del = db.prepare('DELETE FROM dirs');
  const put = db.prepare('INSERT INTO dirs (path, mtime_ms) VALUES (?, ?)');
  db.transaction(() => {
    del.run();
    for (const [p, m] of dirs) put.run(p, m);
  })();
}

/** Prepared once per connection: indexing 10,000 files runs these tens of thousands of times. */
function statements(db: Db) {
  return {
    docIds: db.prepare('SELECT id FROM docs WHERE path = ?'),
    deleteFts: db.prepare('DELETE FROM fts WHERE rowid = ?'),
    deleteDocs: db.prepare('DELETE FROM docs WHERE path = ?'),
    deleteFile: db.prepare('DELETE FROM files WHERE path = ?'),
    deleteRefs: db.prepare('DELETE FROM refs WHERE note_path = ?'),
    upsertFile: db.prepare(
      'INSERT INTO files (path, dir, mtime_ms, size) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET mtime_ms = excluded.mtime_ms, size = excluded.size',
    ),
    insertDoc: db.prepare(
      `INSERT INTO docs (path, kind, subtype, date, title, people, accounts, task_id, task_status, task_owner, task_due)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertFts: db.prepare('INSERT INTO fts (rowid, title, body, people, accounts) VALUES (?, ?, ?, ?, ?)'),
    insertRef: db.prepare('INSERT INTO refs (note_path, source_path) VALUES (?, ?)'),
    noteOfSource: db.prepare(
      `SELECT d.people, d.accounts, d.date FROM refs r JOIN docs d ON d.path = r.note_path AND d.kind = 'note'
       WHERE r.source_path = ? LIMIT 1`,
    ),
    sourceDocs: db.prepare(`SELECT id, date FROM docs WHERE path = ? AND kind = 'source'`),
    setSourceMeta: db.prepare('UPDATE docs SET people = ?, accounts = ?, date = ? WHERE id = ?'),
    setFtsNames: db.prepare('UPDATE fts SET people = ?, accounts = ? WHERE rowid = ?'),
  };
}

type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Db, Statements>();
function stmts(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = statements(db);
    cache.set(db, s);
  }
  return s;
}

function removeRows(s: Statements, file: string): void {
  for (const { id } of s.docIds.all(file) as { id: number }[]) s.deleteFts.run(id);
  s.deleteDocs.run(file);
  s.deleteRefs.run(file);
}

/** Replaces a file's rows (call inside a transaction); `stamp` null removes the file from the index. */
export function writeFile(db: Db, file: string, stamp: FileStamp | null, docs: IndexDoc[]): void {
  const s = stmts(db);
  removeRows(s, file);
  if (stamp === null) {
    s.deleteFile.run(file);
    return;
  }
  s.upsertFile.run(file, file.slice(0, Math.max(0, file.lastIndexOf('/'))), stamp.mtime_ms, stamp.size);
  for (const d of docs) {
    let { people, accounts, date } = d;
    if (d.kind === 'source') {
      // An archived original knows nothing of who took part: the note that links it does.
      const note = s.noteOfSource.get(file) as { people: string; accounts: string; date: string | null } | undefined;
      if (note) {
        people = unpackNames(note.people);
        accounts = unpackNames(note.accounts);
        date = date ?? note.date;
      }
    }
    const t = d.task;
    const id = Number(
      s.insertDoc.run(
        file,
        d.kind,
        d.subtype,
        date,
        d.title,
        packNames(people),
        packNames(accounts),
        t?.id ?? null,
        t?.status ?? null,
        t?.owner ?? null,
        t?.due ?? null,
      ).lastInsertRowid,
    );
    s.insertFts.run(id, d.title, d.body, people.join(' '), accounts.join(' '));
    if (d.kind === 'note') {
      for (const ref of d.refs) {
        s.insertRef.run(file, ref);
        for (const src of s.sourceDocs.all(ref) as { id: number; date: string | null }[]) {
          s.setSourceMeta.run(packNames(people), packNames(accounts), src.date ?? date, src.id);
          s.setFtsNames.run(people.join(' '), accounts.join(' '), src.id);
        }
      }
    }
  }
}

export interface QueryOptions extends SearchFilters {
  limit: number;
}

type Row = {
  path: string;
  kind: string;
  subtype: string | null;
  date: string | null;
  title: string;
  people: string;
  accounts: string;
  task_id: string | null;
  task_status: string | null;
  task_owner: string | null;
  task_due: string | null;
  score: number;
  snip: string;
};

function toHit(r: Row): Hit {
  return {
    path: r.path,
    kind: r.kind,
    subtype: r.subtype,
    date: r.date,
    title: r.title,
    snippet: r.snip.replace(/\s+/g, ' ').trim(),
    people: unpackNames(r.people),
    accounts: unpackNames(r.accounts),
    score: r.score,
    task: r.task_status ? { id: r.task_id, status: r.task_status, owner: r.task_owner, due: r.task_due } : null,
  };
}

/**
 * Ranked rows for an FTS5 expression (BM25 with the title weighted above the body), or, with no expression, the
 * newest rows the filters allow.
 */
export function queryDb(db: Db, match: string | null, o: QueryOptions): Hit[] {
  const { where, params } = filterSql(o);
  const cols = `d.path, d.kind, d.subtype, d.date, d.title, d.people, d.accounts,
    d.task_id, d.task_status, d.task_owner, d.task_due`;
  if (match === null) {
    const sql = `SELECT ${cols}, 0 AS score, substr(fts.body, 1, 240) AS snip
      FROM docs d JOIN fts ON fts.rowid = d.id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY d.date IS NULL, d.date DESC, d.path LIMIT ?`;
    return (db.prepare(sql).all(...params, o.limit) as Row[]).map(toHit);
  }
  const sql = `SELECT ${cols}, bm25(fts, 8.0, 1.0, 3.0, 3.0) AS score,
      snippet(fts, 1, '**', '**', '…', 20) AS snip
    FROM fts JOIN docs d ON d.id = fts.rowid
    WHERE fts MATCH ?${where.length ? ` AND ${where.join(' AND ')}` : ''}
    ORDER BY score, d.date DESC LIMIT ?`;
  return (db.prepare(sql).all(match, ...params, o.limit) as Row[]).map(toHit);
}

/**
 * Paths of source notes that have any of `people` / `accounts` among their own, or whose text matches `match` (an
 * FTS5 expression): the superset of notes a brief can draw on, so it reads those instead of every note.
 */
export function notePaths(db: Db, o: { people: string[]; accounts: string[]; match: string | null }): string[] {
  const out = new Set<string>();
  for (const [column, names] of [
    ['people', o.people],
    ['accounts', o.accounts],
  ] as const) {
    if (names.length === 0) continue;
    const { where, params } = filterSql(column === 'people' ? { people: names } : { accounts: names });
    const rows = db
      .prepare(`SELECT DISTINCT d.path FROM docs d WHERE d.kind IN ('note', 'task') AND ${where.join(' AND ')}`)
      .raw()
      .all(...params) as [string][];
    for (const [p] of rows) out.add(p);
  }
  if (o.match) {
    const rows = db
      .prepare(
        `SELECT DISTINCT d.path FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? AND d.kind IN ('note', 'task')`,
      )
      .raw()
      .all(o.match) as [string][];
    for (const [p] of rows) out.add(p);
  }
  return [...out].sort();
}
