/**
 * The page to read before a meeting, as a pure function of the vault's text: who the person or account is, the
 * last interactions, the open tasks both ways, recent decisions, key facts and drafts waiting.
 *
 * "Both ways", precisely (open = proposed, accepted or in progress; tasks are read with the one task-line parser):
 * - **theirs** (they owe the vault owner): the task's `@Owner` is the person (their name or an alias); for an
 *   account, a person whose organisation is the account, or the account itself;
 * - **yours** (the vault owner owes them): the `@Owner` is the vault owner (`Myself`, the configured name or an
 *   alias) and either the task text names them (full name, alias, or a first name no other known person has;
 *   for an account its name or alias) or the task sits in a note whose only other participant is the person (a
 *   1:1), or whose only account besides the owner's own organisation is the account.
 */
import { ownerNames } from '../core/owner.ts';
import type { TaskStatus } from '../core/task-line.ts';
import type { Entity } from '../entities/entity.ts';
import { parseBullet } from '../entities/facts.ts';
import { entityKey, lookupKey, type Registry } from '../entities/registry.ts';
import { tasksIn } from '../outputs/digest.ts';
import { listOutbox } from '../outputs/outbox.ts';
import { linkedName } from '../search/documents.ts';
import type { Config } from '../vault/config.ts';
import { mdInline, mdLinkTarget, mdLinkText } from '../vault/escape.ts';
import { getSection, readFrontmatter, splitNote } from '../vault/markdown.ts';

export interface VaultText {
  path: string;
  content: string;
}

/** What a brief is built from: source notes (all, or those that can concern the entity), pages, outbox, registry. */
export interface VaultView {
  notes: VaultText[];
  pages: VaultText[];
  outbox: VaultText[];
  registry: Registry;
}

export interface BriefTask {
  id: string | null;
  text: string;
  owner: string | null;
  due: string | null;
  status: TaskStatus;
  path: string;
  /** Why the task is in this list: `owner` (theirs), `named` (the text names them), `one-to-one` (the note is a 1:1). */
  why: 'owner' | 'named' | 'one-to-one' | 'account-note';
}

export interface Brief {
  date: string;
  entity: {
    id: string;
    kind: string;
    name: string;
    aliases: string[];
    emails: string[];
    organisation: string | null;
    role: string | null;
    page: string | null;
  };
  /** For an account: the known people whose organisation it is. */
  people: { name: string; role: string | null; page: string }[];
  interactions: { date: string | null; title: string; path: string; gist: string }[];
  theirs: BriefTask[];
  yours: BriefTask[];
  decisions: { text: string; date: string | null; path: string | null }[];
  facts: { text: string; date: string | null; path: string | null; superseded: boolean }[];
  drafts: { path: string; to: string | null; subject: string | null; urgency: string | null }[];
}

const OPEN = new Set<TaskStatus>(['proposed', 'open', 'in_progress']);
/** Decisions come from the page and from the newest `decisionNotes` interactions. */
const LIMIT = { interactions: 10, decisions: 10, facts: 15, decisionNotes: 20 };

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() === '' ? [] : [v];
  return Array.isArray(v) ? v.flatMap(strings) : [];
}

function dateOf(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
}

const fold = (s: string) => entityKey('account', s);

/** `getSection`, skipping the markdown parse when the note cannot have the heading (its word is nowhere in it). */
function sectionOf(text: string, heading: string): string | null {
  return text.includes(heading) ? getSection(text, heading) : null;
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does `text` name any of `names` as whole words (case, accents and punctuation aside)? */
export function names(text: string, ns: string[]): boolean {
  const t = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return ns.some((n) => {
    const k = fold(n)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    return k !== '' && new RegExp(` ${escapeRe(k)} `).test(t);
  });
}

interface NoteInfo {
  file: VaultText;
  date: string | null;
  title: string;
  people: string[];
  accounts: string[];
}

function noteInfo(file: VaultText, config: Config): NoteInfo {
  const fm = readFrontmatter(file.content);
  return {
    file,
    date: dateOf(fm.date) ?? dateOf(file.path.split('/').pop()),
    title: strings(fm.title)[0] ?? file.path.split('/').pop()!.replace(/\.md$/, ''),
    people: strings(fm.participants).map((p) => fold(linkedName(p, config))),
    accounts: strings(fm.accounts).map((a) => fold(linkedName(a, config))),
  };
}

function firstSentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(.{20,300}?[.!?])(?:\s|$)/.exec(t);
  return m ? m[1]! : t.length > 300 ? `${t.slice(0, 300).replace(/\s+\S*$/, '')}…` : t;
}

const byDateDesc = <T extends { date: string | null; path?: string | null }>(a: T, b: T) =>
  (b.date ?? '').localeCompare(a.date ?? '') || (a.path ?? '').localeCompare(b.path ?? '');

/** Bullets of a page section, with the dates and notes they cite (`(YYYY-MM-DD, [[note]])`). */
function sectionItems(page: VaultText | undefined, heading: string) {
  const body = page ? getSection(page.content, heading) : null;
  return (body ?? '').split('\n').flatMap((line) => {
    const b = parseBullet(line);
    if (!b) return [];
    const src = [...b.sources].sort((x, y) => (y.date ?? '').localeCompare(x.date ?? ''))[0];
    return [
      {
        text: b.text,
        date: src?.date ?? null,
        path: src ? `${src.note}.md` : null,
        superseded: /^\s*[-*+]\s+~~/.test(line) || /\(superseded \d{4}-\d{2}-\d{2}\)/.test(line),
      },
    ];
  });
}

/** Every name an entity goes by: its name, its folder's name and its aliases. */
function entityNamesOf(entity: Entity): string[] {
  return [entity.name, entity.folder.split('/').pop() ?? entity.name, ...entity.aliases];
}

/** Names that count as naming the entity in a task's text: its names, and a first name no other known person has. */
export function mentionNamesOf(entity: Entity, reg: Registry): string[] {
  const out = entityNamesOf(entity);
  if (entity.kind === 'person') {
    const first = entity.name.split(/\s+/)[0] ?? '';
    const shared = reg.entities.some(
      (e) => e.kind === 'person' && e.id !== entity.id && fold(e.name.split(/\s+/)[0] ?? '') === fold(first),
    );
    if (first.length >= 3 && !shared && first !== entity.name) out.push(first);
  }
  return out;
}

/** An account's people: the known persons (not the owner) whose organisation it is. */
export function membersOf(entity: Entity, reg: Registry): Entity[] {
  if (entity.kind !== 'account') return [];
  const keys = new Set(entityNamesOf(entity).map(fold));
  return reg.entities.filter(
    (e) => e.kind === 'person' && !e.owner && e.organisation && keys.has(fold(e.organisation)),
  );
}

export function buildBrief(entity: Entity, view: VaultView, config: Config, today: string): Brief {
  const reg: Registry = view.registry;
  const page = view.pages.find((p) => p.path === `${entity.folder}/README.md`);
  const fm = page ? readFrontmatter(page.content) : {};
  const myNames = new Set(ownerNames(config).map(fold));
  const ownerOrg = config.owner.organisation ? fold(config.owner.organisation) : null;
  const entityNames = entityNamesOf(entity);
  const keys = new Set(entityNames.map(fold));
  const mentionNames = mentionNamesOf(entity, reg);
  const members = membersOf(entity, reg);
  const memberKeys = new Set(members.flatMap((m) => [m.name, ...m.aliases].map(fold)));

  /** The registry entity an `@Owner` names, if exactly one. */
  const ownerIs = (owner: string): string | null => {
    const ids = lookupKey(reg, 'person', owner);
    return ids.length === 1 ? ids[0]! : null;
  };
  const isTheirs = (owner: string | null): boolean => {
    if (!owner || myNames.has(fold(owner))) return false;
    if (entity.kind === 'person') return keys.has(fold(owner)) || ownerIs(owner) === entity.id;
    if (keys.has(fold(owner)) || memberKeys.has(fold(owner))) return true;
    const id = ownerIs(owner);
    return id !== null && members.some((m) => m.id === id);
  };

  const notes = view.notes.map((n) => noteInfo(n, config));
  const involved = (n: NoteInfo) =>
    entity.kind === 'account'
      ? n.accounts.some((a) => keys.has(a))
      : n.people.some((p) => keys.has(p)) || (entity.owner === true && n.people.length > 0);

  const timeline = new Map<string, string>();
  for (const line of (page ? (getSection(page.content, 'Timeline') ?? '') : '').split('\n')) {
    const m = /^\s*-\s+\S+\s+\[\[([^\]|]+)(?:\|[^\]]*)?\]\]:\s*(.*)$/.exec(line);
    if (m) timeline.set(`${m[1]!}.md`, m[2]!.trim());
  }

  // Newest first; sections are read (a markdown parse each) only for the notes shown, not every interaction.
  const involvedNotes = notes
    .filter(involved)
    .sort((a, b) => byDateDesc({ date: a.date, path: a.file.path }, { date: b.date, path: b.file.path }));
  const interactions = involvedNotes.slice(0, LIMIT.interactions).map((n) => ({
    date: n.date,
    title: n.title,
    path: n.file.path,
    gist: timeline.get(n.file.path) ?? firstSentence(sectionOf(n.file.content, 'Summary') ?? ''),
  }));

  const theirs: BriefTask[] = [];
  const yours: BriefTask[] = [];
  for (const n of notes) {
    const others = n.people.filter((p) => !myNames.has(p));
    const oneToOne = entity.kind === 'person' && others.length === 1 && keys.has(others[0]!);
    const accountNote =
      entity.kind === 'account' &&
      n.accounts.filter((a) => a !== ownerOrg).length === 1 &&
      n.accounts.some((a) => keys.has(a));
    for (const t of tasksIn(n.file)) {
      if (!OPEN.has(t.status)) continue;
      const base = { id: t.id, text: t.text, owner: t.owner, due: t.due, status: t.status, path: n.file.path };
      if (isTheirs(t.owner)) theirs.push({ ...base, why: 'owner' });
      else if (t.owner && myNames.has(fold(t.owner)) && !entity.owner) {
        if (names(t.text, mentionNames)) yours.push({ ...base, why: 'named' });
        else if (oneToOne) yours.push({ ...base, why: 'one-to-one' });
        else if (accountNote) yours.push({ ...base, why: 'account-note' });
      }
    }
  }
  const byDue = (a: BriefTask, b: BriefTask) =>
    (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.path.localeCompare(b.path);
  theirs.sort(byDue);
  yours.sort(byDue);

  const decisions = [
    ...sectionItems(page, 'Decisions').map(({ text, date, path }) => ({ text, date, path })),
    ...involvedNotes.slice(0, LIMIT.decisionNotes).flatMap((n) =>
      (sectionOf(n.file.content, 'Decisions') ?? '').split('\n').flatMap((l) => {
        const b = parseBullet(l);
        return b ? [{ text: b.text, date: n.date, path: n.file.path }] : [];
      }),
    ),
  ];
  const seen = new Set<string>();
  const uniqueDecisions = decisions
    .filter((d) => {
      const k = fold(d.text);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort(byDateDesc)
    .slice(0, LIMIT.decisions);

  const facts = sectionItems(page, 'Key Facts')
    .sort((a, b) => Number(a.superseded) - Number(b.superseded) || byDateDesc(a, b))
    .slice(0, LIMIT.facts);

  const emails = new Set(entity.emails.map((e) => e.toLowerCase()));
  const interactionPaths = new Set(involvedNotes.map((n) => n.file.path.replace(/\.md$/, '')));
  const drafts = listOutbox(view.outbox, { status: 'draft' })
    .filter((d) => {
      const to = (d.to ?? '').toLowerCase();
      const addr = /<([^>]+)>/.exec(to)?.[1] ?? to.trim();
      const domain = addr.split('@')[1] ?? '';
      if (emails.has(addr) || names(d.to ?? '', entityNames)) return true;
      if (entity.kind === 'account' && entity.domains.some((x) => domain === x || domain.endsWith(`.${x}`)))
        return true;
      if (entity.kind === 'account' && members.some((m) => m.emails.includes(addr))) return true;
      // A draft answering one of the person's conversations, when it goes to them.
      const src = /\[\[([^\]|#]+)/.exec(d.source ?? '')?.[1];
      return (
        entity.kind === 'person' && !!src && interactionPaths.has(src.replace(/\.md$/, '')) && names(to, mentionNames)
      );
    })
    .map(({ path, to, subject, urgency }) => ({ path, to, subject, urgency }));

  return {
    date: today,
    entity: {
      id: entity.id,
      kind: entity.kind,
      name: entity.name,
      aliases: entity.aliases,
      emails: entity.emails,
      organisation: entity.organisation ?? (strings(fm.organisation)[0] || null),
      role: entity.role,
      page: page?.path ?? null,
    },
    people: members.map((m) => ({ name: m.name, role: m.role, page: `${m.folder}/README.md` })),
    interactions,
    theirs,
    yours,
    decisions: uniqueDecisions,
    facts,
    drafts,
  };
}

function link(path: string, text?: string): string {
  const target = mdLinkTarget(path.replace(/\.md$/, ''));
  const shown = text ? mdLinkText(text) : '';
  return shown ? `[[${target}|${shown}]]` : `[[${target}]]`;
}

const STATUS_WORD: Record<TaskStatus, string> = {
  proposed: 'proposed',
  open: 'accepted',
  in_progress: 'in progress',
  done: 'done',
  rejected: 'rejected',
};

/**
 * A task as a plain bullet, never a `- [ ]` line: the brief is a copy, and the Tasks plugin must not count a task
 * twice (the source note stays the one place it lives).
 */
function taskBullet(t: BriefTask, showOwner: boolean): string {
  const bits = [
    mdInline(t.text),
    showOwner && t.owner ? `(${mdInline(t.owner)})` : '',
    t.due ? `due ${t.due}` : '',
    `· ${STATUS_WORD[t.status]}`,
    `· ${link(t.path, t.path.split('/').pop()!.replace(/\.md$/, ''))}`,
    t.id ? `\`${t.id}\`` : '',
  ];
  return `- ${bits.filter(Boolean).join(' ')}`;
}

/** The brief as a markdown note (frontmatter, then one section per part; an empty part says so). */
export function renderBrief(b: Brief): string {
  const e = b.entity;
  const about = e.page ? link(e.page, e.name) : e.name;
  const fm = [
    '---',
    'type: brief',
    `about: ${JSON.stringify(about)}`,
    `date: ${b.date}`,
    'tags:',
    '  - distill/brief',
    '---',
  ].join('\n');
  const none = (what: string) => [`- _${what}_`];
  const who = [
    `- ${e.kind === 'person' ? 'Person' : e.kind === 'account' ? 'Account' : 'Project'}: ${about}`,
    e.role ? `- Role: ${mdInline(e.role)}` : '',
    e.organisation ? `- Organisation: ${mdInline(e.organisation)}` : '',
    e.aliases.length ? `- Also known as: ${e.aliases.map(mdInline).join(', ')}` : '',
    e.emails.length ? `- Email: ${e.emails.map(mdInline).join(', ')}` : '',
    ...b.people.map((p) => `- Person there: ${link(p.page, p.name)}${p.role ? ` (${mdInline(p.role)})` : ''}`),
  ].filter(Boolean);
  const sections: [string, string[]][] = [
    ['Who', who],
    [
      'Last interactions',
      b.interactions.length
        ? b.interactions.map(
            (i) => `- ${i.date ?? 'undated'} ${link(i.path, i.title)}${i.gist ? `: ${mdInline(i.gist)}` : ''}`,
          )
        : none('none on record'),
    ],
    [
      'They owe you',
      b.theirs.length ? b.theirs.map((t) => taskBullet(t, e.kind === 'account')) : none('no open tasks'),
    ],
    ['You owe them', b.yours.length ? b.yours.map((t) => taskBullet(t, false)) : none('no open tasks')],
    [
      'Recent decisions',
      b.decisions.length
        ? b.decisions.map((d) => `- ${mdInline(d.text)} (${d.date ?? 'undated'}${d.path ? `, ${link(d.path)}` : ''})`)
        : none('none on record'),
    ],
    [
      'Key facts',
      b.facts.length
        ? b.facts.map(
            (f) =>
              `- ${f.superseded ? `~~${mdInline(f.text)}~~` : mdInline(f.text)} (${f.date ?? 'undated'}${f.path ? `, ${link(f.path)}` : ''})`,
          )
        : none('none on record'),
    ],
    [
      'Drafts waiting',
      b.drafts.length
        ? b.drafts.map(
            (d) =>
              `- ${link(d.path, d.subject ?? d.path.split('/').pop())}${d.to ? ` to ${mdInline(d.to)}` : ''}${d.urgency ? ` (${mdInline(d.urgency)})` : ''}`,
          )
        : none('no drafts waiting'),
    ],
  ];
  const body = sections.map(([h, lines]) => `## ${h}\n\n${lines.join('\n')}\n`).join('\n');
  return `${fm}\n# Brief: ${mdInline(e.name)} (${b.date})\n\n${body}`;
}

/** The brief without its frontmatter, as `distill brief` prints it. */
export function briefText(b: Brief): string {
  return splitNote(renderBrief(b)).body;
}
