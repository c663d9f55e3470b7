/**
 * Apply at scale: plan and apply 1,000 new sources (synthetic Apple Mail exports) into a git vault that already
 * holds 1,000 and then 10,000 notes (with their ledger entries), and compare the cost per source. BENCH_SOURCES and
 * BENCH_EXISTING (comma list) shrink it for a quick look.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emailThread, rng } from '../scripts/gen-corpus.ts';
import { applyPlan } from '../src/apply/index.ts';
import { initVault } from '../src/cli/commands/run.ts';
import { runPipeline } from '../src/cli/pipeline.ts';
import { loadConfig } from '../src/vault/config.ts';
import { LEDGER_PATH, serialiseLedger } from '../src/vault/ledger.ts';
import type { BenchResult } from './run.ts';
import { seedEarlierSources, write } from './startup-vault.ts';

const SOURCES = Number(process.env.BENCH_SOURCES ?? 1000);
const EXISTING = (process.env.BENCH_EXISTING ?? '1000,10000').split(',').map(Number);

/** A vault with `n` earlier source notes and archived sources, as earlier runs would have left it. */
function seedVault(n: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'distill-bench-apply-'));
  write(root, 'distill.config.yaml', 'owner:\n  name: Dana Whitfield\n  emails: [dana@contoso.com]\n');
  initVault(root);
  const ledger = seedEarlierSources(root, n);
  write(root, LEDGER_PATH, serialiseLedger(ledger));
  execFileSync('git', ['add', '-A'], { cwd: root });
  execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'seed'], { cwd: root });
  const inbox = rng(7);
  for (let i = 0; i < SOURCES; i++) {
    const t = emailThread(inbox, i);
    write(root, `Inbox/${t.name}`, t.content);
  }
  return root;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const perSource: number[] = [];
  for (const n of EXISTING) {
    const root = seedVault(n);
    const config = loadConfig(root);
    let t = performance.now();
    const { plan } = await runPipeline(root, config);
    const planMs = performance.now() - t;
    t = performance.now();
    const result = applyPlan(root, plan, { config, message: 'bench' });
    const applyMs = performance.now() - t;
    perSource.push(applyMs / SOURCES);
    out.push(
      { name: `plan ${SOURCES} sources (ingest+extract+resolve+plan), ${n} notes`, value: planMs / 1000, unit: 's' },
      {
        name: `apply ${SOURCES} sources into a vault of ${n} notes`,
        value: applyMs / 1000,
        unit: 's',
        ...(n >= 10000 ? { target: '< 60 s' } : {}),
        note: `${result.changes.length} files, ${result.operations} fs ops, commit ${result.commit ? 'yes' : 'no'}`,
      },
      { name: `apply cost per source, ${n} notes`, value: applyMs / SOURCES, unit: 'ms' },
    );
    rmSync(root, { recursive: true, force: true });
  }
  if (perSource.length === 2) {
    out.push({
      name: `apply cost per source ratio (${EXISTING[1]} vs ${EXISTING[0]} notes)`,
      value: perSource[1]! / perSource[0]!,
      unit: 'x',
      target: '~1 (no growth with vault size)',
    });
  }
  return out;
}
