/**
 * Start-up (issue 16): the compiled CLI as a user runs it (`node bin/distill.js …`, one child process per call), each
 * as a ratio to `node -e 0` measured in the same run, plus one new email end to end into a vault of 10,000 notes.
 * BENCH_STARTUP_REPEAT (default 7) is the number of calls per row (the median counts); BENCH_STARTUP_VAULT (default
 * 10000) the size of the large vault.
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { emailThread, rng } from '../scripts/gen-corpus.ts';
import type { BenchResult } from './run.ts';
import { BIN, buildDist, median, processedVault, REPO, timeSpawn } from './startup-vault.ts';

const REPEAT = Number(process.env.BENCH_STARTUP_REPEAT ?? 7);
const LARGE = Number(process.env.BENCH_STARTUP_VAULT ?? 10_000);
const EMAIL = path.join(REPO, 'demo/vault/Inbox/2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md');

export async function run(): Promise<BenchResult[]> {
  buildDist();
  const vault = processedVault(1_000);
  const cases: { name: string; args: string[]; target: number }[] = [
    { name: '`distill --help`', args: [BIN, '--help'], target: 5 },
    { name: 'no-op `distill run`, vault of 1,000 processed sources', args: [BIN, 'run', '--vault', vault], target: 10 },
    { name: '`distill extract` of one email', args: [BIN, 'extract', EMAIL], target: 8 },
  ];
  // Interleaved rounds, so a busy moment on the machine weighs on every row alike, not on one.
  const times = new Map<string, number[]>([['node', []], ...cases.map((c) => [c.name, []] as [string, number[]])]);
  for (const c of cases) timeSpawn(c.args);
  for (let i = 0; i < REPEAT; i++) {
    times.get('node')!.push(timeSpawn(['-e', '0']));
    for (const c of cases) times.get(c.name)!.push(timeSpawn(c.args));
  }
  const node = median(times.get('node')!);
  const out: BenchResult[] = [{ name: '`node -e 0` (the baseline of the ratios)', value: node, unit: 'ms' }];
  for (const c of cases) {
    const ms = median(times.get(c.name)!);
    out.push({
      name: `${c.name} / \`node -e 0\``,
      value: ms / node,
      unit: 'x',
      target: `<= ${c.target}x`,
      note: `${ms.toFixed(0)} ms, median of ${REPEAT}`,
    });
  }
  rmSync(path.dirname(vault), { recursive: true, force: true });

  // One new email into a large vault: process start to commit, the whole `distill run`.
  const large = processedVault(LARGE);
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = emailThread(rng(500 + i), 2_000_000 + i);
    writeFileSync(path.join(large, 'Inbox', t.name), t.content);
    ms.push(timeSpawn([BIN, 'run', '--vault', large]));
  }
  copyFileSync(EMAIL, path.join(large, 'Inbox', path.basename(EMAIL)));
  ms.push(timeSpawn([BIN, 'run', '--vault', large]));
  out.push({
    name: `one new email into a vault of ${LARGE.toLocaleString('en')} notes, end to end`,
    value: median(ms) / 1000,
    unit: 's',
    target: '< 2 s',
    note: `median of ${ms.length} runs, each a new email, git commit included`,
  });
  rmSync(path.dirname(large), { recursive: true, force: true });
  return out;
}
