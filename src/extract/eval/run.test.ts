import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../vault/config.ts';
import type { Extractor } from '../extractor.ts';
import { emptyExtraction } from '../schema.ts';
import { readLabels } from './labels.ts';
import { evaluate, evaluateSources } from './run.ts';

const root = path.resolve(import.meta.dirname, '../../../test/fixtures/gold');
const labels = readLabels(path.join(root, 'gold.dev.jsonl')).filter((l) =>
  ['e-20251201-31cd74', 'n-20260103-352469'].includes(l.id),
);
const ctx = { config: loadConfig(root), known: [], today: '2026-01-10' };

/** Predicts the gold label's own participants and title: what a perfect extractor would say of them. */
function echo(name: string): Extractor {
  return {
    name,
    extract: async (env) => {
      const l = labels.find((x) => env.path.includes(x.id));
      return emptyExtraction(env.source_id, {
        title: l?.title ?? '?',
        date: l?.date ?? null,
        participants: (l?.participants ?? []).map((n) => ({ name: n, email: null })),
      });
    },
  };
}

describe('evaluateSources', () => {
  it('reads each source through ingest and scores it, the owner left out of participants', async () => {
    const results = await evaluateSources(labels, { root, extractor: echo('echo'), ctx });
    expect(results.map((r) => [r.label.id, r.extractor, r.score.error])).toEqual([
      ['e-20251201-31cd74', 'echo', null],
      ['n-20260103-352469', 'echo', null],
    ]);
    expect(results.map((r) => r.score.participants)).toEqual([
      { expected: 7, predicted: 7, matched: 7, generic_predicted: 0 },
      { expected: 1, predicted: 1, matched: 1, generic_predicted: 0 },
    ]);
    expect(results.every((r) => r.score.title_ok && r.score.date_ok)).toBe(true);
  });

  it('asks extractorFor for each source instead, when given', async () => {
    const asked: [string, number][] = [];
    const report = await evaluate(labels, {
      root,
      ctx,
      extractorFor: (label, i) => {
        asked.push([label.id, i]);
        return echo(`echo-${i}`);
      },
    });
    expect(asked).toEqual([
      ['e-20251201-31cd74', 0],
      ['n-20260103-352469', 1],
    ]);
    expect(report.extractor).toBe('echo-0, echo-1');
  });

  it('scores a source it cannot read as all missed, with the reason', async () => {
    const missing = { ...labels[0]!, id: 'gone', source_path: 'sources/gone/source.md' };
    const [r] = await evaluateSources([missing], { root, extractor: echo('echo'), ctx });
    expect(r?.score.error).toMatch(/gone\/source\.md/);
    expect(r?.score.tasks).toMatchObject({ expected: 2, matched: 0 });
    expect(r?.score.participants.expected).toBe(7);
  });
});
