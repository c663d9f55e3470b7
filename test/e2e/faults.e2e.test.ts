/**
 * Fault injection over a real multi-source run of the demo vault: make the Nth filesystem operation fail for every
 * N, and kill -9 a child `distill run` at seeded random operations. After each, the vault (sources included) is
 * byte-identical to before the run, or — when the fault came after the run's commit point — identical to a clean run.
 *
 * Then the randomized crash test (issue #12): many runs of a git vault killed at random operations (git's ref and
 * index updates and the recovery itself included), sometimes twice in a row, each followed by a plain `distill run`:
 * no source is ever lost, no note is lost, and the vault ends identical (except .git and .distill) to an
 * uninterrupted run of the same inputs. DISTILL_CRASH_TRIALS and DISTILL_CRASH_SEED widen or vary it.
 */
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateFindings } from '../../src/apply/health.ts';
import { applyPlan, withVaultLock } from '../../src/apply/index.ts';
import { DEMO_VAULT, initVault, runCommand } from '../../src/cli/commands/run.ts';
import { runPipeline } from '../../src/cli/pipeline.ts';
import type { ChangePlan } from '../../src/plan/change-plan.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { copyVault, removeDir, tempDir, treeHashes } from '../helpers/vault.ts';
import { git, smallVault, userVault } from './helpers/small-vault.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');

const WORKER = path.resolve(__dirname, 'helpers/crash-worker.ts');

/**
 * Child processes that have loaded the CLI before they are needed (loading is most of a child's life): each runs
 * one `distill run` job (test/e2e/helpers/crash-worker.ts), which a crash point ends with SIGKILL. Two spares warm
 * up while the current one works.
 */
class WarmPool {
  private spares: Promise<ChildProcess>[] = [];
  private all: ChildProcess[] = [];

  private spawn(): Promise<ChildProcess> {
    const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.all.push(child);
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('exit', (code, signal) => reject(new Error(`worker died while loading (${code ?? signal})`)));
    });
  }

  /** Runs `distill run` in a warm child with DISTILL_CRASH_AT=crashAt: true when it was killed. */
  async run(root: string, crashAt: number): Promise<{ killed: boolean; code?: number; error?: string }> {
    const next = this.spares.shift() ?? this.spawn();
    while (this.spares.length < 2) this.spares.push(this.spawn());
    const child = await next;
    return new Promise((resolve) => {
      let reply: { code?: number; error?: string } = {};
      child.removeAllListeners('exit');
      child.on('message', (m: { code?: number; error?: string }) => {
        reply = m;
      });
      child.once('exit', (_code, signal) => resolve({ killed: signal === 'SIGKILL', ...reply }));
      child.send({ root, crashAt });
    });
  }

  /** Start warming the spares now (while other tests run). */
  prewarm(): void {
    while (this.spares.length < 2) this.spares.push(this.spawn());
  }

  close(): void {
    for (const c of this.all) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const p of this.spares) p.catch(() => {});
  }
}

const pool = new WarmPool();
afterAll(() => pool.close());

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
  pool.prewarm();
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

  it('recovers the pre-run vault after kill -9 of a real `distill run` (the CLI itself)', () => {
    const root = copyVault(pristine, tempDir('distill-kill-'));
    const child = spawnSync(process.execPath, [BIN, 'run', '--vault', root], {
      env: { ...process.env, DISTILL_CRASH_AT: String(Math.floor(total / 2)) },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.signal).toBe('SIGKILL');
    expect(withVaultLock(root, (r) => r).map((r) => r.action)).toEqual(['rolled-back']);
    expect(treeHashes(root)).toEqual(before);
    removeDir(root);
  });
});

/** mulberry32, seeded: the same points every time. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('randomized kill -9 over many runs', () => {
  interface Kind {
    name: 'git' | 'plain';
    pristine: string;
    /** The whole tree before any run (what a rollback must give back, byte for byte). */
    before: Record<string, string>;
    /** The user-visible vault after an uninterrupted run. */
    reference: Record<string, string>;
    totalOps: number;
  }
  const kinds: Kind[] = [];
  let sources: string[];

  /** The bytes of every source, wherever it is now (the inbox or the archive), sorted. */
  const sourceBytes = (root: string) =>
    Object.entries(treeHashes(root))
      .filter(([p]) => (p.startsWith('Inbox/') && !p.endsWith('.gitkeep')) || p.startsWith('Sources/'))
      .map(([, h]) => h)
      .sort();

  const differing = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);

  beforeAll(async () => {
    for (const name of ['git', 'plain'] as const) {
      const pristine = smallVault(undefined, { git: name === 'git' });
      const probe = copyVault(pristine, tempDir('distill-crash-ref-'));
      const config = loadConfig(probe);
      const planned = await runPipeline(probe, config, {});
      const totalOps = applyPlan(probe, planned.plan, { config, bases: planned.bases }).operations;
      kinds.push({ name, pristine, before: treeHashes(pristine), reference: userVault(treeHashes(probe)), totalOps });
      removeDir(probe);
    }
    sources = sourceBytes(kinds[0]!.pristine);
  });

  it('loses no source and no note, and ends identical to an uninterrupted run', async () => {
    const trials = Number(process.env.DISTILL_CRASH_TRIALS ?? 11);
    const rand = mulberry32(Number(process.env.DISTILL_CRASH_SEED ?? 20260112));
    const started = Date.now();
    let kills = 0;
    const points: string[] = [];
    for (let t = 0; t < trials; t++) {
      // git vaults (commit point: HEAD moving) and plain ones (commit point: the journal marked done) in turn
      const kind = kinds[t % 2]!;
      const root = copyVault(kind.pristine, tempDir('distill-crash-'));
      // two kills in a row: the second lands in the recovery of the first, or in the run after it
      const trail: number[] = [];
      for (let k = 0; k < 2; k++) {
        const n = 1 + Math.floor(rand() * kind.totalOps);
        const r = await pool.run(root, n);
        expect(r.error, `trial ${t}, crash at ${n}`).toBeUndefined();
        if (r.killed) kills++;
        trail.push(r.killed ? n : -n);
        // 0 sources lost, at every point: each is in the inbox or in the archive, byte for byte
        expect(sourceBytes(root), `sources after kills at ${trail.join(', ')}`).toEqual(sources);
        // a run that gets to finish after a kill recovers first, re-plans, and gives the uninterrupted result
        if (!r.killed) {
          expect(r.code, `run after kills at ${trail.join(', ')}`).toBe(0);
          expect(
            differing(userVault(treeHashes(root)), kind.reference),
            `${kind.name} vault: the run after kills at ${trail.join(', ')}`,
          ).toEqual([]);
        }
      }
      const where = `${kind.name} vault, kills at ${trail.join(', ')}`;
      points.push(`${kind.name[0]}:${trail.join('>')}`);
      // recovery alone (on a copy) gives back either the vault before the run, byte for byte, or the finished run
      const copy = copyVault(root, tempDir('distill-crash-copy-'));
      withVaultLock(copy, (r) => r);
      const now = treeHashes(copy);
      removeDir(copy);
      const rolledBack = differing(now, kind.before);
      const finished = differing(userVault(now), kind.reference);
      expect(
        rolledBack.length === 0 || finished.length === 0,
        `${where}: after recovery ${rolledBack.join(', ')}`,
      ).toBe(true);
      // the next plain run recovers by itself and converges to the uninterrupted result
      expect(await runCommand(root, loadConfig(root), {}), where).toBe(0);
      expect(
        differing(userVault(treeHashes(root)), kind.reference),
        `${where}: files unlike the uninterrupted run`,
      ).toEqual([]);
      if (kind.name === 'git') expect(git(root, 'status', '--porcelain'), where).toBe('');
      // 0 notes lost: every ledger entry has its note and its original; no journal, no broken index left
      expect(stateFindings(root), where).toEqual([]);
      removeDir(root);
    }
    console.log(
      `randomized crash test: ${kills} kills over ${trials} trials (${points.join(' ')}; negative: the run finished first) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(kills).toBeGreaterThanOrEqual(trials);
  }, 240_000);
});
