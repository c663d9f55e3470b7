/**
 * The note written for each source: frontmatter, the extraction's sections, and the source itself rendered
 * readably. Pure: same extraction + links in, same bytes out, which is what makes re-runs and rebuilds idempotent.
 */

import type { TaskStatus } from '../core/task-line.ts';
import { parseTaskLine, renderTaskLine } from '../core/task-line.ts';
import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { mdBlock, mdHeading, mdInline, mdLinkTarget, mdLinkText, mdQuoted, mdSpan, oneLine } from '../vault/escape.ts';
import { upsertFrontmatter } from '../vault/markdown.ts';
import type { SectionPatch } from '../vault/patch.ts';

/** A name shown in a note, with the vault path (without `.md`) of its entity page when it has one. */
export interface EntityLink {
  name: string;
  target: string | null;
}

export interface NoteLinks {
  participants: EntityLink[];
  accounts: EntityLink[];
  projects: EntityLink[];
  /** Mentions that matched more than one entity: flagged, filed under neither. */
  ambiguous: { name: string; candidates: string[] }[];
}

/** A link to the entity's page (or the name alone), escaped: a name cannot close the link and open another. */
export function linkText(l: EntityLink): string {
  return l.target ? `[[${mdLinkTarget(l.target)}|${mdLinkText(l.name)}]]` : mdInline(l.name);
}

const TYPE: Record<SourceEnvelope['kind'], string> = { email: 'email', transcript: 'meeting', document: 'document' };

/** The sections Distill owns in a source note, in order. Any other section is the user's. */
export const NOTE_SECTIONS = ['Summary', 'Action Items', 'Decisions', 'Key Facts', 'Needs Review'] as const;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function clock(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  return h > 0
    ? `${h}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`
    : `${pad2(Math.floor(s / 60))}:${pad2(s % 60)}`;
}

function quote(text: string): string {
  return mdQuoted(text)
    .split('\n')
    .map((l) => (l.trim() === '' ? '>' : `> ${l}`))
    .join('\n');
}

/** Checkboxes of an earlier tool's summary are shown as text, so the Tasks plugin never lists them again. */
function neutraliseTasks(text: string): string {
  return text.replace(
    /^(\s*[-*]\s+)\[(.)\]\s/gm,
    (_m, lead: string, c: string) => `${lead}${c.toLowerCase() === 'x' ? '(done)' : '(open)'} `,
  );
}

/** The source, readable: thread messages, transcript turns or the document, quoted so it can never add headings. */
export function renderSourceBody(env: SourceEnvelope): string {
  const parts: string[] = [];
  if (env.prior_summary) {
    parts.push('## Earlier Summary', '', quote(neutraliseTasks(env.prior_summary.text.trim())), '');
  }
  if (env.kind === 'email') {
    parts.push('## Thread', '');
    for (const m of [...env.messages].reverse()) {
      const from = m.from.email ? `${m.from.name} <${m.from.email}>` : m.from.name;
      parts.push(
        `### ${oneLine(m.date.replace('T', ' ').slice(0, 16))} — ${mdInline(from.replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›')))}`,
        '',
      );
      if (m.subject) parts.push(`**Subject:** ${mdInline(m.subject)}`, '');
      parts.push(quote(m.body.trim() || '(no text)'), '');
    }
  } else if (env.kind === 'transcript') {
    parts.push('## Transcript', '');
    for (const t of env.turns) {
      const at = clock(t.start);
      parts.push(`**${mdInline(t.speaker)}**${at ? ` (${at})` : ''}: ${mdSpan(t.text)}`, '');
    }
  } else {
    parts.push('## Document', '', quote(env.text.trim()), '');
  }
  return parts.join('\n');
}

export interface NoteInput {
  env: SourceEnvelope;
  ex: Extraction;
  links: NoteLinks;
  /** Vault-relative path of the archived original. */
  archivedPath: string;
  /** Task statuses the user already set in this note (by task id): kept on re-processing. */
  keepStatus?: Map<string, TaskStatus>;
}

function bullets(items: string[]): string {
  return items.map((t) => `- ${mdInline(t)}`).join('\n');
}

/** The body of each Distill-owned section (empty string: section omitted on creation, emptied on update). */
export function noteSections(input: NoteInput): Record<(typeof NOTE_SECTIONS)[number], string> {
  const { ex, links } = input;
  const tasks = ex.tasks.map((t) => {
    const status = input.keepStatus?.get(t.id) ?? t.status;
    return renderTaskLine({ ...t, text: mdInline(t.text), status, owner: t.owner ?? 'TBD' });
  });
  const review = [
    ...links.ambiguous.map(
      (a) =>
        `- "${mdInline(a.name)}" could be ${a.candidates.map((c) => `[[${mdLinkTarget(c)}]]`).join(' or ')}: filed under neither #needs-review`,
    ),
    ...ex.warnings.filter((w) => /date|review|ambiguous/i.test(w)).map((w) => `- ${mdInline(w)}`),
  ];
  return {
    Summary: mdBlock(ex.summary),
    'Action Items': tasks.join('\n'),
    Decisions: bullets(ex.decisions.map((d) => d.text)),
    'Key Facts': bullets(ex.facts.map((f) => f.text)),
    'Needs Review': review.join('\n'),
  };
}

export function noteFrontmatter(input: NoteInput): Record<string, unknown> {
  const { env, ex, links } = input;
  return {
    type: TYPE[env.kind],
    title: oneLine(ex.title),
    date: ex.date ?? env.date ?? null,
    participants: links.participants.map(linkText),
    accounts: links.accounts.length ? links.accounts.map(linkText) : null,
    projects: links.projects.length ? links.projects.map(linkText) : null,
    source: `[[${input.archivedPath}]]`,
    source_id: env.source_id,
    extractor: ex.extractor,
    tags: [`distill/${TYPE[env.kind]}`, ...(links.ambiguous.length || !(ex.date ?? env.date) ? ['needs-review'] : [])],
  };
}

export function renderSourceNote(input: NoteInput): string {
  const sections = noteSections(input);
  const body: string[] = [`# ${mdHeading(input.ex.title)}`, ''];
  for (const name of NOTE_SECTIONS) {
    const text = sections[name];
    if (name !== 'Summary' && text === '') continue;
    body.push(`## ${name}`, '', text || '_No summary._', '');
  }
  body.push(renderSourceBody(input.env));
  const text = `${body
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\s*$/, '')}\n`;
  return upsertFrontmatter(text, noteFrontmatter(input));
}

/**
 * Re-processing an existing note: frontmatter keys and Distill's sections are replaced, every line the user added
 * inside them and every section the user added is kept, and task statuses the user set survive.
 */
export function sourceNotePatches(input: NoteInput, previous: NoteInput | null): SectionPatch[] {
  const now = noteSections(input);
  const before = previous ? noteSections(previous) : null;
  const patches: SectionPatch[] = [{ kind: 'upsert_frontmatter', values: noteFrontmatter(input) }];
  for (const name of NOTE_SECTIONS) {
    patches.push({
      kind: 'replace_section',
      heading: name,
      body: now[name],
      ...(before ? { previous: before[name] } : {}),
    });
  }
  return patches;
}

/** Task statuses as the note shows them now (the user may have accepted, rejected or finished some). */
export function taskStatusesIn(noteText: string): Map<string, TaskStatus> {
  const out = new Map<string, TaskStatus>();
  for (const line of noteText.split('\n')) {
    const t = parseTaskLine(line);
    if (t?.id) out.set(t.id, t.status);
  }
  return out;
}
