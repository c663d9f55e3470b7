import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../vault/config.ts';
import { DEFAULT_THRESHOLDS } from '../offline/model/train.ts';
import { readLabels } from './labels.ts';
import { renderSweep, sweepThresholds } from './sweep.ts';

const root = path.resolve(import.meta.dirname, '../../../test/fixtures/gold');
// A slice of the dev labels with tasks, decisions and facts: enough for two folds to train on.
const labels = readLabels(path.join(root, 'gold.dev.jsonl')).slice(0, 16);

describe('the cross-validated threshold sweep', () => {
  it('scores each class at each threshold on held-out sources, and ranks the held-out units', async () => {
    const report = await sweepThresholds(labels, {
      root,
      ctx: { config: loadConfig(root), known: [], today: '2026-01-01' },
      folds: 2,
      // the committed thresholds are added to the grid where it lacks them
      grid: { task: [0.05, 0.999], decision: [], fact: [] },
    });
    expect(report.sources).toBe(16);
    const [low, committed, high] = report.thresholds.task;
    // A lower bar lets more units through; at 0.999 the model alone keeps almost nothing.
    expect(low?.predicted).toBeGreaterThan(committed?.predicted ?? Infinity);
    expect(high?.predicted).toBeLessThan(committed?.predicted ?? 0);
    expect(report.thresholds.task.map((r) => r.current)).toEqual([false, true, false]);
    expect(report.thresholds.task.map((r) => r.threshold)).toEqual([0.05, DEFAULT_THRESHOLDS.task, 0.999]);
    expect(report.thresholds.fact.map((r) => [r.threshold, r.current])).toEqual([[DEFAULT_THRESHOLDS.fact, true]]);
    // The held-out units a gold task's evidence names are the task positives, whatever the threshold.
    const expectedTasks = labels.reduce((n, l) => n + l.tasks.length, 0);
    expect(report.ranking.task.positives).toBeGreaterThan(0);
    expect(report.ranking.task.positives).toBeLessThanOrEqual(expectedTasks);
    expect(report.ranking.task.averagePrecision).toBeGreaterThan(0);
    expect(renderSweep(report)).toMatch(/task +\d+ of \d+ units {2}AP \d\.\d\d {2}P@R0\.4/);
  }, 60_000);
});
