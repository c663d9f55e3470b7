/**
 * The offline extractor over every real fixture through the real ingest path: schema-valid, grounded, no generic
 * speaker as a participant, no done task proposed again, and eval totals at or above the levels reached when the
 * rules were tuned (minus a small margin), so a regression fails here rather than in a user's vault.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';
import { loadConfig } from '../../vault/config.ts';
import { readLabels } from '../eval/labels.ts';
import { contentTokens, jaccard } from '../eval/match.ts';
import { type EvaluatedSource, evaluateSources } from '../eval/run.ts';
import { buildReport, type EvalReport } from '../eval/score.ts';
import { evidenceFound } from '../grounding.ts';
import { Extraction } from '../schema.ts';
import { offlineExtractor } from './index.ts';

const root = path.resolve(import.meta.dirname, '../../../test/fixtures');
const config = loadConfig(root);
let results: EvaluatedSource[] = [];
let report: EvalReport;

beforeAll(async () => {
  const labels = readLabels(path.join(root, 'labels.dev.jsonl'));
  results = await evaluateSources(labels, {
    root,
    extractor: offlineExtractor,
    ctx: { config, known: [], today: '2026-01-10' },
  });
  report = buildReport(
    'offline',
    results.map((r) => r.score),
  );
}, 60_000);

describe('offline extraction of every fixture', () => {
  it('reads and extracts every labelled source', () => {
    expect(results).toHaveLength(11);
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
      for (const q of quotes) {
        expect(evidenceFound(envelope.text, q), `${label.id}: ${q}`).toBe(true);
        expect(envelope.text.includes(q), `${label.id} verbatim: ${q}`).toBe(true);
      }
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

  it('names the people spoken to in a call the transcriber did not diarize', () => {
    const names = (id: string) =>
      results.find((r) => r.label.id === id)?.extraction?.participants.map((p) => p.name) ?? [];
    // New Recording: one unattributed block; "David, please scroll…", "Kamal, one more thing", "Jason, …" (the owner).
    expect(names('t-20251219-287822')).toEqual(expect.arrayContaining(['Myself', 'David', 'Kamal']));
    // Weekly call with Lior: fully diarized, so "Scott, that's what I'm saying" does not make Scott a participant.
    expect(names('t-00000000-f954dc').sort()).toEqual(['Lior Genzel', 'Myself']);
  });

  it("shows the dev labels' tasks are out of reach of any extractor that quotes its task text from the source", () => {
    // No contiguous quote of the source, of any length, reaches Jaccard 0.5 with any expected label task: these
    // labels are long paraphrases. Task recall above this ceiling needs generated text (the LLM path), not better rules.
    expect(report.overall.tasks.ceiling_recall).toBe(0);
  });

  it('keeps the eval totals at or above the tuned levels', () => {
    const email = report.by_kind.email;
    const transcript = report.by_kind.transcript;
    expect(email?.participants.f1).toBeGreaterThanOrEqual(0.93);
    expect(email?.participants.precision).toBeGreaterThanOrEqual(0.95);
    // The GDC call's labels list five "Speaker N" voices; we name the Google people addressed in it (Jeff, Kamal,
    // David, …), which the labels count as wrong. Precision against these labels is therefore below recall's gain.
    expect(transcript?.participants.precision).toBeGreaterThanOrEqual(0.75);
    expect(transcript?.participants.recall).toBeGreaterThanOrEqual(0.48);
    expect(transcript?.participants.f1).toBeGreaterThanOrEqual(0.58);
    expect(report.overall.participants.generic_predicted).toBe(0);
    expect(report.overall.facts_recall).toBeGreaterThanOrEqual(0.03);
    expect(email?.tasks.loose_recall).toBeGreaterThanOrEqual(0.1);
    // 0.05 until reported speech ("You're saying, \"I want to take capacity…\"") stopped counting as a commitment.
    expect(transcript?.tasks.loose_recall).toBeGreaterThanOrEqual(0.04);
    expect(transcript?.participants.people_recall).toBeGreaterThanOrEqual(0.5);
    expect(email?.decisions_recall).toBeGreaterThanOrEqual(0.2);
    expect(report.overall.date_accuracy).toBeGreaterThanOrEqual(0.8);
    expect(email?.title_accuracy).toBeGreaterThanOrEqual(0.2);
  });
});
