/**
 * Repeated exports built from the real fixtures: a mail thread as it was exported after an earlier reply (the real
 * export cut to its first messages), only its newest message (the rest as quoted history), a transcript with
 * another tool's summary on top, a weekly invitation sent again a week later.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const GOLD_SOURCES = fileURLToPath(new URL('../fixtures/gold/sources/', import.meta.url));

/** The text of a gold fixture source (`e-20251219-74de19`), with its own line breaks. */
export function goldSource(id: string): string {
  return readFileSync(`${GOLD_SOURCES}${id}/source.md`, 'utf8');
}

const MARKER_LINE = /^## \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [—–-] /;

interface ExportParts {
  head: string[];
  blocks: string[][];
  eol: string;
}

function splitExport(text: string): ExportParts {
  const eol = text.includes('\r\n') ? '\r\n' : text.includes('\r') ? '\r' : '\n';
  const lines = text.split(/\r\n|\r|\n/);
  const head: string[] = [];
  const blocks: string[][] = [];
  for (const line of lines) {
    if (MARKER_LINE.test(line)) blocks.push([line]);
    else if (blocks.length === 0) head.push(line);
    else blocks.at(-1)!.push(line);
  }
  if (blocks.length === 0) throw new Error('not an Apple Mail markdown export');
  return { head, blocks, eol };
}

function joinExport(parts: ExportParts, blocks: string[][], exported?: string): string {
  const head = parts.head.map((l) =>
    /^- Messages:/.test(l)
      ? `- Messages: ${blocks.length}`
      : exported && /^- Exported:/.test(l)
        ? `- Exported: ${exported}`
        : l,
  );
  return [...head, ...blocks.flat()].join(parts.eol);
}

/** The number of messages an Apple Mail markdown export holds. */
export function messageCount(text: string): number {
  return splitExport(text).blocks.length;
}

/** The export as it would have been made earlier: its first `keep` messages only. */
export function cutExport(text: string, keep: number, exported?: string): string {
  const parts = splitExport(text);
  return joinExport(parts, parts.blocks.slice(0, keep), exported);
}

/** The export of message `index` alone (0-based): earlier messages survive only as its quoted history. */
export function singleMessageExport(text: string, index: number): string {
  const parts = splitExport(text);
  const block = parts.blocks[index];
  if (!block) throw new Error(`no message ${index}`);
  return joinExport(parts, [block]);
}

/** The same invitation sent again `days` later (a weekly meeting): every message's time moved on. */
export function shiftExportDays(text: string, days: number): string {
  return text.replace(/^## (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})/gm, (_m, d: string, t: string) => {
    const next = new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    return `## ${next} ${t}`;
  });
}

/**
 * A transcript with its earlier-summary block (between the title and the transcript heading or first spoken line)
 * replaced by another tool's.
 */
export function withSummary(transcript: string, summary: string): string {
  const lines = transcript.split('\n');
  const title = lines.findIndex((l) => /^# /.test(l));
  const spoken = lines.findIndex((l) => /^## Transcript/.test(l) || /^\[\d{2}:\d{2}:\d{2}/.test(l));
  if (title < 0 || spoken < 0) throw new Error('no title or no spoken line');
  return [...lines.slice(0, title + 1), '', summary.trim(), '', ...lines.slice(spoken)].join('\n');
}

/** A transcript cut after its first `share` of spoken lines (a recording that stopped early). */
export function cutTranscript(transcript: string, share: number): string {
  const lines = transcript.split('\n');
  const spoken = lines.map((l, i) => (/^\[\d{2}:\d{2}:\d{2}/.test(l) ? i : -1)).filter((i) => i >= 0);
  const stop = spoken[Math.max(1, Math.floor(spoken.length * share))] ?? lines.length;
  return lines.slice(0, stop).join('\n');
}
