/**
 * Patch primitives a change plan is made of, and the pure function that applies them to a note's text. Each
 * primitive edits one region (frontmatter, one section, one line) and keeps every other byte.
 */
import { appendToSection, getSection, replaceSection, upsertFrontmatter } from './markdown.ts';

export type SectionPatch =
  /** Set (or, with null, delete) frontmatter keys through the yaml Document API, keeping comments and order. */
  | { kind: 'upsert_frontmatter'; values: Record<string, unknown> }
  /**
   * Replace the Distill-owned body of `## heading`. `previous` is what Distill wrote there last time: any other
   * line found in the section was written by the user and is kept (after the generated lines). Without
   * `previous`, every existing line that the new body does not repeat is kept.
   */
  | { kind: 'replace_section'; heading: string; body: string; previous?: string }
  /** Append lines under `## heading` that are not there yet (the section is created at the end when missing). */
  | { kind: 'append_to_section'; heading: string; lines: string[] }
  /** Make sure each `[[link]]` appears under `## heading`. */
  | { kind: 'ensure_links'; heading: string; links: string[] }
  /** Replace one exact line (e.g. a task's status); fails if the line is no longer there. */
  | { kind: 'replace_line'; old: string; new: string };

export class PatchConflict extends Error {
  override name = 'PatchConflict';
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trimEnd());
}

const TASK_ID = /🆔\uFE0F? *([A-Za-z0-9_-]+)/u;

function replaceOwnedSection(text: string, heading: string, body: string, previous: string | undefined): string {
  const existing = getSection(text, heading);
  if (existing === null) return body.trim() === '' ? text : replaceSection(text, heading, body);
  const generated = new Set(lines(previous ?? ''));
  const fresh = new Set(lines(body));
  // A task the user ticked in place (`[?]` -> `[x]`, the rest as it was) comes back in the new body under its id
  // with that status kept: the old line is not kept beside it.
  const freshIds = new Set(
    lines(body)
      .map((l) => TASK_ID.exec(l)?.[1])
      .filter((id): id is string => !!id),
  );
  const userLines = lines(existing).filter(
    (l) => l.trim() !== '' && !generated.has(l) && !fresh.has(l) && !freshIds.has(TASK_ID.exec(l)?.[1] ?? ''),
  );
  const merged = userLines.length > 0 ? `${body.replace(/\s+$/, '')}\n${userLines.join('\n')}` : body;
  return replaceSection(text, heading, merged);
}

export function applyPatch(text: string, patch: SectionPatch): string {
  switch (patch.kind) {
    case 'upsert_frontmatter':
      return upsertFrontmatter(text, patch.values);
    case 'replace_section':
      return replaceOwnedSection(text, patch.heading, patch.body, patch.previous);
    case 'append_to_section':
      return appendToSection(text, patch.heading, patch.lines);
    case 'ensure_links': {
      const present = getSection(text, patch.heading) ?? '';
      const missing = patch.links.filter((l) => !present.includes(l.startsWith('[[') ? l : `[[${l}]]`));
      return appendToSection(
        text,
        patch.heading,
        missing.map((l) => `- ${l.startsWith('[[') ? l : `[[${l}]]`}`),
      );
    }
    case 'replace_line': {
      const eolSplit = text.split('\n');
      const i = eolSplit.findIndex((l) => l.replace(/\r$/, '') === patch.old);
      if (i === -1) throw new PatchConflict(`line not found: ${patch.old.slice(0, 80)}`);
      const cr = eolSplit[i]!.endsWith('\r') ? '\r' : '';
      eolSplit[i] = patch.new + cr;
      return eolSplit.join('\n');
    }
  }
}

export function applyPatches(text: string, patches: SectionPatch[]): string {
  return patches.reduce(applyPatch, text);
}
