/**
 * The daily digest (`Digests/<date>.md`): what came in, which entities are new or changed, tasks proposed and due,
 * drafts waiting, and what was flagged for review, each with a link, so the morning review starts from one page.
 */
import type { EntityKind } from '../entities/entity.ts';
import { entityId } from '../entities/registry.ts';
import type { Config } from '../vault/config.ts';
import { mdInline, mdLinkText } from '../vault/escape.ts';
import type { Ledger, LedgerSource } from '../vault/ledger.ts';
import { readFrontmatter, upsertFrontmatter, wikilink } from '../vault/markdown.ts';
import { type ParsedTask, parseTaskLine } from '../core/task-line.ts';
import type { VaultFile } from '../core/vault-file.ts';


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

function taskLine(t: DigestTask): string {
  const bits = [t.text];
  if (t.owner) bits.push(`(@${t.owner})`);
  if (t.due) bits.push(`due ${t.due}`);
  return `${mdInline(bits.join(' '))}: ${wikilink(t.path)}${t.id ? ` \`${t.id}\`` : ''}`;
}

function section(heading: string, lines: string[], empty: string): string {
  return `## ${heading}\n\n${lines.length > 0 ? lines.join('\n') : `- ${empty}`}\n`;
}

export interface DigestData {
  cameIn: LedgerSource[];
  newEntities: string[];
  changedEntities: string[];
  proposed: DigestTask[];
  due: DigestTask[];
  drafts: { path: string; to: string; subject: string; urgency: string }[];
  flagged: { path: string; lines: string[] }[];
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

  const flagged: { path: string; lines: string[] }[] = [];
  for (const n of input.notes) {
    if (!n.content.includes('needs-review')) continue;
    const fm = readFrontmatter(n.content);
    const tags = Array.isArray(fm.tags) ? fm.tags.map(String) : typeof fm.tags === 'string' ? [fm.tags] : [];
    const lines = n.content
      .split('\n')
      .filter((l) => /(^|\s)#needs-review\b/.test(l))
      .map((l) => l.trim().replace(/^[-*] (\[.\] )?/, ''));
    if (lines.length > 0 || tags.some((t) => t.replace(/^#/, '') === 'needs-review'))
      flagged.push({ path: n.path, lines });
  }
  flagged.sort((a, b) => a.path.localeCompare(b.path));
  return { cameIn, newEntities, changedEntities, proposed, due, drafts, flagged };
}

/** Display text inside `[[target|text]]`: a `|` or bracket there would end the link early. */
const linkText = mdLinkText;

function urgencyRank(u: string): number {
  return u === 'urgent' ? 0 : u === 'normal' ? 1 : 2;
}

/** The digest's sections, by heading; `distill digest` re-renders them when the day's digest already exists. */
export function digestSections(input: DigestInput): [string, string][] {
  const d = collectDigest(input);
  const pages = entityPages(input.notes);
  const overdue = (t: DigestTask) => (t.due! < input.date ? ' **overdue**' : '');
  return [
    [
      'What Came In',
      d.cameIn.length > 0
        ? d.cameIn
            .map((s) => `- ${wikilink(s.note_path, linkText(s.title))} (${s.kind}${s.date ? `, ${s.date}` : ''})`)
            .join('\n')
        : '- nothing was processed this day',
    ],
    [
      'New and Changed Entities',
      [
        ...d.newEntities.map((e) => `- new: ${entityLink(e, pages)}`),
        ...d.changedEntities.map((e) => `- updated: ${entityLink(e, pages)}`),
      ].join('\n') || '- none',
    ],
    ['Tasks Proposed', d.proposed.map((t) => `- ${taskLine(t)}`).join('\n') || '- none'],
    [
      'Tasks Due',
      d.due.map((t) => `- ${taskLine(t)}${overdue(t)}`).join('\n') || `- nothing due by ${addDays(input.date, 1)}`,
    ],
    [
      'Drafts Waiting',
      d.drafts
        .map(
          (x) =>
            `- ${wikilink(x.path, linkText(x.subject) || undefined)} to ${mdInline(x.to)} (${mdInline(x.urgency)})`,
        )
        .join('\n') || '- none',
    ],
    [
      'Flagged for Review',
      d.flagged
        .map((f) => `- ${wikilink(f.path)}${f.lines.length ? `: ${f.lines.slice(0, 3).join('; ')}` : ''}`)
        .join('\n') || '- none',
    ],
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
