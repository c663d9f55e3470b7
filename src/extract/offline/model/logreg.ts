/**
 * Multinomial logistic regression over sparse binary features: small enough to read, train in seconds and ship as
 * JSON. Training is deterministic (fixed seed, fixed epoch count) so `npm run train` reproduces the committed file.
 */
import { mulberry32 } from '../../../core/rng.ts';

export interface LinearModel {
  classes: string[];
  bias: number[];
  /** feature -> one weight per class. Features unseen in training have no entry and weigh nothing. */
  weights: Record<string, number[]>;
}

export interface Example {
  features: string[];
  label: string;
  /** Importance in the loss; rare classes are weighted up so the model does not learn to say "none" always. */
  weight?: number;
}

export interface TrainOptions {
  epochs?: number;
  rate?: number;
  l2?: number;
  /** Features seen fewer times than this are left out: they only memorise the training sources. */
  minCount?: number;
  seed?: number;
}

function softmax(z: number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function scores(model: LinearModel, features: string[]): number[] {
  const z = [...model.bias];
  for (const f of features) {
    const w = model.weights[f];
    if (!w) continue;
    for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) + (w[k] as number);
  }
  return z;
}

export function probabilities(model: LinearModel, features: string[]): number[] {
  return softmax(scores(model, features));
}

/** AdaGrad SGD on the weighted cross-entropy with L2, then weights rounded and near-zero ones dropped. */
export function train(classes: string[], examples: Example[], opts: TrainOptions = {}): LinearModel {
  const { epochs = 12, rate = 0.3, l2 = 1e-4, minCount = 2, seed = 7 } = opts;
  const K = classes.length;
  const counts = new Map<string, number>();
  for (const ex of examples) for (const f of ex.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [f, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c >= minCount) index.set(f, index.size);
  const W = new Float64Array(index.size * K);
  const G = new Float64Array(index.size * K).fill(1e-8);
  const b = new Float64Array(K);
  const gb = new Float64Array(K).fill(1e-8);
  const rows = examples.map((ex) => ({
    f: ex.features.map((x) => index.get(x)).filter((i): i is number => i !== undefined),
    y: classes.indexOf(ex.label),
    w: ex.weight ?? 1,
  }));
  const random = mulberry32(seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const r of order) {
      const row = rows[r];
      if (!row || row.y < 0) continue;
      const z = Array.from(b);
      for (const fi of row.f) for (let k = 0; k < K; k++) z[k] = (z[k] as number) + (W[fi * K + k] as number);
      const p = softmax(z);
      for (let k = 0; k < K; k++) {
        const g = row.w * ((p[k] as number) - (k === row.y ? 1 : 0));
        gb[k] = (gb[k] as number) + g * g;
        b[k] = (b[k] as number) - (rate * g) / Math.sqrt(gb[k] as number);
        for (const fi of row.f) {
          const at = fi * K + k;
          const gw = g + l2 * (W[at] as number);
          G[at] = (G[at] as number) + gw * gw;
          W[at] = (W[at] as number) - (rate * gw) / Math.sqrt(G[at] as number);
        }
      }
    }
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const weights: Record<string, number[]> = {};
  for (const [f, i] of index) {
    const w = Array.from(W.subarray(i * K, i * K + K), round);
    if (w.some((v) => Math.abs(v) >= 0.01)) weights[f] = w;
  }
  return { classes, bias: Array.from(b, round), weights };
}
