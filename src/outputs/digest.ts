/**
 * The daily digest (`Digests/<date>.md`): one screen (at most about 40 lines whatever the day held) to start the
 * morning review from: what came in (counted by kind, each linked), the ten tasks that matter most (due or new,
 * by priority then date), drafts waiting, new entities to review, and each flag with the reason for it. The rest is
 * linked (the Tasks dashboard, the `#needs-review` search), not dumped: an earlier version listed every flagged
 * page and ran to 279 lines, "needs review" 18 times with no reason.
 */

import { type ParsedTask, PRIORITIES, parseTaskLine } from '../core/task-line.ts';
import type { VaultFile } from '../core/vault-file.ts';
import type { EntityKind } from '../entities/entity.ts';
import { entityId } from '../entities/registry.ts';
import type { Config } from '../vault/config.ts';
import { mdInline, mdLinkText } from '../vault/escape.ts';
import type { Ledger, LedgerSource } from '../vault/ledger.ts';
import { readFrontmatter, upsertFrontmatter, wikilink } from '../vault/markdown.ts';

export interface DigestInput {
  date: string;
  ledger: Ledger;
  /** Source notes and entity pages (vault-relative path and text). */
  notes: VaultFile[];
  /** Files under the outbox folder. */
  outbox: VaultFile[];
  config: Config;
}

export interface DigestTask extends ParsedTask {
  path: string;
  line: string;
}

export function tasksIn(file: VaultFile): DigestTask[] {
  const out: DigestTask[] = [];
  let fence = false;
  for (const line of file.content.split('\n')) {
    // Task-looking lines inside a code fence (a ```tasks query, an example) are not tasks.
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const t = parseTaskLine(line);
    if (t) out.push({ ...t, path: file.path, line: line.replace(/\r$/, '') });
  }
  return out;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The entity id (`person:jeff-denworth`) as a readable name and, when a page is known, a link to it. */
function entityLink(id: string, pages: Map<string, VaultFile>): string {
  const page = pages.get(id);
  if (page) {
    const name = readFrontmatter(page.content).name;
    return wikilink(page.path, typeof name === 'string' ? mdLinkText(name) || undefined : undefined);
  }
  return `\`${id.replace(/[`\r\n]/g, '')}\``;
}

function entityPages(notes: VaultFile[]): Map<string, VaultFile> {
  const out = new Map<string, VaultFile>();
  for (const n of notes) {
    const fm = readFrontmatter(n.content);
    const type = fm.type;
    const name = fm.name;
    if (typeof type !== 'string' || typeof name !== 'string' || !['person', 'account', 'project'].includes(type))
      continue;
    out.set(entityId(type as EntityKind, name), n);
    if (typeof fm.id === 'string') out.set(fm.id, n);
  }
  return out;
}

/** How many of each list the digest shows; the rest is counted and linked. */
export const DIGEST_LIMITS = { cameInPerKind: 3, tasks: 10, drafts: 3, entities: 4, flags: 4 } as const;

/** The Tasks dashboard `distill init` and the first run write at the vault root. */
const TASKS_DASHBOARD = 'Tasks';
const REVIEW_SEARCH = '[all pages tagged #needs-review](obsidian://search?query=tag%3Aneeds-review)';

function taskLine(t: DigestTask, date: string, isNew: boolean): string {
  const bits = [t.text];
  if (t.owner) bits.push(`(@${t.owner})`);
  if (t.due) bits.push(`due ${t.due}`);
  if (t.priority) bits.push(`(${t.priority})`);
  const tag = t.due && t.due < date ? ' **overdue**' : isNew ? ' (new)' : '';
  return `${mdInline(bits.join(' '))}${tag}: ${wikilink(t.path)}${t.id ? ` \`${t.id}\`` : ''}`;
}

function section(heading: string, lines: string[], empty: string): string {
  return `## ${heading}\n\n${lines.length > 0 ? lines.join('\n') : `- ${empty}`}\n`;
}

export interface DigestFlag {
  path: string;
  /** Why the page wants a look, in words: "2 facts superseded by newer sources", the flagged line itself. */
  reasons: string[];
}

export interface DigestData {
  cameIn: LedgerSource[];
  newEntities: string[];
  changedEntities: string[];
  /** For each new entity, the note of the first source today that named it. */
  firstSeen: Map<string, string>;
  proposed: DigestTask[];
  due: DigestTask[];
  drafts: { path: string; to: string; subject: string; urgency: string }[];
  flagged: DigestFlag[];
}

const PLURAL: Record<string, string> = { email: 'emails', transcript: 'transcripts', document: 'documents' };

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).replace(/\s+\S*$/, '')}…`;
}

/** The reasons a note or page carries the flag: its flagged lines, else what its content shows. */
function flagReasons(n: VaultFile, date: string): string[] {
  const fm = readFrontmatter(n.content);
  const reasons = n.content
    .split('\n')
    .filter((l) => /(^|\s)#needs-review\b/.test(l))
    .map((l) =>
      clip(
        l
          .trim()
          .replace(/^[-*] (\[.\] )?/, '')
          .replace(/\s*#needs-review\b/g, '')
          .trim(),
        100,
      ),
    )
    .filter(Boolean);
  const superseded = (n.content.match(/~~[^~\n]+~~ \(superseded \d{4}-\d{2}-\d{2}\)/g) ?? []).length;
  if (superseded > 0) reasons.push(`${superseded} fact${superseded === 1 ? '' : 's'} superseded by newer sources`);
  const type = typeof fm.type === 'string' ? fm.type : '';
  if (reasons.length === 0 && !['person', 'account', 'project'].includes(type) && !fm.date)
    reasons.push('no date found in the source');
  if (reasons.length === 0 && ['person', 'account', 'project'].includes(type))
    reasons.push('sources disagree on a fact, or one has no date');
  const overdue = tasksIn(n).filter(
    (t) => t.due && t.due < date && t.status !== 'done' && t.status !== 'rejected',
  ).length;
  if (overdue > 0) reasons.push(`${overdue} open task${overdue === 1 ? '' : 's'} past due`);
  return reasons;
}

export function collectDigest(input: DigestInput): DigestData {
  const { date, ledger } = input;
  const runsToday = ledger.runs.filter((r) => r.status !== 'undone' && r.started.slice(0, 10) === date);
  const todayIds = new Set(runsToday.flatMap((r) => r.sources));
  const cameIn = [...todayIds].map((id) => ledger.sources[id]).filter((s): s is LedgerSource => !!s);
  cameIn.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.title.localeCompare(b.title));

  // An entity is new when no source processed before today's runs touched it.
  const earlier = new Set<string>();
  for (const s of Object.values(ledger.sources)) {
    if (todayIds.has(s.source_id)) continue;
    if (s.processed_at.slice(0, 10) <= date) for (const e of s.entities) earlier.add(e);
  }
  const touched = [...new Set(cameIn.flatMap((s) => s.entities))].sort();
  const newEntities = touched.filter((e) => !earlier.has(e));
  const changedEntities = touched.filter((e) => earlier.has(e));
  const firstSeen = new Map<string, string>();
  for (const s of cameIn) for (const e of s.entities) if (!firstSeen.has(e)) firstSeen.set(e, s.note_path);

  const notePathsToday = new Set(cameIn.map((s) => s.note_path));
  const allTasks = input.notes.flatMap(tasksIn);
  const proposed = allTasks.filter((t) => t.status === 'proposed' && notePathsToday.has(t.path));
  const horizon = addDays(date, 1);
  const due = allTasks
    .filter((t) => t.due && t.due <= horizon && t.status !== 'done' && t.status !== 'rejected')
    .sort((a, b) => a.due!.localeCompare(b.due!));

  const drafts = input.outbox
    .filter((f) => f.path.endsWith('.md'))
    .map((f) => ({ f, fm: readFrontmatter(f.content) }))
    .filter(({ fm }) => fm.status === 'draft')
    .map(({ f, fm }) => ({
      path: f.path,
      to: String(fm.to ?? ''),
      subject: String(fm.subject ?? ''),
      urgency: String(fm.urgency ?? 'normal'),
    }))
    .sort((a, b) => urgencyRank(a.urgency) - urgencyRank(b.urgency) || a.path.localeCompare(b.path));

  const flagged: DigestFlag[] = [];
  for (const n of input.notes) {
    if (!n.content.includes('needs-review')) continue;
    const fm = readFrontmatter(n.content);
    const tags = Array.isArray(fm.tags) ? fm.tags.map(String) : typeof fm.tags === 'string' ? [fm.tags] : [];
    const tagged = tags.some((t) => t.replace(/^#/, '') === 'needs-review');
    if (!tagged && !/(^|\s)#needs-review\b/m.test(n.content)) continue;
    flagged.push({ path: n.path, reasons: flagReasons(n, date) });
  }
  // Today's sources first (the flags this run raised), then by path.
  flagged.sort(
    (a, b) => Number(notePathsToday.has(b.path)) - Number(notePathsToday.has(a.path)) || a.path.localeCompare(b.path),
  );
  return { cameIn, newEntities, changedEntities, firstSeen, proposed, due, drafts, flagged };
}

/** Display text inside `[[target|text]]`: a `|` or bracket there would end the link early. */
const linkText = mdLinkText;

function urgencyRank(u: string): number {
  return u === 'urgent' ? 0 : u === 'normal' ? 1 : 2;
}

function priorityRank(t: ParsedTask): number {
  // No priority sits with "medium", as the Tasks plugin sorts it.
  return t.priority ? PRIORITIES.indexOf(t.priority) : PRIORITIES.indexOf('medium');
}

/** Due and new tasks, most important first: overdue, then priority, then the earliest date, new ones after due. */
export function rankTasks(
  d: Pick<DigestData, 'due' | 'proposed'>,
  date: string,
): { task: DigestTask; isNew: boolean }[] {
  const seen = new Set<string>();
  const all: { task: DigestTask; isNew: boolean }[] = [];
  for (const t of d.due) {
    seen.add(`${t.path}\n${t.line}`);
    all.push({ task: t, isNew: false });
  }
  for (const t of d.proposed) if (!seen.has(`${t.path}\n${t.line}`)) all.push({ task: t, isNew: true });
  const overdue = (t: DigestTask) => (t.due !== null && t.due < date ? 0 : 1);
  return all.sort(
    (a, b) =>
      overdue(a.task) - overdue(b.task) ||
      priorityRank(a.task) - priorityRank(b.task) ||
      (a.task.due ?? '9999').localeCompare(b.task.due ?? '9999') ||
      Number(a.isNew) - Number(b.isNew) ||
      a.task.text.localeCompare(b.task.text),
  );
}

function more(shown: number, total: number, where: string): string[] {
  return total > shown ? [`- …and ${total - shown} more ${where}`] : [];
}

/** The digest's sections, by heading; `distill digest` re-renders them when the day's digest already exists. */
export function digestSections(input: DigestInput): [string, string][] {
  const d = collectDigest(input);
  const pages = entityPages(input.notes);
  const L = DIGEST_LIMITS;

  const byKind = new Map<string, LedgerSource[]>();
  for (const s of d.cameIn) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  const cameIn = [...byKind.entries()].map(([kind, list]) => {
    const links = list.slice(0, L.cameInPerKind).map((s) => wikilink(s.note_path, linkText(s.title)));
    const rest = list.length > L.cameInPerKind ? ` and ${list.length - L.cameInPerKind} more` : '';
    const name = list.length === 1 ? kind : (PLURAL[kind] ?? `${kind}s`);
    return `- ${list.length} ${mdInline(name)}: ${links.join(', ')}${rest}`;
  });

  const ranked = rankTasks(d, input.date);
  const dashboard = `in ${wikilink(TASKS_DASHBOARD, 'the Tasks dashboard')}`;
  const tasks = [
    ...ranked.slice(0, L.tasks).map(({ task, isNew }) => `- ${taskLine(task, input.date, isNew)}`),
    ...more(L.tasks, ranked.length, dashboard),
  ];

  const drafts = [
    ...d.drafts
      .slice(0, L.drafts)
      .map(
        (x) => `- ${wikilink(x.path, linkText(x.subject) || undefined)} to ${mdInline(x.to)} (${mdInline(x.urgency)})`,
      ),
    ...more(L.drafts, d.drafts.length, `in ${mdInline(input.config.folders.outbox)}/`),
  ];

  const n = d.changedEntities.length;
  const updated = n > 0 ? `; ${n} existing page${n === 1 ? '' : 's'} updated` : '';
  const entities = d.newEntities.slice(0, L.entities).map((e) => {
    const first = d.firstSeen.get(e);
    return `- ${entityLink(e, pages)}: first seen in ${first ? wikilink(first) : 'a source today'}`;
  });
  if (d.newEntities.length > L.entities)
    entities.push(`- …and ${d.newEntities.length - L.entities} more new (\`distill entities list\`)${updated}`);
  else if (updated) entities.push(`- ${d.newEntities.length === 0 ? 'none new' : 'no more new'}${updated}`);

  const flags = [
    ...d.flagged.slice(0, L.flags).map((f) => `- ${wikilink(f.path)}: ${mdInline(f.reasons.join('; '))}`),
    ...more(L.flags, d.flagged.length, `in ${REVIEW_SEARCH}`),
  ];

  const none = (lines: string[], empty: string) => (lines.length > 0 ? lines.join('\n') : `- ${empty}`);
  return [
    ['What Came In', none(cameIn, 'nothing was processed this day')],
    ['Tasks', none(tasks, `nothing due by ${addDays(input.date, 1)} and no new tasks`)],
    ['Drafts Waiting', none(drafts, 'none')],
    ['New Entities to Review', none(entities, 'none')],
    ['Needs Review', none(flags, 'nothing flagged')],
  ];
}

export function renderDigest(input: DigestInput): string {
  const sections = digestSections(input);
  const head = upsertFrontmatter('', { type: 'digest', date: input.date, tags: ['distill/digest'] }).replace(
    /\n*$/,
    '\n',
  );
  return `${head}# Digest ${input.date}\n\n${sections.map(([h, body]) => section(h, body.split('\n'), '')).join('\n')}`;
}
