/**
 * What the search index holds for one vault file, as a pure function of its path and text: a source note gives a
 * row for itself and one per task line; an entity page, an archived original and an outbox draft give one row
 * each. People and accounts are canonical names (the entity folder a wikilink points at), lower-cased, so a filter
 * is an exact name match and never a substring one (`AI` does not find OpenAI).
 */
import { ownerNames } from '../core/owner.ts';
import { pageKind } from '../entities/registry.ts';
import { tasksIn } from '../outputs/digest.ts';
import type { Config } from '../vault/config.ts';
import { readFrontmatter, splitNote } from '../vault/frontmatter.ts';

/** `note` = a source note (subtype email | meeting | document); `entity` = a page (person | account | project). */
export type DocKind = 'note' | 'entity' | 'task' | 'source' | 'draft';
export const DOC_KINDS: readonly string[] = [
  'note',
  'entity',
  'task',
  'source',
  'draft',
  'email',
  'meeting',
  'document',
  'person',
  'account',
  'project',
];

export interface IndexDoc {
  path: string;
  kind: DocKind;
  subtype: string | null;
  /** YYYY-MM-DD: the source's date (a task carries its note's date), an entity's last contact. */
  date: string | null;
  title: string;
  body: string;
  people: string[];
  accounts: string[];
  /** Archived originals a note links to (`source:`), so an original inherits the note's people and date. */
  refs: string[];
  task: { id: string | null; status: string; owner: string | null; due: string | null } | null;
}

/** Archived originals can be long transcripts; past this the tail adds little to ranking and much to the file. */
const MAX_BODY = 200_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}/;

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() === '' ? [] : [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  return [];
}

function dateOf(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  const s = typeof v === 'string' ? v.trim() : '';
  return DATE_RE.test(s) ? s.slice(0, 10) : null;
}

/**
 * The entity name a frontmatter link stands for: the folder of an entity page link (`[[People/Jeff Denworth/README|
 * Myself]]` is Jeff's folder, whatever it displays), else the display text, else the bare target.
 */
export function linkedName(value: string, config: Config): string {
  const m = /^\s*\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]\s*$/.exec(value);
  if (!m) return value.trim();
  const target = m[1]!.trim().replace(/\.md$/, '');
  const page = pageKind(target.endsWith('/README') ? `${target}.md` : `${target}/README.md`, config);
  if (page) return page.folderName;
  return (m[2] ?? target.split('/').pop() ?? target).trim();
}

/** The vault-relative path of a `[[Sources/…]]` link. */
function linkTarget(value: string): string | null {
  const m = /\[\[([^\]|#]+)/.exec(value);
  return m ? m[1]!.trim() : null;
}

const lower = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter((x) => x !== ''))];

function folderOf(path: string): string {
  return path.split('/')[0] ?? '';
}

function titleOf(fm: Record<string, unknown>, body: string, path: string): string {
  const t = strings(fm.title)[0] ?? strings(fm.name)[0] ?? /^#\s+(.+)$/m.exec(body)?.[1];
  return (
    t ??
    path
      .split('/')
      .pop()!
      .replace(/\.[^.]+$/, '')
  ).trim();
}

/** Which rows a file gives, or none when it is not something search covers. */
export function documentsOf(path: string, content: string, config: Config): IndexDoc[] {
  const f = config.folders;
  const top = folderOf(path);
  const page = pageKind(path, config);
  if (page) return [entityDoc(path, content, page.kind, page.folderName)];
  if (top === f.meetings && path.endsWith('.md')) return noteDocs(path, content, config);
  if (top === f.sources) return [sourceDoc(path, content)];
  if (top === f.outbox && path.endsWith('.md')) return [draftDoc(path, content, config)];
  return [];
}

function entityDoc(path: string, content: string, subtype: string, folderName: string): IndexDoc {
  const fm = readFrontmatter(content);
  const { body } = splitNote(content);
  const name = strings(fm.name)[0] ?? folderName;
  const organisation = strings(fm.organisation)[0] ?? null;
  const aliases = strings(fm.aliases);
  return {
    path,
    kind: 'entity',
    subtype,
    date: dateOf(fm.last_contact),
    title: name,
    // Aliases go into the searchable text so "Jeffrey" finds Jeff's page.
    body: [aliases.join(', '), strings(fm.role).join(' '), organisation ?? '', body].filter(Boolean).join('\n'),
    people: subtype === 'person' ? lower([name, folderName, ...aliases]) : [],
    accounts: lower(subtype === 'account' ? [name, folderName, ...aliases] : organisation ? [organisation] : []),
    refs: [],
    task: null,
  };
}

function noteDocs(path: string, content: string, config: Config): IndexDoc[] {
  const fm = readFrontmatter(content);
  const { body } = splitNote(content);
  const people = lower(strings(fm.participants).map((p) => linkedName(p, config)));
  const accounts = lower(strings(fm.accounts).map((a) => linkedName(a, config)));
  const date = dateOf(fm.date) ?? dateOf(path.split('/').pop());
  const subtype = strings(fm.type)[0] ?? null;
  const refs = [...strings(fm.source), ...strings(fm.sources)].map(linkTarget).filter((x): x is string => x !== null);
  const note: IndexDoc = {
    path,
    kind: 'note',
    subtype,
    date,
    title: titleOf(fm, body, path),
    // The `# Title` line is the title column already: a listing's snippet starts at the summary instead.
    body: body.replace(/^\s*# .*\n+/, ''),
    people,
    accounts,
    refs,
    task: null,
  };
  const owners = new Set(ownerNames(config));
  const tasks: IndexDoc[] = tasksIn({ path, content }).map((t) => ({
    path,
    kind: 'task',
    subtype: t.status,
    date,
    title: t.text,
    body: t.line,
    // The owner is a person of the task as written; `Myself` is the vault owner under his own name.
    people: lower([...(t.owner ? [owners.has(t.owner.toLowerCase()) ? config.owner.name : t.owner] : []), ...people]),
    accounts,
    refs: [],
    task: { id: t.id, status: t.status, owner: t.owner, due: t.due },
  }));
  return [note, ...tasks];
}

function sourceDoc(path: string, content: string): IndexDoc {
  const name = path.split('/').pop()!;
  const fm = path.endsWith('.md') ? readFrontmatter(content) : {};
  return {
    path,
    kind: 'source',
    subtype: path.split('/')[1]?.toLowerCase() ?? null,
    date: dateOf(fm.date) ?? dateOf(name),
    title: strings(fm.title)[0] ?? name.replace(/\.[^.]+$/, ''),
    body: content.length > MAX_BODY ? content.slice(0, MAX_BODY) : content,
    people: [],
    accounts: [],
    refs: [],
    task: null,
  };
}

function draftDoc(path: string, content: string, config: Config): IndexDoc {
  const fm = readFrontmatter(content);
  const { body } = splitNote(content);
  const to = strings(fm.to);
  return {
    path,
    kind: 'draft',
    subtype: strings(fm.status)[0] ?? null,
    date: dateOf(path.split('/').pop()) ?? dateOf(fm.date),
    title: strings(fm.subject)[0] ?? titleOf(fm, body, path),
    body: [to.join(', '), body].join('\n'),
    people: lower(
      to
        .map((t) =>
          t
            .replace(/<[^>]*>/g, '')
            .replace(/"/g, '')
            .trim(),
        )
        .map((t) => linkedName(t, config)),
    ),
    accounts: [],
    refs: [],
    task: null,
  };
}
