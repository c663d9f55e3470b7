/** One line of a gold labels file (`distill eval --labels`): test/fixtures/gold/GOLD.md describes the format. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** A verbatim quote of the source: what items are matched on, whatever words their texts use. */
const evidence = z.string().min(1);

export const GoldTask = z.object({
  text: z.string().min(1),
  /** A full name, "Jason Vallery" (the owner), or "TBD". */
  owner: z.string().min(1),
  due: isoDate.nullable(),
  evidence,
});
export type GoldTask = z.infer<typeof GoldTask>;

export const GoldDecision = z.object({ text: z.string().min(1), evidence });
export type GoldDecision = z.infer<typeof GoldDecision>;

export const GoldFact = z.object({ text: z.string().min(1), about: z.string().nullable(), evidence });
export type GoldFact = z.infer<typeof GoldFact>;

export const GoldLabel = z.looseObject({
  id: z.string().min(1),
  source_path: z.string().min(1),
  kind: z.enum(['email', 'transcript', 'notes']),
  title: z.string().min(1),
  date: isoDate.nullable(),
  participants: z.array(z.string().min(1)),
  summary: z.string().default(''),
  tasks: z.array(GoldTask),
  decisions: z.array(GoldDecision),
  facts: z.array(GoldFact),
  /** Emails only; null for other kinds. */
  reply_needed: z.boolean().nullable(),
  reply_reason: z.string().nullable().default(null),
  prior_summary_present: z.boolean().default(false),
  labeler_notes: z.string().nullable().default(null),
  /** The file name the source had in the inbox, when it differs: file-name dates and titles depend on it. */
  original_path: z.string().nullable().default(null),
});
export type GoldLabel = z.infer<typeof GoldLabel>;

/** Parses JSONL; a bad line is an error naming the file and line, since a silently skipped label skews totals. */
export function parseLabels(text: string, file = 'labels'): GoldLabel[] {
  const out: GoldLabel[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not valid JSON: ${(e as Error).message}`);
    }
    const parsed = GoldLabel.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}:${i + 1}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    out.push(parsed.data);
  });
  return out;
}

export function readLabels(file: string): GoldLabel[] {
  return parseLabels(readFileSync(file, 'utf8'), file);
}
