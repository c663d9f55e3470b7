/**
 * Fault injection over a real multi-source run of the demo vault: make the Nth filesystem operation fail for every
 * N, and kill -9 a child `distill run` at seeded random operations. After each, the vault (sources included) is
 * byte-identical to before the run, or — when the fault came after the run's commit point — identical to a clean run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, withVaultLock } from '../../src/apply/index.ts';
import { DEMO_VAULT, initVault } from '../../src/cli/commands/run.ts';
import { runPipeline } from '../../src/cli/pipeline.ts';
import type { ChangePlan } from '../../src/plan/change-plan.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { copyVault, removeDir, tempDir, treeHashes } from '../helpers/vault.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');

let pristine: string;
let plan: ChangePlan;
let before: Record<string, string>;
let after: Record<string, string>;
let total: number;

/** Run-specific state (run records, ledger timestamps) differs between runs; compare the user-visible vault and sources. */
const comparable = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).filter(([p]) => !p.startsWith('.distill/')));

// Four sources of every kind (two email exports, a transcript with an earlier summary, a notes document) and the
// account page they patch: a real multi-source run, small enough to walk every failure point in CI.
const SUBSET = [
  '2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md',
  '2026-01-05_121019_9043_Re-Transport-Layer-Security-TLS-Support-for-Block.md',
  '2025-10-29 - Jason and Tomer aligned on shifting cloud work toward a PM-led model and the nee.md',
  '2025-10 - Pricing Tasks.md',
];

beforeAll(async () => {
  pristine = copyVault(DEMO_VAULT, tempDir('distill-fault-src-'));
  for (const f of readdirSync(path.join(pristine, 'Inbox')))
    if (!SUBSET.includes(f)) rmSync(path.join(pristine, 'Inbox', f));
  initVault(pristine, { git: false });
  const config = loadConfig(pristine);
  plan = (await runPipeline(pristine, config, { runId: 'fault-run', now: new Date('2026-01-06T00:00:00Z') })).plan;
  before = treeHashes(pristine);
  const probe = copyVault(pristine, tempDir('distill-fault-'));
  total = applyPlan(probe, plan, { config }).operations;
  after = treeHashes(probe);
  removeDir(probe);
});

describe('fault injection', () => {
  it('restores the vault byte for byte when the Nth filesystem operation fails, for every N', () => {
    const config = loadConfig(pristine);
    let rolledBack = 0;
    let committed = 0;
    // One working copy: a failed run must leave it exactly as it was, so the next N starts from the same bytes.
    let root = copyVault(pristine, tempDir('distill-fault-'));
    for (let n = 1; n <= total; n++) {
      let threw = false;
      try {
        applyPlan(root, plan, { config, faults: { failAt: n } });
      } catch {
        threw = true;
      }
      const now = treeHashes(root);
      if (threw) {
        expect(now, `failure at operation ${n}`).toEqual(before);
        rolledBack++;
      } else {
        expect(comparable(now), `failure at operation ${n} after the commit point`).toEqual(comparable(after));
        committed++;
        removeDir(root);
        root = copyVault(pristine, tempDir('distill-fault-'));
      }
    }
    removeDir(root);
    console.log(
      `fault injection: ${total} failure points covered (${rolledBack} rolled back, ${committed} after the commit point)`,
    );
    expect(rolledBack).toBeGreaterThan(total - 5);
  });

  it('recovers the pre-run vault after kill -9 at seeded random points of a real `distill run`', () => {
    // mulberry32, seeded: the same points every time
    let seed = 20260105;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const points = [...new Set(Array.from({ length: 5 }, () => 1 + Math.floor(rand() * (total - 2))))].sort(
      (a, b) => a - b,
    );
    for (const n of points) {
      const root = copyVault(pristine, tempDir('distill-kill-'));
      const child = spawnSync(process.execPath, [BIN, 'run', '--vault', root], {
        env: { ...process.env, DISTILL_CRASH_AT: String(n) },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(child.signal, `crash at operation ${n}`).toBe('SIGKILL');
      const recovered = withVaultLock(root, (r) => r);
      if (recovered.some((r) => r.action === 'finalised')) {
        expect(comparable(treeHashes(root)), `crash at operation ${n}, after the commit point`).toEqual(
          comparable(after),
        );
      } else {
        expect(recovered.length, 'a crash before the journal exists leaves nothing to recover').toBeLessThanOrEqual(1);
        expect(treeHashes(root), `state after crash at operation ${n} and recovery`).toEqual(before);
      }
      removeDir(root);
    }
    console.log(`kill -9: ${points.length} crash points (${points.join(', ')}) of ${total}`);
  });
});
