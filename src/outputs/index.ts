/**
 * The outputs, as a list of builders the planner folds in: per source, a reply draft when triage says the owner owes
 * an answer and one `.ics` per proposed meeting with a concrete start; per run, the task dashboard. Paths are
 * deterministic, so re-processing a source maps to the same files, and an existing outbox file (which the user may be
 * editing, approving or have discarded) is never planned again.
 */

import { safeFileName } from '../core/filename.ts';
import type { Snapshot } from '../core/vault-file.ts';
import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import type { Operation, PlannedSource } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';
import type { Ledger } from '../vault/ledger.ts';
import { tasksDashboard } from './dashboard.ts';
import { buildDraftPrompt, type EntityPage, type ReplyDrafter, renderDraft, replySubject } from './drafts.ts';
import { concreteStart, renderInvite } from './ics.ts';
import { replyOutline } from './outline.ts';
import { DEFAULT_TRIAGE_RULES, triageReply } from './triage.ts';

export { tasksDashboard } from './dashboard.ts';
export { renderDigest } from './digest.ts';
export type { ReplyDrafter } from './drafts.ts';
export { tasksPluginConfig } from './tasks-plugin-config.ts';
export { triageReply } from './triage.ts';

export const MAX_STEM_BYTES = 100;

/** A file-name stem for an outbox file: the one sanitiser's, short enough for `.prompt.json` beside it. */
export function safeStem(text: string, maxBytes = MAX_STEM_BYTES): string {
  return safeFileName(text, maxBytes);
}

function sourceDate(env: SourceEnvelope): string {
  return env.date ?? env.messages.at(-1)?.date.slice(0, 10) ?? 'undated';
}

/** `Outbox/<date> Re <subject>.md`; the stem is shared by the prompt (`.prompt.json`) and approved mail (`.eml`). */
export function draftStem(env: SourceEnvelope, config: Config): string {
  const subject = replySubject(env.messages.at(-1)?.subject || env.title);
  return `${config.folders.outbox}/${safeStem(`${sourceDate(env)} ${subject.replace(/^Re: /, 'Re ')}`)}`;
}

export function invitePath(title: string, start: Date, config: Config): string {
  return `${config.folders.outbox}/${safeStem(`${start.toISOString().slice(0, 10)} ${title}`)}.ics`;
}

/** What an output builder sees of one processed source. */
export interface SourceOutputInput {
  env: SourceEnvelope;
  ex: Extraction;
  notePath: string;
  config: Config;
  /** Outbox files already on disk or planned: never planned again (the user may be editing them). */
  existing: Set<string>;
  entityPages: EntityPage[];
  drafter: ReplyDrafter | null;
}

/** An output of each processed source (a draft, an invite): plan operations, never writes. */
export interface SourceOutput {
  name: string;
  plan(input: SourceOutputInput): Operation[] | Promise<Operation[]>;
}

/** What an output builder sees once per run, after the sources are planned. */
export interface RunOutputInput {
  config: Config;
  /** The run's time, ISO. */
  now: string;
  /** The sources this run planned. */
  sources: PlannedSource[];
  /** The ledger as this run leaves it: every source the vault holds, this run's included. */
  ledger: Ledger;
  snapshot: Snapshot;
}

/** An output of the run as a whole (a dashboard, a review note): plan operations, never writes. */
export interface RunOutput {
  name: string;
  plan(input: RunOutputInput): Operation[];
}

/** A reply draft when triage says the owner owes an answer, with the LLM prompt beside it when a model wrote it. */
export const replyDraft: SourceOutput = {
  name: 'reply draft',
  async plan({ env, ex, config, existing, entityPages, drafter, notePath }) {
    const triage = triageReply(env, ex, config);
    const newest = env.messages.at(-1);
    if (!triage.needed || !triage.to || !newest) return [];
    const stem = draftStem(env, config);
    const path = `${stem}.md`;
    if (existing.has(path)) return [];
    const ops: Operation[] = [];
    const outline = replyOutline(newest, ex, config);
    const base = { env, config, triage, outline, notePath, entityPages };
    let content: string | null = null;
    let fallbackReason: string | undefined;
    if (drafter) {
      const request = buildDraftPrompt({ env, ex, config, triage, outline, entityPages });
      try {
        const res = await drafter.draft(request);
        const promptPath = `${stem}.prompt.json`;
        content = renderDraft({ ...base, llm: { text: res.text, model: res.model, promptPath } });
        const audit = {
          operation: 'draft_reply',
          model: res.model,
          source_id: env.source_id,
          source_note: notePath,
          draft: path,
          prompt: res.prompt,
        };
        if (!existing.has(promptPath))
          ops.push({ op: 'write_outbox', path: promptPath, content: `${JSON.stringify(audit, null, 2)}\n` });
      } catch (e) {
        // A failed model call must not lose the draft: the user still gets the offline outline, saying why.
        fallbackReason = ((e as Error).message ?? String(e)).split('\n')[0]!.slice(0, 200);
      }
    }
    content ??= renderDraft({ ...base, llm: null, ...(fallbackReason ? { fallbackReason } : {}) });
    return [{ op: 'write_outbox', path, content }, ...ops];
  },
};

/** One `.ics` per proposed meeting with a concrete start. */
export const invites: SourceOutput = {
  name: 'invites',
  plan({ env, ex, config, existing, notePath }) {
    // A calendar response is about a meeting already on the calendar: an invite for it would duplicate it.
    const newest = env.messages.at(-1);
    if (newest && DEFAULT_TRIAGE_RULES.calendarSubject.test(newest.subject)) return [];
    const ops: Operation[] = [];
    const planned = new Set<string>();
    for (const meeting of ex.meetings) {
      const start = concreteStart(meeting.start);
      if (!start) continue;
      let path = invitePath(meeting.title, start, config);
      if (planned.has(path))
        path = path.replace(/\.ics$/, ` ${start.toISOString().slice(11, 16).replace(':', '')}.ics`);
      if (planned.has(path) || existing.has(path)) continue;
      const content = renderInvite({ meeting, env, config, notePath });
      if (!content) continue;
      planned.add(path);
      ops.push({ op: 'write_outbox', path, content });
    }
    return ops;
  },
};

/** `Tasks.md`, the query-only task dashboard, made once: the first run that plans a source creates it. */
export const taskDashboard: RunOutput = {
  name: 'task dashboard',
  plan: ({ config, sources, snapshot }) =>
    sources.length > 0 && !snapshot.exists('Tasks.md')
      ? [{ op: 'create_note', path: 'Tasks.md', content: tasksDashboard(config) }]
      : [],
};

/**
 * The outputs, in the order their operations are planned. A new output is one file exporting a SourceOutput or a
 * RunOutput, and one line here. (The digest is not among them: it is written when asked, by `distill digest`.)
 */
export const SOURCE_OUTPUTS: readonly SourceOutput[] = [replyDraft, invites];
export const RUN_OUTPUTS: readonly RunOutput[] = [taskDashboard];

export interface PlanOutputsInput {
  env: SourceEnvelope;
  ex: Extraction;
  notePath: string;
  config: Config;
  existing: Set<string>;
  entityPages?: EntityPage[];
  drafter?: ReplyDrafter | null;
}

/** The outbox operations of one processed source: every source output's, in order. */
export async function planOutputs(
  input: PlanOutputsInput,
  outputs: readonly SourceOutput[] = SOURCE_OUTPUTS,
): Promise<Operation[]> {
  const full: SourceOutputInput = { ...input, entityPages: input.entityPages ?? [], drafter: input.drafter ?? null };
  const ops: Operation[] = [];
  for (const output of outputs) ops.push(...(await output.plan(full)));
  return ops;
}

/** The operations of the run-wide outputs (dashboards, review notes), once the run's sources are planned. */
export function planRunOutputs(input: RunOutputInput, outputs: readonly RunOutput[] = RUN_OUTPUTS): Operation[] {
  return outputs.flatMap((output) => output.plan(input));
}
