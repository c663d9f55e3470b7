/**
 * A summary an earlier tool already wrote at the top of a transcript (the old system's legacy processed
 * transcripts: H1 `# 1:1 — Tomer — 2025-10-29`, a `> [!info] Purpose` callout, `## Summary`, `## Action items`
 * with done tasks, …, then `## Transcript (auto)` with the conversation in a ```text fence). It is kept apart from
 * the conversation so its done tasks are read as history, never re-proposed as new work (51% of the old
 * system's transcript tasks were exactly that).
 */
import { FIELD_MARKERS, fieldPattern } from '../core/task-line.ts';
import { splitNote } from '../vault/frontmatter.ts';
import type { PriorSummary, PriorTask } from './envelope.ts';

export interface SplitResult {
  prior: PriorSummary | null;
  /** The conversation: what follows the summary, or the whole body when there is no summary. No frontmatter. */
  conversation: string;
}

const SUMMARY_HEADING =
  /^#{2,3}\s+(?:summary|tl;?dr|key facts(?: learned)?|key points|outcomes|decisions|action items(?:\s*\(.*\))?|next steps|follow-?ups|risks|open questions)\s*$/i;
const TRANSCRIPT_HEADING = /^#{1,3}\s+(?:original\s+)?transcript(?:\s*\((?:auto|raw|full)\))?\s*:?\s*$/i;
const CALLOUT = /^>\s*\[!(?:info|summary|note|abstract|tldr)\]/i;
const META_LINE = /^\*\*(?:date|participants|attendees|duration|location)[:*]*\*\*/i;
const TASK_LINE = /^\s*[-*+]\s+\[(.)\]\s+(.*)$/;
/** A line where a conversation starts: a bold speaker, a bracketed timestamp, or MacWhisper's `*MM:SS*`. */
const CONVERSATION_LINE =
  /^(?:\*\*[^*\n]{1,80}\*\*\s*(?:\(\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\))?\s*:|\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]|\*\d{1,2}:\d{2}(?::\d{2})?\*\s*$)/;

/** `- [x] Send the deck @Ronnie Lazar 🔼 📅 2025-11-01 ✅ 2025-11-08` -> text, owner, due, done. */
export function parsePriorTask(line: string): PriorTask | null {
  const m = TASK_LINE.exec(line);
  if (!m) return null;
  const status = m[1] ?? ' ';
  let body = m[2] ?? '';
  // Obsidian's "Edit task" button leaks into copied task lines as an empty link.
  body = body.replace(/\[\]\([^)]*\)/g, ' ');
  // A task pasted inside a task (`- [x] - [ ] Draft …`): the inner checkbox is noise.
  body = body.replace(/^(?:[-*+]\s+\[.\]\s+)+/, '');
  const due = fieldPattern('due').exec(body)?.[1];
  const cut = body.search(new RegExp(`${FIELD_MARKERS.join('|')}|\\s#[\\w/-]+`, 'u'));
  let text = (cut >= 0 ? body.slice(0, cut) : body).trim();
  let owner: string | undefined;
  const at = /\s@([^@]+)$/u.exec(` ${text}`);
  if (at?.[1] && at[1].trim().split(/\s+/).length <= 4) {
    owner = at[1].trim();
    text = ` ${text}`.slice(0, at.index).trim();
  }
  const task: PriorTask = { text: text.replace(/\s+/g, ' '), done: status === 'x' || status === 'X' };
  if (owner) task.owner = owner;
  if (due) task.due = due;
  return task;
}

function hasSummaryMarkers(lines: string[]): boolean {
  let headings = 0;
  for (const l of lines) {
    if (SUMMARY_HEADING.test(l) || CALLOUT.test(l) || META_LINE.test(l)) headings++;
  }
  return headings > 0;
}

function tasksOf(lines: string[]): PriorTask[] {
  return lines.map(parsePriorTask).filter((t): t is PriorTask => t !== null);
}

/** Content of the first ``` fence in `text`, or the text itself when it has none. */
function unfence(text: string): string {
  const open = /^[ \t]*```[^\n]*\n/m.exec(text);
  if (!open) return text;
  const before = text.slice(0, open.index);
  // Only unwrap when the fence is the conversation itself, not a code sample inside speech.
  if (before.trim() !== '' && !/^(?:<!--[\s\S]*?-->\s*)*$/.test(before.trim())) return text;
  const inner = text.slice(open.index + open[0].length);
  const close = /^[ \t]*```[ \t]*$/m.exec(inner);
  return close ? inner.slice(0, close.index) : inner;
}

function summaryText(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(?:\n\s*-{3,}\s*)+$/, '')
    .trim();
}

export function splitPriorSummary(text: string): SplitResult {
  const body = splitNote(text).body;
  const lines = body.split('\n');

  const transcriptAt = lines.findIndex((l) => TRANSCRIPT_HEADING.test(l.trim()));
  if (transcriptAt >= 0) {
    const head = lines.slice(0, transcriptAt);
    const after = lines
      .slice(transcriptAt + 1)
      .join('\n')
      .replace(/\n?<!--\s*ai:transcript:end\s*-->[\s\S]*$/, '');
    const conversation = unfence(after.replace(/^\s*\n/, '')).trim();
    if (hasSummaryMarkers(head) || tasksOf(head).length > 0) {
      return { prior: { text: summaryText(head), tasks: tasksOf(head) }, conversation };
    }
    // Only a title above `## Transcript`: keep the pre-heading lines out of the conversation but drop nothing said.
    const spoken = head.filter((l) => l.trim() !== '' && !/^#{1,6}\s/.test(l) && !/^-{3,}\s*$/.test(l));
    return { prior: null, conversation: [...spoken, conversation].join('\n').trim() };
  }

  const firstTalk = lines.findIndex((l) => CONVERSATION_LINE.test(l));
  if (firstTalk > 0) {
    const head = lines.slice(0, firstTalk);
    if (hasSummaryMarkers(head)) {
      // The summary ends at its last marked section; speech lines before the first speaker stay conversation.
      return {
        prior: { text: summaryText(head), tasks: tasksOf(head) },
        conversation: lines.slice(firstTalk).join('\n').trim(),
      };
    }
    return { prior: null, conversation: body.trim() };
  }
  if (firstTalk === 0) return { prior: null, conversation: body.trim() };

  // No conversation at all: nothing here sits above a conversation it summarises, so nothing is an earlier summary.
  // A note that is only a checklist or summary-style headings (n-20251001-afc765: 23 done tasks) is the owner's own
  // material and is read whole; its checked-off tasks are history by their `[x]`, never proposed again.
  return { prior: null, conversation: body.trim() };
}
