/**
 * Runs an extractor over labelled sources and scores each one. Reading goes through the real ingest path with the
 * file's original inbox name as display path, so file-name dates and titles behave as they would in an inbox.
 */
import path from 'node:path';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { ingestFile } from '../../ingest/index.ts';
import { ownerNames } from '../../vault/config.ts';
import type { ExtractContext, Extractor } from '../extractor.ts';
import { splitSentences } from '../offline/sentences.ts';
import type { Extraction } from '../schema.ts';
import type { LabelLine } from './labels.ts';
import { buildReport, type EvalReport, failedSource, type SourceScore, scoreSource } from './score.ts';

export interface EvalOptions {
  /** Folder label `source_path`s are relative to. */
  root: string;
  extractor: Extractor;
  ctx: ExtractContext;
  /** Called after each source, for progress output. */
  onSource?: (done: number, total: number, id: string) => void;
}

export interface EvaluatedSource {
  label: LabelLine;
  envelope: SourceEnvelope | null;
  extraction: Extraction | null;
  score: SourceScore;
}

export function displayPathFor(label: LabelLine): string {
  return label.original_path ? path.basename(label.original_path) : label.source_path;
}

export async function evaluateSources(labels: LabelLine[], opts: EvalOptions): Promise<EvaluatedSource[]> {
  const out: EvaluatedSource[] = [];
  const owners = [...ownerNames(opts.ctx.config), ...opts.ctx.config.owner.emails];
  for (const [i, label] of labels.entries()) {
    const file = path.resolve(opts.root, label.source_path);
    const started = performance.now();
    try {
      const envs = await ingestFile(file, { displayPath: displayPathFor(label) });
      const env = envs[0];
      if (!env) throw new Error(`${label.source_path}: no source found in the file`);
      const extraction = await opts.extractor.extract(env, opts.ctx);
      const ms = performance.now() - started;
      const doneTasks = (env.prior_summary?.tasks ?? []).filter((t) => t.done).map((t) => t.text);
      out.push({
        label,
        envelope: env,
        extraction,
        score: scoreSource(label, extraction, {
          ownerNames: owners,
          doneTasks,
          ms,
          sourceSentences: splitSentences(env.text),
        }),
      });
    } catch (e) {
      const reason = (e as Error).message.split('\n')[0] ?? 'failed';
      out.push({
        label,
        envelope: null,
        extraction: null,
        score: failedSource(label, reason, performance.now() - started),
      });
    }
    opts.onSource?.(i + 1, labels.length, label.id);
  }
  return out;
}

export async function evaluate(labels: LabelLine[], opts: EvalOptions): Promise<EvalReport> {
  const results = await evaluateSources(labels, opts);
  return buildReport(
    opts.extractor.name,
    results.map((r) => r.score),
  );
}
