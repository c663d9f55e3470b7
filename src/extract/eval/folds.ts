/** Cross-validation: k folds of the labels, and an extractorFor that gives each source a model trained without it. */
import { createHash } from 'node:crypto';
import type { Extractor } from '../extractor.ts';
import type { GoldLabel } from './labels.ts';
import type { ExtractorFor } from './run.ts';

function hash(seed: number, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

/**
 * Splits labels into k folds: ordered by a hash of their id (and seed), then dealt round-robin, so the split is the
 * same on every run, independent of file order, and fold sizes differ by at most one.
 */
export function foldsOf<T extends { id: string }>(labels: T[], k: number, seed = 0): T[][] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`folds must be a positive integer, not ${k}`);
  const ordered = labels
    .map((label) => ({ label, h: hash(seed, label.id) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  const folds: T[][] = Array.from({ length: k }, () => []);
  ordered.forEach(({ label }, i) => {
    folds[i % k]?.push(label);
  });
  return folds;
}

/**
 * An extractorFor for k-fold cross-validation: the extractor for a source is trained on every other fold. Each
 * fold's extractor is trained once, when its first source comes up.
 */
export function heldOutExtractors(
  labels: GoldLabel[],
  k: number,
  train: (train: GoldLabel[], fold: number) => Promise<Extractor>,
  seed = 0,
): ExtractorFor {
  const folds = foldsOf(labels, k, seed);
  const foldOf = new Map<string, number>();
  folds.forEach((f, i) => {
    for (const l of f) foldOf.set(l.id, i);
  });
  const trained = new Map<number, Promise<Extractor>>();
  return (label) => {
    const fold = foldOf.get(label.id);
    if (fold === undefined) throw new Error(`${label.id}: not among the cross-validated labels`);
    let ex = trained.get(fold);
    if (!ex) {
      ex = train(folds.filter((_, i) => i !== fold).flat(), fold);
      trained.set(fold, ex);
    }
    return ex;
  };
}
