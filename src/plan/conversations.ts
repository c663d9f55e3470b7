/**
 * What the planner does for a source that is a conversation of several copies (a thread exported again, a meeting
 * transcribed twice): every copy archived and recorded in the ledger against the one note, the note's frontmatter
 * listing every archived copy (`sources:`), and the source section of the note (the thread, the transcript, the
 * earlier summary) brought up to the merged conversation, keeping the lines a user added there. Pure.
 */
import type { SourceEnvelope } from '../ingest/envelope.ts';
import type { LedgerCopy, LedgerSource } from '../vault/ledger.ts';
import { upsertFrontmatter } from '../vault/markdown.ts';
import type { SectionPatch } from '../vault/patch.ts';
import type { Operation } from './change-plan.ts';
import { renderSourceBody } from './source-note.ts';

/** A copy of the conversation adapted in this run, other than the one whose file is the conversation's own. */
export interface CopyInput {
  /** Where the copy is now (the inbox, or Sources/ when rebuilding). */
  inboxPath: string;
  source_id: string;
  /** Where it is archived (equal to `inboxPath` when it already is; then nothing moves). */
  archivedPath: string;
  /** False when the file is archived by another source of this run (an mbox holding several threads). */
  archive?: boolean;
}

export interface ConversationInput {
  /** Copies of this run besides the conversation's own file. */
  copies: CopyInput[];
  /** Index keys of every copy (stored so the next copy finds the conversation). */
  keys: string[];
  /**
   * The envelope the note's source section was rendered from (the conversation before this run's copies), for a
   * note that exists; null when unknown (the source section is then left as it is).
   */
  previous: SourceEnvelope | null;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Every copy the ledger will record for the conversation: those it had, and this run's (each once, by id). */
export function ledgerCopies(previous: LedgerSource | undefined, conv: ConversationInput, ownId: string): LedgerCopy[] {
  const out = new Map<string, LedgerCopy>();
  for (const c of previous?.copies ?? []) out.set(c.source_id, c);
  for (const c of conv.copies) {
    if (c.source_id === ownId) continue;
    out.set(c.source_id, {
      source_id: c.source_id,
      archived_path: c.archivedPath,
      inbox_name: out.get(c.source_id)?.inbox_name ?? baseName(c.inboxPath),
    });
  }
  return [...out.values()].sort((a, b) => a.source_id.localeCompare(b.source_id));
}

/** The moves that archive this run's copies under Sources/. */
export function copyArchiveOps(conv: ConversationInput): Operation[] {
  return conv.copies
    .filter((c) => c.archive !== false && c.inboxPath !== c.archivedPath)
    .map((c) => ({ op: 'archive_source' as const, from: c.inboxPath, to: c.archivedPath, source_id: c.source_id }));
}

/** `sources:` frontmatter: every archived copy, the conversation's own first; null for a source of one copy. */
export function sourcesList(archivedPath: string, copies: LedgerCopy[]): string[] | null {
  if (copies.length === 0) return null;
  const rest = [...new Set(copies.map((c) => c.archived_path))].filter((p) => p !== archivedPath).sort();
  return [archivedPath, ...rest].map((p) => `[[${p}]]`);
}

/** A new note with its `sources:` list. */
export function withSourcesList(content: string, sources: string[] | null): string {
  return sources ? upsertFrontmatter(content, { sources }) : content;
}

/** The `## …` sections of a rendered source body (`Earlier Summary`, `Thread` / `Transcript` / `Document`). */
export function sourceSections(env: SourceEnvelope): Map<string, string> {
  const out = new Map<string, string>();
  let heading: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (heading !== null) out.set(heading, body.join('\n').trim());
  };
  for (const line of renderSourceBody(env).split('\n')) {
    const h = /^## (.+)$/.exec(line);
    if (h) {
      flush();
      heading = h[1]!.trim();
      body = [];
    } else body.push(line);
  }
  flush();
  return out;
}

/**
 * Patches that bring an existing note to the merged conversation: the `sources:` list, and the source sections
 * re-rendered (lines the user added in them are kept: `previous` tells them from what Distill wrote).
 */
export function conversationNotePatches(
  env: SourceEnvelope,
  conv: ConversationInput,
  sources: string[] | null,
): SectionPatch[] {
  const patches: SectionPatch[] = [];
  if (sources) patches.push({ kind: 'upsert_frontmatter', values: { sources } });
  if (conv.previous === null) return patches;
  const now = sourceSections(env);
  const before = sourceSections(conv.previous);
  for (const heading of new Set([...before.keys(), ...now.keys()])) {
    patches.push({
      kind: 'replace_section',
      heading,
      body: now.get(heading) ?? '',
      previous: before.get(heading) ?? '',
    });
  }
  return patches;
}
