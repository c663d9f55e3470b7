/**
 * `.distill/ledger.json`: which source produced which files, and which runs did what. It is written through the
 * same journalled transaction as the notes it describes, so it can never disagree with the vault.
 *
 * (DESIGN.md proposed SQLite; a JSON file changed inside the run's transaction is what makes "a failed run leaves
 * the vault and its state exactly as before" hold without coordinating two transaction systems.)
 */
import { z } from 'zod';
import { jsonMemberLines, narrowJson } from './json-text.ts';

export const STATE_DIR = '.distill';
export const LEDGER_PATH = `${STATE_DIR}/ledger.json`;
export const EXTRACTIONS_DIR = `${STATE_DIR}/extractions`;

/** Another export of a source's conversation (the thread exported again, the meeting transcribed twice). */
export const LedgerCopy = z.object({
  /** The copy's own content id (a later arrival of the same bytes is a duplicate of the conversation). */
  source_id: z.string(),
  archived_path: z.string(),
  inbox_name: z.string(),
});
export type LedgerCopy = z.infer<typeof LedgerCopy>;

export const LedgerSource = z.object({
  source_id: z.string(),
  /** File name the source had in the inbox. */
  inbox_name: z.string(),
  /** Vault-relative path of the archived original under Sources/. */
  archived_path: z.string(),
  /** Vault-relative path of the source note. */
  note_path: z.string(),
  kind: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  extractor: z.string(),
  run_id: z.string(),
  processed_at: z.string(),
  /** Outbox files produced for this source (drafts, invites). */
  outputs: z.array(z.string()).default([]),
  /** Entity ids this source contributed to. */
  entities: z.array(z.string()).default([]),
  /** Archived copies of other exports with identical content (the same thread exported twice). */
  duplicates: z.array(z.string()).default([]),
  /** Other copies of this conversation, each archived under Sources/; they all map to this entry's note. */
  copies: z.array(LedgerCopy).optional(),
  /** Index keys that find the conversation again when another copy arrives (src/ingest/conversation.ts). */
  conversation_keys: z.array(z.string()).optional(),
});
export type LedgerSource = z.infer<typeof LedgerSource>;

export const LedgerRun = z.object({
  run_id: z.string(),
  started: z.string(),
  finished: z.string(),
  sources: z.array(z.string()),
  failed: z.array(z.object({ path: z.string(), reason: z.string() })).default([]),
  /** Every vault-relative path the run created, changed or moved. */
  files: z.array(z.string()),
  commit: z.string().nullable().default(null),
  status: z.enum(['applied', 'undone']).default('applied'),
});
export type LedgerRun = z.infer<typeof LedgerRun>;

export const Ledger = z.object({
  version: z.literal(1).default(1),
  sources: z.record(z.string(), LedgerSource).default({}),
  runs: z.array(LedgerRun).default([]),
});
export type Ledger = z.infer<typeof Ledger>;

export function emptyLedger(): Ledger {
  return { version: 1, sources: {}, runs: [] };
}

export function parseLedger(text: string | null): Ledger {
  if (text === null) return emptyLedger();
  const data: unknown = JSON.parse(text);
  // A ledger as `serialiseLedger` writes it is taken as it is: checking every field of 10,000 entries with zod costs
  // more than the rest of reading it. Anything else (an older ledger missing defaults, a hand edit) is fully parsed.
  return looksComplete(data) ? data : Ledger.parse(data);
}

const isStr = (v: unknown) => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown) => Array.isArray(v) && v.every(isStr);

/** Every field the schema requires is there with its type (the optional conversation fields are checked if set). */
function looksComplete(data: unknown): data is Ledger {
  if (!isObj(data) || data.version !== 1 || !isObj(data.sources) || !Array.isArray(data.runs)) return false;
  for (const e of Object.values(data.sources)) {
    if (
      !isObj(e) ||
      !isStr(e.source_id) ||
      !isStr(e.inbox_name) ||
      !isStr(e.archived_path) ||
      !isStr(e.note_path) ||
      !isStr(e.kind) ||
      !isStr(e.title) ||
      !(e.date === null || isStr(e.date)) ||
      !isStr(e.extractor) ||
      !isStr(e.run_id) ||
      !isStr(e.processed_at) ||
      !strings(e.outputs) ||
      !strings(e.entities) ||
      !strings(e.duplicates) ||
      !(e.conversation_keys === undefined || strings(e.conversation_keys)) ||
      !(
        e.copies === undefined ||
        (Array.isArray(e.copies) &&
          e.copies.every((c) => isObj(c) && isStr(c.source_id) && isStr(c.archived_path) && isStr(c.inbox_name)))
      )
    )
      return false;
  }
  for (const r of data.runs) {
    if (
      !isObj(r) ||
      !isStr(r.run_id) ||
      !isStr(r.started) ||
      !isStr(r.finished) ||
      !strings(r.sources) ||
      !strings(r.files) ||
      !(r.commit === null || isStr(r.commit)) ||
      !(r.status === 'applied' || r.status === 'undone') ||
      !(Array.isArray(r.failed) && r.failed.every((f) => isObj(f) && isStr(f.path) && isStr(f.reason)))
    )
      return false;
  }
  return true;
}

/**
 * The ledger as a run writes it: a line per source and a line per run, sources in id order. A run that adds a source
 * adds a line (its diff and its run record are that line), and the text of a 10,000-source vault is 10,000 lines, not
 * the 300,000 one field per line made: every batch of a large run reads, writes and diffs it, and the diff's line
 * index was the largest thing a batch held. Sources sorted, so an unchanged ledger is byte-identical; any JSON layout
 * reads back the same.
 */
export function serialiseLedger(ledger: Ledger): string {
  const sources = Object.keys(ledger.sources)
    .sort()
    .map((id) => `${JSON.stringify(id)}: ${JSON.stringify(ledger.sources[id])}`);
  const lines = [
    '{',
    '  "version": 1,',
    ...jsonMemberLines('  ', 'sources', '{}', sources),
    ...jsonMemberLines(
      '  ',
      'runs',
      '[]',
      ledger.runs.map((r) => JSON.stringify(r)),
      true,
    ),
    '}',
  ];
  return narrowJson(`${lines.join('\n')}\n`);
}

export function extractionPath(sourceId: string): string {
  return `${EXTRACTIONS_DIR}/${sourceId}.json`;
}
