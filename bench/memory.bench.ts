/**
 * Peak memory of a real `distill run` (issue 16): one run over an inbox of generated email threads, one over an
 * inbox of generated diarized transcripts (10-60 KB each), each `distill run --json` as a user starts it, its peak
 * RSS from its report. The targets are for 10,000 emails (< 400 MB) and 1,000 transcripts (< 500 MB); at this machine's
 * speed those runs take many minutes, so the default is a tenth of each. BENCH_RSS_EMAILS and
 * BENCH_RSS_TRANSCRIPTS set the sizes (10000 and 1000 for the targets).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCorpus } from '../scripts/gen-corpus.ts';
import type { BenchResult } from './run.ts';
import { BIN, buildDist } from './startup-vault.ts';

const EMAILS = Number(process.env.BENCH_RSS_EMAILS ?? 1_000);
const TRANSCRIPTS = Number(process.env.BENCH_RSS_TRANSCRIPTS ?? 100);

/**
 * `distill run --json` as a user starts it: a large inbox goes on in a child process of its own (see
 * src/cli/lean-process.ts), so the peak is the one its report gives, that of the process that ran the pipeline.
 */
function runPeakRssMb(vault: string): { mb: number; ms: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'run', '--vault', vault, '--json'], {
    encoding: 'utf8',
    timeout: 3_600_000,
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`distill run failed: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout) as { peak_rss_mb?: number };
  return { mb: report.peak_rss_mb ?? 0, ms };
}

export async function run(): Promise<BenchResult[]> {
  buildDist();
  const tmp = mkdtempSync(path.join(tmpdir(), 'distill-bench-memory-'));
  const corpus = writeCorpus(path.join(tmp, 'corpus'), { emails: EMAILS, transcripts: TRANSCRIPTS, seed: 42 });
  const out: BenchResult[] = [];
  const cases = [
    { kind: 'emails', dir: 'emails', n: corpus.emails.length, full: 10_000, target: '< 400 MB' },
    { kind: 'transcripts', dir: 'transcripts', n: corpus.transcripts.length, full: 1_000, target: '< 500 MB' },
  ];
  for (const c of cases) {
    if (c.n === 0) continue;
    const vault = path.join(tmp, `vault-${c.kind}`);
    execFileSync(process.execPath, [BIN, 'init', vault, '--owner', 'Dana Whitfield', '--email', 'dana@contoso.com'], {
      stdio: 'ignore',
    });
    cpSync(path.join(tmp, 'corpus', c.dir), path.join(vault, 'Inbox'), { recursive: true });
    const r = runPeakRssMb(vault);
    const processed = readdirSync(path.join(vault, 'Inbox')).filter((f) => f.endsWith('.md')).length === 0;
    out.push({
      name: `peak RSS, \`distill run\` of ${c.n.toLocaleString('en')} ${c.kind}`,
      value: r.mb,
      unit: 'MB',
      ...(c.n >= c.full ? { target: c.target } : {}),
      note: `${(r.ms / 1000).toFixed(0)} s${processed ? '' : ', inbox not emptied'}${c.n < c.full ? `; target ${c.target} at ${c.full.toLocaleString('en')}` : ''}`,
    });
  }
  rmSync(tmp, { recursive: true, force: true });
  return out;
}
