/**
 * Writing a brief, and the small edit plans the brief and the MCP server hand to apply (journalled, committed and
 * undoable like every other change): pure, from data to a ChangePlan.
 */
import { randomBytes } from 'node:crypto';
import type { ChangePlan, Operation } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';
import { getSection, listSections } from '../vault/markdown.ts';
import { safeFileName } from '../vault/paths.ts';
import { type Brief, renderBrief } from './brief.ts';

/** The run id format every run record uses (`YYYYMMDD-HHMMSS-xxxx`), so `distill undo` lists these runs too. */
export function editRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** A plan that only edits files (no sources). */
export function editOnlyPlan(operations: Operation[], runId = editRunId()): ChangePlan {
  return {
    run_id: runId,
    created: new Date().toISOString(),
    operations,
    sources: [],
    skipped: [],
    failed: [],
    warnings: [],
  };
}

export function briefPath(b: Brief, config: Config): string {
  return `${config.folders.briefs}/${safeFileName(`${b.date} ${b.entity.name}`)}.md`;
}

/**
 * A new brief file, or, when today's brief for them exists, its sections brought up to date (a section the user
 * added to the brief is left alone; the brief is a dated snapshot, so the generated sections are replaced whole).
 */
export function briefOperation(b: Brief, config: Config, existing: string | null): Operation {
  const path = briefPath(b, config);
  const content = renderBrief(b);
  if (existing === null) return { op: 'create_note', path, content };
  const patches = listSections(content)
    .filter((sec) => sec.depth === 2)
    .map((sec) => ({
      kind: 'replace_section' as const,
      heading: sec.heading,
      body: getSection(content, sec.heading) ?? '',
      previous: getSection(existing, sec.heading) ?? '',
    }));
  return { op: 'patch_note', path, patches, base_sha: null };
}
