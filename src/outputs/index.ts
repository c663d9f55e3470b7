/**
 * Outputs of one processed source, as plan operations: a reply draft when triage says the owner owes an answer (with
 * the LLM prompt beside it when a model wrote it), and one `.ics` per proposed meeting with a concrete start. Paths
 * are deterministic, so re-processing a source maps to the same files, and an existing outbox file (which the user
 * may be editing, approving or have discarded) is never planned again.
 */

import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import type { Operation } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';
import { buildDraftPrompt, type EntityPage, type ReplyDrafter, renderDraft, replySubject } from './drafts.ts';
import { concreteStart, renderInvite } from './ics.ts';
import { replyOutline } from './outline.ts';
import { DEFAULT_TRIAGE_RULES, triageReply } from './triage.ts';

export { tasksDashboard } from './dashboard.ts';
export { renderDigest } from './digest.ts';
export type { ReplyDrafter } from './drafts.ts';
export { tasksPluginConfig } from './tasks-plugin-config.ts';
export { triageReply } from './triage.ts';

/** Filename-unsafe characters on Windows, macOS or in Obsidian links. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes.
const UNSAFE = /[/\\:*?"<>|#^[\]\u0000-\u001f\u007f]/g;
export const MAX_STEM_BYTES = 100;

/** A filename stem: unsafe characters removed, spaces collapsed, cut (on a character boundary) under the byte limit. */
export function safeStem(text: string, maxBytes = MAX_STEM_BYTES): string {
  let s = text
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+|\.+$/g, '')
    .trim();
  if (Buffer.byteLength(s) > maxBytes) {
    let out = '';
    for (const ch of s) {
      if (Buffer.byteLength(out + ch) > maxBytes) break;
      out += ch;
    }
    // Cut at a word boundary when there is one in the last third, so names do not end mid-word.
    const space = out.lastIndexOf(' ');
    s = (space > out.length * 0.66 ? out.slice(0, space) : out).replace(/[\s,;.\-–—(]+$/u, '');
  }
  return s || 'untitled';
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

export interface PlanOutputsInput {
  env: SourceEnvelope;
  ex: Extraction;
  notePath: string;
  config: Config;
  existing: Set<string>;
  entityPages?: EntityPage[];
  drafter?: ReplyDrafter | null;
}

export async function planOutputs(input: PlanOutputsInput): Promise<Operation[]> {
  const { env, ex, config, existing } = input;
  const ops: Operation[] = [];
  const entityPages = input.entityPages ?? [];

  const triage = triageReply(env, ex, config);
  const newest = env.messages.at(-1);
  if (triage.needed && triage.to && newest) {
    const stem = draftStem(env, config);
    const path = `${stem}.md`;
    if (!existing.has(path)) {
      const outline = replyOutline(newest, ex, config);
      const base = { env, config, triage, outline, notePath: input.notePath, entityPages };
      let content: string | null = null;
      let fallbackReason: string | undefined;
      if (input.drafter) {
        const request = buildDraftPrompt({ env, ex, config, triage, outline, entityPages });
        try {
          const res = await input.drafter.draft(request);
          const promptPath = `${stem}.prompt.json`;
          content = renderDraft({ ...base, llm: { text: res.text, model: res.model, promptPath } });
          const audit = {
            operation: 'draft_reply',
            model: res.model,
            source_id: env.source_id,
            source_note: input.notePath,
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
      ops.unshift({ op: 'write_outbox', path, content });
    }
  }

  // A calendar response is about a meeting already on the calendar: an invite for it would duplicate it.
  const isCalendarResponse = newest ? DEFAULT_TRIAGE_RULES.calendarSubject.test(newest.subject) : false;
  if (!isCalendarResponse) {
    const planned = new Set<string>();
    for (const meeting of ex.meetings) {
      const start = concreteStart(meeting.start);
      if (!start) continue;
      let path = invitePath(meeting.title, start, config);
      if (planned.has(path))
        path = path.replace(/\.ics$/, ` ${start.toISOString().slice(11, 16).replace(':', '')}.ics`);
      if (planned.has(path) || existing.has(path)) continue;
      const content = renderInvite({ meeting, env, config, notePath: input.notePath });
      if (!content) continue;
      planned.add(path);
      ops.push({ op: 'write_outbox', path, content });
    }
  }
  return ops;
}
