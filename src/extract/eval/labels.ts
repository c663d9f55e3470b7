/** One line of a labels file (`distill eval --labels`): what a source should yield, as DESIGN.md §4 describes. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const LabelTask = z.object({
  text: z.string(),
  owner: z.string().nullable().default(null),
  due: z.string().nullable().default(null),
  priority: z.string().nullable().default(null),
  status: z.string().default('proposed'),
  /** `echo_of_done_source_task`: the old system re-proposed a task the source already marked done. */
  flags: z.array(z.string()).default([]),
});
export type LabelTask = z.infer<typeof LabelTask>;

export const LabelLine = z.looseObject({
  id: z.string().min(1),
  source_path: z.string().min(1),
  /** email | transcript | notes (a document); other kinds are reported as they are. */
  kind: z.string(),
  title: z.string().nullable().default(null),
  date: z.string().nullable().default(null),
  participants: z.array(z.string()).default([]),
  summary: z.string().nullable().default(null),
  tasks: z.array(LabelTask).default([]),
  decisions: z.array(z.string()).default([]),
  facts: z.array(z.string()).default([]),
  /** The file name the source had in the inbox: file-name dates and titles depend on it. */
  original_path: z.string().nullable().default(null),
});
export type LabelLine = z.infer<typeof LabelLine>;

/** Parses JSONL; a bad line is an error naming the file and line, since a silently skipped label skews totals. */
export function parseLabels(text: string, file = 'labels'): LabelLine[] {
  const out: LabelLine[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not valid JSON: ${(e as Error).message}`);
    }
    const parsed = LabelLine.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}:${i + 1}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    out.push(parsed.data);
  });
  return out;
}

export function readLabels(file: string): LabelLine[] {
  return parseLabels(readFileSync(file, 'utf8'), file);
}
