/**
 * The offline model's thresholds, measured the honest way: each fold's model is trained once without that fold, then
 * every held-out source is extracted at each threshold on the grid and scored end to end (the selection rules
 * included). Beside it, how well the held-out scores rank each class's units at all: no threshold beats that ceiling,
 * so a recall target out of its reach is the model's limit, not the threshold's.
 */
import type { ExtractContext, Extractor } from '../extractor.ts';
import { createOfflineExtractor } from '../offline/index.ts';
import { readLabelledSources } from '../offline/model/corpus.ts';
import { examplesOf, type LabelledSource } from '../offline/model/dataset.ts';
import { probabilities } from '../offline/model/logreg.ts';
import { type RankingQuality, rankingQuality } from '../offline/model/ranking.ts';
import type { OfflineModel } from '../offline/model/sentence-model.ts';
import { DEFAULT_THRESHOLDS, trainModel } from '../offline/model/train.ts';
import { foldsOf } from './folds.ts';
import type { GoldLabel } from './labels.ts';
import { evaluateSources } from './run.ts';
import { buildReport } from './score.ts';

export type ItemClass = keyof OfflineModel['thresholds'];
export const ITEM_CLASSES: ItemClass[] = ['task', 'decision', 'fact'];

export interface SweepRow {
  threshold: number;
  precision: number | null;
  recall: number | null;
  predicted: number;
  matched: number;
  /** The committed threshold's row. */
  current: boolean;
}

export interface SweepReport {
  folds: number;
  sources: number;
  /** Per class, the other classes held at their committed thresholds. */
  thresholds: Record<ItemClass, SweepRow[]>;
  /** Unit-level, held out: what the model's scores could give at the best threshold, before the rules. */
  ranking: Record<ItemClass, RankingQuality>;
}

export interface SweepOptions {
  root: string;
  ctx: ExtractContext;
  folds: number;
  grid: Record<ItemClass, number[]>;
  onStep?: (done: number, total: number, what: string) => void;
}

export const DEFAULT_GRID: Record<ItemClass, number[]> = {
  task: [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
  decision: [0.3, 0.4, 0.5, 0.6, 0.7],
  fact: [0.14, 0.18, 0.22, 0.26, 0.3],
};

/** The grid with each class's committed threshold in it, so the table always shows where the model stands. */
function withCommitted(grid: Record<ItemClass, number[]>): Record<ItemClass, number[]> {
  const out = {} as Record<ItemClass, number[]>;
  for (const c of ITEM_CLASSES) out[c] = [...new Set([...grid[c], DEFAULT_THRESHOLDS[c]])].sort((a, b) => a - b);
  return out;
}

export async function sweepThresholds(labels: GoldLabel[], opts: SweepOptions): Promise<SweepReport> {
  const { ctx } = opts;
  const grid = withCommitted(opts.grid);
  const owners = [ctx.config.owner.name, ...ctx.config.owner.aliases];
  const sources = new Map<string, LabelledSource>();
  for (const label of labels) {
    const [read] = await readLabelledSources([label], opts.root, ctx);
    if (read) sources.set(label.id, read);
  }
  const folds = foldsOf(labels, opts.folds);
  const foldOf = new Map<string, number>();
  const models: OfflineModel[] = [];
  const scored: Record<ItemClass, { positive: boolean; score: number }[]> = { task: [], decision: [], fact: [] };
  const steps = folds.length + ITEM_CLASSES.reduce((n, c) => n + grid[c].length, 0);
  let done = 0;
  for (const [i, fold] of folds.entries()) {
    const train = folds
      .filter((_, j) => j !== i)
      .flat()
      .flatMap((l) => sources.get(l.id) ?? []);
    const model = trainModel(train, owners, `fold ${i + 1} of ${folds.length}`);
    models.push(model);
    for (const label of fold) {
      foldOf.set(label.id, i);
      const held = sources.get(label.id);
      if (!held) continue;
      for (const ex of examplesOf(held, owners).sentence) {
        const p = probabilities(model.sentence, ex.features);
        for (const c of ITEM_CLASSES) {
          scored[c].push({ positive: ex.label === c, score: p[model.sentence.classes.indexOf(c)] ?? 0 });
        }
      }
    }
    opts.onStep?.(++done, steps, `trained fold ${i + 1}`);
  }
  const thresholds = { task: [], decision: [], fact: [] } as Record<ItemClass, SweepRow[]>;
  for (const c of ITEM_CLASSES) {
    for (const t of grid[c]) {
      const extractors: Extractor[] = models.map((m) =>
        createOfflineExtractor({ ...m, thresholds: { ...DEFAULT_THRESHOLDS, [c]: t } }),
      );
      const results = await evaluateSources(labels, {
        root: opts.root,
        ctx,
        extractorFor: (label) => extractors[foldOf.get(label.id) ?? 0] as Extractor,
      });
      const rates = buildReport(
        'offline',
        results.map((r) => r.score),
      ).overall[c === 'task' ? 'tasks' : c === 'decision' ? 'decisions' : 'facts'];
      thresholds[c].push({
        threshold: t,
        precision: rates.precision,
        recall: rates.recall,
        predicted: rates.predicted,
        matched: rates.matched,
        current: t === DEFAULT_THRESHOLDS[c],
      });
      opts.onStep?.(++done, steps, `${c} at ${t}`);
    }
  }
  return {
    folds: folds.length,
    sources: sources.size,
    thresholds,
    ranking: {
      task: rankingQuality(scored.task),
      decision: rankingQuality(scored.decision),
      fact: rankingQuality(scored.fact),
    },
  };
}

const num = (v: number | null, digits = 2) => (v === null ? '-'.padStart(digits + 2) : v.toFixed(digits));

export function renderSweep(r: SweepReport): string {
  const out = [`${r.folds}-fold cross-validation over ${r.sources} sources`, ''];
  out.push('end to end (the rules included), one class at a time, the others at their committed thresholds:');
  for (const c of ITEM_CLASSES) {
    out.push(`  ${c}`);
    for (const row of r.thresholds[c])
      out.push(
        `    ${row.threshold.toFixed(2)}  P ${num(row.precision, 3)}  R ${num(row.recall, 3)}  ${row.matched} of ${row.predicted} predicted${row.current ? '  <- committed' : ''}`,
      );
  }
  out.push('', 'held-out units ranked by the model (best precision any threshold gives at each recall):');
  for (const c of ITEM_CLASSES) {
    const q = r.ranking[c];
    const at = q.precisionAtRecall.map((p) => `P@R${p.recall} ${num(p.precision)}`).join('  ');
    out.push(
      `  ${c.padEnd(8)} ${String(q.positives).padStart(4)} of ${q.units} units  AP ${num(q.averagePrecision)}  ${at}`,
    );
  }
  return `${out.join('\n')}\n`;
}
