/**
 * Offline extraction speed and memory: on the real fixtures (one typical email, one ~50,000-character transcript)
 * and on a seeded synthetic corpus (5,000 emails and 500 transcripts by default; BENCH_EMAILS / BENCH_TRANSCRIPTS
 * shrink it for a quick look). Ingest is timed apart from extraction so each stage's cost is visible.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import { extractOffline } from '../src/extract/offline/index.ts';
import type { SourceEnvelope } from '../src/ingest/envelope.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { loadConfig } from '../src/vault/config.ts';
import type { BenchResult } from './run.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../test/fixtures');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function timeOne(env: SourceEnvelope, ctx: Parameters<typeof extractOffline>[1], runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    extractOffline(env, ctx);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function ingestAll(files: string[]): Promise<SourceEnvelope[]> {
  const out: SourceEnvelope[] = [];
  for (const f of files) out.push(...(await ingestFile(f, { displayPath: path.basename(f) })));
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const config = loadConfig(fixtures);
  const ctx = { config, known: [], today: '2026-01-10' };
  const results: BenchResult[] = [];

  const sourceDir = path.join(fixtures, 'sources');
  const files = readdirSync(sourceDir).map((d) => path.join(sourceDir, d, 'source.md'));
  const envs = await ingestAll(files);
  // Warm-up: the first call pays for chrono's and compromise's lazy initialisation.
  for (const env of envs) extractOffline(env, ctx);

  const emails = envs.filter((e) => e.kind === 'email');
  results.push({
    name: 'fixtures: one typical email (median)',
    value: median(emails.map((e) => timeOne(e, ctx))),
    unit: 'ms',
    target: '< 50 ms',
  });
  const big = envs
    .filter((e) => e.kind === 'transcript')
    .sort((a, b) => Math.abs(a.text.length - 50_000) - Math.abs(b.text.length - 50_000))[0];
  if (big) {
    results.push({
      name: `fixtures: transcript of ${big.text.length.toLocaleString('en')} chars`,
      value: timeOne(big, ctx, 3),
      unit: 'ms',
      target: '< 1000 ms',
    });
  }
  const t = performance.now();
  for (const env of envs) extractOffline(env, ctx);
  results.push({
    name: `fixtures: throughput (${envs.length} sources)`,
    value: envs.length / ((performance.now() - t) / 1000),
    unit: 'sources/s',
  });

  const nEmails = Number(process.env.BENCH_EMAILS ?? 5000);
  const nTranscripts = Number(process.env.BENCH_TRANSCRIPTS ?? 500);
  const dir = mkdtempSync(path.join(tmpdir(), 'distill-bench-'));
  try {
    const corpus = writeCorpus(dir, { emails: nEmails, transcripts: nTranscripts, seed: 42 });
    let peak = process.memoryUsage().rss;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    for (const [label, list] of [
      ['emails', corpus.emails],
      ['transcripts', corpus.transcripts],
    ] as const) {
      // One file at a time, as `distill run` does, so peak memory reflects the pipeline and not the batch.
      let ingestMs = 0;
      let extractMs = 0;
      let count = 0;
      const slowest = { ms: 0, chars: 0 };
      for (const file of list) {
        let s = performance.now();
        const batch = await ingestFile(file, { displayPath: path.basename(file) });
        ingestMs += performance.now() - s;
        for (const env of batch) {
          s = performance.now();
          extractOffline(env, ctx);
          const ms = performance.now() - s;
          extractMs += ms;
          count++;
          if (ms > slowest.ms) Object.assign(slowest, { ms, chars: env.text.length });
        }
        sample();
      }
      results.push({
        name: `corpus: ${list.length} ${label}, ingest`,
        value: count / (ingestMs / 1000),
        unit: 'sources/s',
      });
      results.push({
        name: `corpus: ${list.length} ${label}, extraction`,
        value: count / (extractMs / 1000),
        unit: 'sources/s',
        note: `slowest ${slowest.ms.toFixed(0)} ms at ${slowest.chars.toLocaleString('en')} chars`,
      });
    }
    results.push({ name: 'corpus: peak RSS', value: peak / 1048576, unit: 'MB' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
