/** The run use case as a connector or server would call it: no printing, callbacks for progress and what changed. */
import { execFileSync } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { git, SMALL, smallVault } from '../../test/e2e/helpers/small-vault.ts';
import { treeHashes } from '../../test/helpers/vault.ts';
import type { Extractor } from '../extract/extractor.ts';
import { createExtractor } from '../llm/index.ts';
import { INDEX_PATH } from '../search/index.ts';
import { loadConfig } from '../vault/config.ts';
import { planVault, rebuildVault, runVault } from './run.ts';

/** The offline extractor, counting the sources it is asked about. */
async function counting(root: string): Promise<{ extractor: Extractor; calls: string[] }> {
  const inner = await createExtractor(loadConfig(root), root, 'offline');
  const calls: string[] = [];
  return {
    calls,
    extractor: {
      name: inner.name,
      extract: (env, ctx) => {
        calls.push(env.source_id);
        return inner.extract(env, ctx);
      },
    },
  };
}

describe('runVault', () => {
  it('reports progress and, after the commit, the paths it wrote, moved or removed', async () => {
    const root = smallVault(SMALL.slice(0, 2));
    const progress: string[] = [];
    const applied: string[][] = [];
    const outcome = await runVault(root, loadConfig(root), {
      onProgress: (_done, _total, label) => progress.push(label),
      onApplied: (touched) => {
        // called once the run is committed: what it hands over is already in HEAD
        expect(git(root, 'log', '-1', '--format=%s')).toMatch(/^distill run /);
        applied.push(touched);
      },
    });
    expect(outcome.result.reports).toHaveLength(2);
    expect(progress.at(-1)).toBe('planned');
    expect(applied).toHaveLength(1);
    const touched = applied[0]!;
    for (const r of outcome.result.reports) {
      expect(touched).toContain(r.note);
      expect(touched).toContain(r.file); // the inbox file, moved
    }
    expect(touched.some((p) => p.startsWith('Sources/Email/'))).toBe(true);
    expect(touched).toEqual(outcome.apply!.files);
  });

  it('--commit-per-source: one commit per source, each source extracted once', async () => {
    const root = smallVault(SMALL);
    const { extractor, calls } = await counting(root);
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const applied: string[][] = [];
    const outcome = await runVault(root, loadConfig(root), {
      commitPerSource: true,
      extractor,
      onApplied: (t) => {
        applied.push(t);
      },
    });
    const sources = outcome.result.plan.sources.length;
    expect(sources).toBe(SMALL.length);
    expect(calls).toHaveLength(sources);
    expect(new Set(calls).size).toBe(sources);
    expect(git(root, 'rev-list', '--count', `${head}..HEAD`).trim()).toBe(String(sources));
    expect(applied).toHaveLength(sources);
  });

  it('a large inbox goes in batches, one commit each, making the notes and pages one transaction makes', async () => {
    const whole = smallVault(SMALL);
    await runVault(whole, loadConfig(whole));
    const root = smallVault(SMALL);
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const outcome = await runVault(root, loadConfig(root), { batchSize: 2 });
    expect(outcome.batches).toHaveLength(2);
    expect(git(root, 'rev-list', '--count', `${head}..HEAD`).trim()).toBe('2');
    expect(outcome.result.reports).toHaveLength(SMALL.length);
    expect(outcome.apply!.files).toEqual(expect.arrayContaining(outcome.result.reports.map((r) => r.note)));
    // The same files; their text may differ where a name got its page only in a later batch (entities.min_sources):
    // as with separate runs, the earlier batch's note does not link it (README, Known limits).
    const vaultFiles = (r: string) => Object.keys(treeHashes(r)).filter((p) => !p.startsWith('.distill/'));
    expect(vaultFiles(root)).toEqual(vaultFiles(whole));
  });

  it('a run in batches brings the search index up to date once, with every file as the run left it', async () => {
    const root = smallVault(SMALL);
    const applied: string[][] = [];
    const outcome = await runVault(root, loadConfig(root), { batchSize: 2, onApplied: (t) => void applied.push(t) });
    expect(applied).toHaveLength(2); // one call per batch, as each is committed
    const db = new Database(path.join(root, INDEX_PATH), { readonly: true });
    try {
      const indexed = new Set((db.prepare('SELECT path FROM files').all() as { path: string }[]).map((r) => r.path));
      for (const r of outcome.result.reports) expect(indexed).toContain(r.note);
      // a page both batches wrote is indexed as it is now, not as the first batch left it
      const page = applied[0]!.find((p) => p.endsWith('/README.md') && applied[1]!.includes(p))!;
      const { size } = statSync(path.join(root, page));
      expect(db.prepare('SELECT size FROM files WHERE path = ?').get(page)).toEqual({ size });
    } finally {
      db.close();
    }
  });

  it('a rebuild of many sources goes in batches too, and gives back the same notes', async () => {
    const root = smallVault(SMALL);
    await runVault(root, loadConfig(root));
    const notes = () => Object.fromEntries(Object.entries(treeHashes(root)).filter(([p]) => p.startsWith('Meetings/')));
    const before = notes();
    const outcome = await rebuildVault(root, loadConfig(root), { batchSize: 2 });
    expect(outcome.batches?.length).toBe(2);
    expect(outcome.result.reports).toHaveLength(SMALL.length);
    expect(notes()).toEqual(before);
  });

  it('a batch that fails leaves the batches before it committed and its own sources in the inbox', async () => {
    const root = smallVault(SMALL);
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const lock = path.join(root, '.git', 'index.lock');
    const run = runVault(root, loadConfig(root), {
      batchSize: 2,
      // the second batch starts: something else takes git's index
      onProgress: (done, _total, label) => {
        if (done >= 2 && label !== 'planned') writeFileSync(lock, '');
      },
    });
    await expect(run).rejects.toThrow(/index\.lock/);
    expect(git(root, 'log', '--format=%s', `${head}..HEAD`).trim()).toMatch(/^distill run \S+: 1 document, 1 email$/);
    const left = git(root, 'status', '--porcelain', '--untracked-files=all', '--', 'Inbox').trim().split('\n');
    expect(left).toHaveLength(1);
    rmSync(lock);
    const rest = await runVault(root, loadConfig(root), { batchSize: 2 });
    expect(rest.result.reports).toHaveLength(1);
  });

  it('git.commit: source in the config commits per source like the flag', async () => {
    const root = smallVault(SMALL.slice(0, 2));
    const config = { ...loadConfig(root), git: { commit: 'source' as const } };
    const head = git(root, 'rev-parse', 'HEAD').trim();
    await runVault(root, config);
    expect(git(root, 'rev-list', '--count', `${head}..HEAD`).trim()).toBe('2');
  });

  it('planVault writes nothing, not even in git', async () => {
    const root = smallVault(SMALL.slice(0, 1));
    const before = treeHashes(root, { skipGit: false });
    const applied: string[][] = [];
    const { result, apply } = await planVault(root, loadConfig(root), { onApplied: (t) => void applied.push(t) });
    expect(result.plan.operations.length).toBeGreaterThan(0);
    expect(apply?.changes.length).toBeGreaterThan(0);
    expect(applied).toEqual([]);
    expect(treeHashes(root, { skipGit: false })).toEqual(before);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' })).toMatch(/\?\? Inbox\//);
  });

  it('a run with an empty inbox reads no note, no entity page, not even the ledger', async () => {
    const root = smallVault(SMALL.slice(0, 2));
    await runVault(root, loadConfig(root));
    // Every note, page and state file made unreadable as what it claims to be: a run that opened any of them would
    // fail on it (the ledger is not JSON any more) or plan from it.
    const damaged = Object.keys(treeHashes(root)).filter((p) => p.endsWith('.md') || p.startsWith('.distill/'));
    expect(damaged).toContain('.distill/ledger.json');
    expect(damaged.some((p) => /^(People|Accounts|Projects)\/.+\/README\.md$/.test(p))).toBe(true);
    for (const p of damaged) writeFileSync(path.join(root, p), '{ not what it was');
    const before = treeHashes(root, { skipGit: false });
    const outcome = await runVault(root, loadConfig(root));
    expect(outcome.result.bases).toEqual({});
    expect(outcome.result.plan.operations).toEqual([]);
    expect(outcome.apply?.changes).toEqual([]);
    expect(treeHashes(root, { skipGit: false })).toEqual(before);
  });
});
