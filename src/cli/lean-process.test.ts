/** A large run goes on in a child process whose allocator gives large blocks back (see lean-process.ts). */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SMALL, smallVault } from '../../test/e2e/helpers/small-vault.ts';
import { tempDir } from '../../test/helpers/vault.ts';
import { leanEnv } from './lean-process.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');
const PROBE = path.resolve(__dirname, '../../test/helpers/env-probe.cjs');

describe('leanEnv', () => {
  it('asks for a child on Linux, when started as the distill command, once', () => {
    const env = leanEnv({ PATH: '/bin' }, 'linux', BIN);
    expect(env).toMatchObject({ PATH: '/bin', DISTILL_LEAN_ALLOC: '1', MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(leanEnv(env!, 'linux', BIN)).toBeNull(); // the child itself
    expect(leanEnv({ MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux', BIN)).toBeNull(); // the user set it
    expect(leanEnv({}, 'darwin', BIN)).toBeNull();
    expect(leanEnv({}, 'linux', '/usr/lib/node_modules/vitest/vitest.mjs')).toBeNull(); // a program calling main
    expect(leanEnv({}, 'linux', undefined)).toBeNull();
  });
});

describe('distill run on an inbox of more than one batch', () => {
  /** `distill <command> --json --batch-size n`, with the processes it ran in. */
  const distill = (vault: string, command: string, batchSize: string) => {
    const log = path.join(tempDir('distill-probe-'), 'processes.log');
    const r = spawnSync(process.execPath, [BIN, command, '--vault', vault, '--json', '--batch-size', batchSize], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `--require ${PROBE}`, DISTILL_PROBE_LOG: log },
    });
    const processes = readFileSync(log, 'utf8').trim().split('\n');
    return { r, report: JSON.parse(r.stdout), processes };
  };
  const run = (batchSize: string, broken = false) => {
    const vault = smallVault(SMALL.slice(0, 3));
    if (broken) writeFileSync(path.join(vault, 'Inbox', 'empty.md'), '');
    return distill(vault, 'run', batchSize);
  };

  it('runs in a child started with a fixed mmap threshold, and reports as one run with its exit code', () => {
    const { r, report, processes } = run('1');
    expect(r.status).toBe(0);
    expect(report.batches).toHaveLength(3);
    expect(report.peak_rss_mb).toBeGreaterThan(20);
    expect(processes.filter((p) => p.endsWith(' 1 131072'))).toHaveLength(1);
    expect(processes.length).toBeGreaterThanOrEqual(2);
  });

  it("gives the child's exit code: a source that failed is exit 1", () => {
    const { r, report, processes } = run('1', true);
    expect(r.status).toBe(1);
    expect(report.failed.map((f: { path: string }) => f.path)).toEqual(['Inbox/empty.md']);
    expect(processes.filter((p) => p.endsWith(' 1 131072'))).toHaveLength(1);
  });

  it('a rebuild of more than one batch goes on in such a child too', () => {
    const vault = smallVault(SMALL.slice(0, 3));
    expect(distill(vault, 'run', '200').r.status).toBe(0);
    const { r, report, processes } = distill(vault, 'rebuild', '1');
    expect(r.status).toBe(0);
    expect(report.batches).toHaveLength(3);
    expect(processes.filter((p) => p.endsWith(' 1 131072'))).toHaveLength(1);
  });

  it('runs in this process when the inbox fits in one batch', () => {
    const { r, report, processes } = run('200');
    expect(r.status).toBe(0);
    expect(report.batches).toBeUndefined();
    expect(processes.some((p) => p.includes(' 1 '))).toBe(false);
  });
});
