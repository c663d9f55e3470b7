/**
 * Plain markdown/text notes: anything that is neither an email export nor a transcript. The date comes from the
 * note itself when it has one; the file time is the documented last resort for documents only (a transcript is
 * never dated by its file time).
 */
import { readFrontmatter, splitNote } from '../vault/frontmatter.ts';
import type { Participant, ParticipantRole, SourceEnvelope } from './envelope.ts';
import { parseSourceFileName, repairCutTitle } from './filename.ts';
import { isGenericSpeaker } from './generic-labels.ts';
import { sourceIdOf } from './normalise.ts';
import { splitPriorSummary } from './prior-summary.ts';

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/;

/** `date:` as YAML gives it: a string, or a Date when a YAML 1.1 reader typed it. */
export function frontmatterDate(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return ISO_DATE.exec(value.trim())?.[1] ?? null;
  return null;
}

/** `[[Lior Genzel]]`, `[[People/Lior Genzel|Lior]]` -> `Lior Genzel`. */
export function unwrapWikilink(value: string): string {
  const m = /^\s*\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]\s*$/.exec(value);
  const parts = (m?.[1] ?? value).split('/').map((x) => x.trim());
  // `People/<Name>/README` links the entity page: the folder is the name.
  if (parts.length > 1 && /^readme(?:\.md)?$/i.test(parts[parts.length - 1] ?? '')) parts.pop();
  return parts[parts.length - 1] ?? '';
}

/** A YAML list keeps its items whole (`"Denworth, Jeff"`); a single string may list several names. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string')
    return value
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value))
    return value
      .filter((v): v is string => typeof v === 'string')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

/** One person named in a header or frontmatter: `Name <addr>`, a bare address, or a name. */
export function parsePerson(raw: string): { name: string; email?: string } | null {
  const s = unwrapWikilink(raw)
    .replace(/^["']|["']$/g, '')
    .trim();
  if (s === '') return null;
  const angle = /^(.*?)\s*<([^<>\s@]+@[^<>\s@]+)>$/.exec(s);
  if (angle) {
    const email = angle[2] ?? '';
    const name = (angle[1] ?? '').replace(/^["']|["']$/g, '').trim();
    return { name: name || email, email: email.toLowerCase() };
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return { name: s, email: s.toLowerCase() };
  return { name: s.replace(/\s+/g, ' ') };
}

/** Adds a person (or a role to one already there); generic labels never become participants. */
export function addParticipant(
  list: Participant[],
  person: { name: string; email?: string },
  role: ParticipantRole,
): void {
  if (isGenericSpeaker(person.name) && !person.email) return;
  const key = person.name.toLowerCase();
  const existing = list.find(
    (p) => p.name.toLowerCase() === key || (person.email !== undefined && p.email === person.email),
  );
  if (existing) {
    if (!existing.roles.includes(role)) existing.roles.push(role);
    if (person.email && !existing.email) existing.email = person.email;
    return;
  }
  list.push(
    person.email ? { name: person.name, email: person.email, roles: [role] } : { name: person.name, roles: [role] },
  );
}

/** People a note's frontmatter names: `participants`, `attendees`, `entities.people` (wikilinks unwrapped). */
export function frontmatterPeople(fm: Record<string, unknown>): { name: string; email?: string }[] {
  const entities = fm.entities && typeof fm.entities === 'object' ? (fm.entities as Record<string, unknown>) : {};
  return [...stringsOf(fm.participants), ...stringsOf(fm.attendees), ...stringsOf(entities.people)]
    .map(parsePerson)
    .filter((p): p is { name: string; email?: string } => p !== null);
}

/** First `# ` heading within the first `within` lines of the body. */
export function firstHeading(body: string, within = 10): string | null {
  for (const line of body.split('\n').slice(0, within)) {
    const m = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    if (m?.[1]) return m[1];
  }
  return null;
}

function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function parseDocument(text: string, file: string, mtime: Date): SourceEnvelope {
  const fm = readFrontmatter(text);
  const body = splitNote(text).body;
  const name = parseSourceFileName(file);
  const warnings = [...name.warnings];

  const contentTitle = (typeof fm.title === 'string' && fm.title.trim()) || firstHeading(body);
  const title = contentTitle || repairCutTitle(name.title, text) || 'Untitled document';
  if (!contentTitle && name.placeholder && name.title !== '') {
    warnings.push(`file-name title "${name.title}" is a recorder/app default and the note has no heading`);
  }

  let date: string | null = frontmatterDate(fm.date);
  let date_source: SourceEnvelope['date_source'] = 'frontmatter';
  if (!date && name.date) {
    date = name.date;
    date_source = 'filename';
  }
  if (!date && !Number.isNaN(mtime.getTime())) {
    date = localDate(mtime);
    date_source = 'file-time';
    warnings.push(`no date in the note or its file name: dated by the file time (${date})`);
  }
  if (!date) {
    date_source = 'none';
    warnings.push('no date in the note, its file name or file time');
  }

  const participants: Participant[] = [];
  for (const author of stringsOf(fm.author)) {
    const p = parsePerson(author);
    if (p) addParticipant(participants, p, 'author');
  }
  for (const p of frontmatterPeople(fm)) addParticipant(participants, p, 'attendee');

  const { prior, conversation } = splitPriorSummary(text);
  if (prior && conversation === '') {
    const done = prior.tasks.filter((t) => t.done).length;
    warnings.push(
      `the whole note is an earlier summary/task record (${prior.tasks.length} tasks, ${done} done): kept as prior summary, nothing new to extract`,
    );
  }

  return {
    source_id: sourceIdOf(text),
    kind: 'document',
    format: 'document',
    path: file,
    title: title.trim(),
    date,
    date_source,
    participants,
    messages: [],
    turns: [],
    prior_summary: prior,
    text: prior ? conversation : body.trim(),
    warnings,
  };
}
