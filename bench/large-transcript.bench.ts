/**
 * A 20 MB recording (bench/large-transcript.ts: real fixture turns replayed with varied names, figures and words),
 * extracted offline in a child process whose heap is capped at 1 GB, as issue 12 item 11 asks: time, CPU time and
 * peak memory, ingest apart from extraction. BENCH_LARGE_MB changes the size for a quicker look.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeTranscript } from './large-transcript.ts';
import type { BenchResult } from './run.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs in the child: ingest, then extract, and report what each took. */
const CHILD = `
const { ingestFile } = await import(${JSON.stringify(path.join(here, '../src/ingest/index.ts'))});
const { extractOffline } = await import(${JSON.stringify(path.join(here, '../src/extract/offline/index.ts'))});
const { loadConfig } = await import(${JSON.stringify(path.join(here, '../src/vault/config.ts'))});
const file = process.argv[process.argv.length - 1];
const ctx = { config: loadConfig(${JSON.stringify(path.join(here, '../test/fixtures'))}), known: [], today: '2026-01-10' };
let t = performance.now();
const [env] = await ingestFile(file);
const ingestMs = performance.now() - t;
t = performance.now();
const cpu = process.cpuUsage();
const ex = extractOffline(env, ctx);
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({
  ingestMs,
  extractMs: performance.now() - t,
  extractCpuMs: (used.user + used.system) / 1000,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  tasks: ex.tasks.length,
  mentions: ex.mentions.length,
}));
`;

export async function run(): Promise<BenchResult[]> {
  const mb = Number(process.env.BENCH_LARGE_MB ?? 20);
  const dir = mkdtempSync(path.join(tmpdir(), 'distill-large-'));
  try {
    const file = path.join(dir, '2025-03-03 09 00 - Week of customer calls.md');
    writeFileSync(file, largeTranscript(mb * 1_000_000));
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=1024', '--import', 'tsx', '--input-type=module', '-e', CHILD, file],
      { cwd: path.join(here, '..'), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    if (child.status !== 0) {
      return [
        {
          name: `large: ${mb} MB transcript, 1 GB heap`,
          value: child.status ?? -1,
          unit: 'exit',
          target: 'exit 0',
          note: child.stderr.split('\n').find((l) => /FATAL|Error/.test(l)) ?? 'failed',
        },
      ];
    }
    const r = JSON.parse(child.stdout) as {
      ingestMs: number;
      extractMs: number;
      extractCpuMs: number;
      peakRssMb: number;
      tasks: number;
      mentions: number;
    };
    return [
      { name: `large: ${mb} MB transcript, ingest`, value: r.ingestMs / 1000, unit: 's' },
      {
        name: `large: ${mb} MB transcript, offline extraction`,
        value: r.extractMs / 1000,
        unit: 's',
        target: '< 60 s (aim < 20 s)',
        note: `${(r.extractCpuMs / 1000).toFixed(1)} s CPU, ${r.tasks} tasks, ${r.mentions} mentions`,
      },
      {
        name: `large: ${mb} MB transcript, peak memory (1 GB heap)`,
        value: Math.round(r.peakRssMb),
        unit: 'MB RSS',
        target: 'no out-of-memory',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
