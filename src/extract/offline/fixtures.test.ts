/**
 * The offline extractor over every gold-labelled source through the real ingest path, cross-validated the way
 * `distill eval --folds 5` scores it (each source extracted by a model trained without its fold): schema-valid,
 * grounded, no generic speaker as a participant, no done task proposed again, and held-out scores at or above the
 * levels this model reached, so a regression fails here rather than in a user's vault.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentTokens, jaccard } from '../../core/text.ts';
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';
import { loadConfig } from '../../vault/config.ts';
import { heldOutExtractors } from '../eval/folds.ts';
import { readLabels } from '../eval/labels.ts';
import { type EvaluatedSource, evaluateSources } from '../eval/run.ts';
import { buildReport, type EvalReport } from '../eval/score.ts';
import { evidenceFound } from '../grounding.ts';
import { Extraction } from '../schema.ts';
import { trainOfflineExtractor } from './model/corpus.ts';

const root = path.resolve(import.meta.dirname, '../../../test/fixtures/gold');
const config = loadConfig(root);
const ctx = { config, known: [], today: '2026-01-10' };
let results: EvaluatedSource[] = [];
let report: EvalReport;

beforeAll(async () => {
  const labels = readLabels(path.join(root, 'gold.dev.jsonl'));
  results = await evaluateSources(labels, {
    root,
    extractorFor: heldOutExtractors(labels, 5, (train) => trainOfflineExtractor(train, root, ctx)),
    ctx,
  });
  report = buildReport(
    'offline',
    results.map((r) => r.score),
  );
}, 120_000);

describe('offline extraction of every gold source, cross-validated', () => {
  it('reads and extracts every labelled source', () => {
    expect(results).toHaveLength(93);
    expect(results.filter((r) => r.score.error !== null).map((r) => r.score.error)).toEqual([]);
  });

  it('produces schema-valid extractions', () => {
    for (const r of results) expect(() => Extraction.parse(r.extraction), r.label.id).not.toThrow();
  });

  it('quotes the source for every task, decision, fact and meeting', () => {
    for (const { envelope, extraction, label } of results) {
      if (!envelope || !extraction) continue;
      const quotes = [...extraction.tasks, ...extraction.decisions, ...extraction.facts, ...extraction.meetings].map(
        (i) => i.evidence,
      );
      for (const q of quotes) expect(evidenceFound(envelope.text, q), `${label.id}: ${q}`).toBe(true);
    }
  });

  it('never lists a generic speaker label as a participant', () => {
    for (const { extraction, label } of results) {
      const names = (extraction?.participants ?? []).map((p) => p.name).filter((n) => n !== 'Myself');
      expect(names.filter(isGenericSpeaker), label.id).toEqual([]);
    }
  });

  it('never proposes a task the prior summary marks done', () => {
    let priorDone = 0;
    for (const { envelope, extraction, label } of results) {
      const done = (envelope?.prior_summary?.tasks ?? []).filter((t) => t.done).map((t) => contentTokens(t.text));
      priorDone += done.length;
      for (const t of extraction?.tasks ?? []) {
        expect(
          done.some((d) => jaccard(d, contentTokens(t.text)) >= 0.5),
          `${label.id}: ${t.text}`,
        ).toBe(false);
      }
    }
    // The check above means something only if the fixtures do carry done tasks.
    expect(priorDone).toBeGreaterThan(0);
    expect(report.overall.tasks.reproposed_done).toBe(0);
  });

  it('keeps the held-out scores at or above the levels this model reached', () => {
    const { overall } = report;
    expect(overall.tasks.precision).toBeGreaterThanOrEqual(0.6);
    expect(overall.tasks.recall).toBeGreaterThanOrEqual(0.33);
    expect(overall.tasks.invented_dates).toBe(0);
    expect(overall.tasks.due_accuracy).toBeGreaterThanOrEqual(0.58);
    expect(overall.tasks.pronoun_rate).toBeLessThanOrEqual(0.1);
    // 0.70 until contact cards left the units, 0.67 after; 0.63 (17 of 27) since the source-size features, which
    // brought the facts to both targets; floor 0.02 below
    expect(overall.decisions.precision).toBeGreaterThanOrEqual(0.61);
    expect(overall.decisions.recall).toBeGreaterThanOrEqual(0.22);
    expect(overall.tasks.owner_accuracy).toBeGreaterThanOrEqual(0.59);
    // The targets themselves: 258 of 643 predicted facts match, 258 of 642 expected are found.
    expect(overall.facts.precision).toBeGreaterThanOrEqual(0.4);
    expect(overall.facts.recall).toBeGreaterThanOrEqual(0.4);
    expect(report.by_kind.email?.participants.f1).toBeGreaterThanOrEqual(0.95);
    expect(report.by_kind.transcript?.participants.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.by_kind.email?.reply_accuracy).toBeGreaterThanOrEqual(0.85);
    expect(overall.participants.generic_predicted).toBe(0);
    expect(overall.date_accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
