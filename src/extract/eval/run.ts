/**
 * Runs an extractor over labelled sources and scores each one. Reading goes through the real ingest path, with the
 * file's original inbox name as display path when the label gives one, so file-name dates and titles behave as they
 * would in an inbox.
 */
import path from 'node:path';
import { ownerNames } from '../../core/owner.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { ingestFile } from '../../ingest/index.ts';
import type { ExtractContext, Extractor } from '../extractor.ts';
import type { Extraction } from '../schema.ts';
import type { GoldLabel } from './labels.ts';
import { buildReport, type EvalReport, failedSource, type SourceScore, scoreSource } from './score.ts';

/** Chooses the extractor for one source: in cross-validation, the one trained without that source's fold. */
export type ExtractorFor = (label: GoldLabel, index: number) => Extractor | Promise<Extractor>;

export interface EvalOptions {
  /** Folder label `source_path`s are relative to. */
  root: string;
  /** The extractor for every source, unless `extractorFor` is given. */
  extractor?: Extractor;
  extractorFor?: ExtractorFor;
  ctx: ExtractContext;
  /** Called after each source, for progress output. */
  onSource?: (done: number, total: number, id: string) => void;
}

export interface EvaluatedSource {
  label: GoldLabel;
  /** Name of the extractor used; null when none could be had. */
  extractor: string | null;
  envelope: SourceEnvelope | null;
  extraction: Extraction | null;
  score: SourceScore;
}

export function displayPathFor(label: GoldLabel): string {
  return label.original_path ? path.basename(label.original_path) : label.source_path;
}

export async function evaluateSources(labels: GoldLabel[], opts: EvalOptions): Promise<EvaluatedSource[]> {
  const { extractor, extractorFor } = opts;
  if (!extractor && !extractorFor) throw new Error('evaluateSources needs an extractor or extractorFor');
  const out: EvaluatedSource[] = [];
  const owners = [...ownerNames(opts.ctx.config), ...opts.ctx.config.owner.emails];
  for (const [i, label] of labels.entries()) {
    let name: string | null = null;
    let started = performance.now();
    try {
      const ex = extractorFor ? await extractorFor(label, i) : (extractor as Extractor);
      name = ex.name;
      // Getting the extractor (training, in cross-validation) is not the source's extraction time.
      started = performance.now();
      const env = (
        await ingestFile(path.resolve(opts.root, label.source_path), { displayPath: displayPathFor(label) })
      )[0];
      if (!env) throw new Error(`${label.source_path}: no source found in the file`);
      const extraction = await ex.extract(env, opts.ctx);
      const ms = performance.now() - started;
      const doneTasks = (env.prior_summary?.tasks ?? []).filter((t) => t.done).map((t) => t.text);
      const score = scoreSource(label, extraction, { ownerNames: owners, doneTasks, ms });
      out.push({ label, extractor: name, envelope: env, extraction, score });
    } catch (e) {
      const reason = (e as Error).message.split('\n')[0] ?? 'failed';
      const score = failedSource(label, reason, performance.now() - started, owners);
      out.push({ label, extractor: name, envelope: null, extraction: null, score });
    }
    opts.onSource?.(i + 1, labels.length, label.id);
  }
  return out;
}

export async function evaluate(labels: GoldLabel[], opts: EvalOptions): Promise<EvalReport> {
  const results = await evaluateSources(labels, opts);
  const names = [...new Set(results.map((r) => r.extractor).filter((n) => n !== null))];
  return buildReport(
    opts.extractor?.name ?? (names.join(', ') || 'none'),
    results.map((r) => r.score),
  );
}
