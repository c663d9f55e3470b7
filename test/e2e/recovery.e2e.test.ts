/**
 * Issue #12, the transaction items: a run overlapping an undo, a kill between `git update-ref` and the index
 * update, a stale `.git/index.lock`, recovery converging to the uninterrupted result, and the loose ends (undo's
 * empty folders, inbox entries skipped without a word).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_VAULT, runCommand } from '../../src/cli/commands/run.ts';
import { diskSnapshot, loadLedger } from '../../src/cli/pipeline.ts';
import type { Extractor } from '../../src/extract/extractor.ts';
import { createExtractor } from '../../src/llm/index.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { copyVault, removeDir, tempDir, treeHashes } from '../helpers/vault.ts';
import { dirsOf, distill, git, SMALL, smallVault, userVault } from './helpers/small-vault.ts';

const EXTRA = '2025-12-15_183201_0409_Re-Google-Distributed-Cloud---RFP-Follow-up3-Encryption-key-.md';

/** The uninterrupted result of `distill run` on the small vault (user-visible files). */
let reference: Record<string, string>;
let pristine: string;

beforeAll(async () => {
  pristine = smallVault();
  const probe = copyVault(pristine, tempDir('distill-ref-'));
  expect(await runCommand(probe, loadConfig(probe), {})).toBe(0);
  reference = userVault(treeHashes(probe));
  removeDir(probe);
});

function fresh(): string {
  return copyVault(pristine, tempDir('distill-rec-'));
}

describe('a run overlapping an undo (item 1)', () => {
  it('holds the lock from before it plans until it has applied: the undo is refused, no note is lost', async () => {
    const root = fresh();
    const config = loadConfig(root);
    expect(await runCommand(root, config, {})).toBe(0);
    writeFileSync(path.join(root, 'Inbox', EXTRA), readFileSync(path.join(DEMO_VAULT, 'Inbox', EXTRA)));
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'one more');
    const real = await createExtractor(config, root, 'offline');
    let undo: ReturnType<typeof distill> | null = null;
    // `distill undo` from another process while this run is extracting, i.e. after it read the vault
    const racing: Extractor = {
      name: real.name,
      extract: async (env, ctx) => {
        undo ??= distill(['undo', '--vault', root]);
        return real.extract(env, ctx);
      },
    };
    expect(await runCommand(root, config, { extractor: racing })).toBe(0);
    expect(undo).not.toBeNull();
    expect(undo!.status, undo!.stderr).toBe(2);
    expect(undo!.stderr).toMatch(/holds the vault lock \(pid \d+/);
    // every source the ledger lists has its note and its archived original
    const ledger = loadLedger(diskSnapshot(root));
    expect(Object.keys(ledger.sources)).toHaveLength(4);
    for (const s of Object.values(ledger.sources)) {
      expect(existsSync(path.join(root, s.note_path)), s.note_path).toBe(true);
      expect(existsSync(path.join(root, s.archived_path)), s.archived_path).toBe(true);
    }
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});

describe('a kill between `git update-ref` and the index update (item 7)', () => {
  it('recovery finishes the index update: nothing staged, no private index left, the next run works', () => {
    const root = fresh();
    // git's own hook fires once HEAD has moved: it kills the distill process that ran `git update-ref`
    const hook = path.join(root, '.git/hooks/reference-transaction');
    writeFileSync(
      hook,
      '#!/bin/sh\n[ "$1" = committed ] && [ -n "$DISTILL_TEST_KILL_ON_REF" ] && kill -9 "$(ps -o ppid= -p $PPID)"\nexit 0\n',
    );
    chmodSync(hook, 0o755);
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const killed = distill(['run', '--vault', root], { DISTILL_TEST_KILL_ON_REF: '1' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(git(root, 'rev-parse', 'HEAD').trim()).not.toBe(head); // the commit was published
    const again = distill(['run', '--vault', root]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/finalised/);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(readdirSync(path.join(root, '.git')).filter((n) => n.startsWith('distill-index'))).toEqual([]);
    expect(userVault(treeHashes(root))).toEqual(reference);
  });
});

describe('a stale .git/index.lock (item 8)', () => {
  it('is found before anything is written: HEAD, the vault and the inbox are untouched', () => {
    const root = fresh();
    writeFileSync(path.join(root, '.git/index.lock'), '');
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const before = treeHashes(root);
    const r = distill(['run', '--vault', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\.git\/index\.lock exists/);
    expect(r.stderr).not.toMatch(/rolled back/);
    expect(git(root, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(treeHashes(root)).toEqual(before);
  });
});

describe('recovery converges to the uninterrupted result (items 12, 16)', () => {
  it('a run killed after moving the sources is rolled back and the same run re-plans every source', () => {
    const root = fresh();
    const killed = distill(['run', '--vault', root], { DISTILL_CRASH_AT: '@git commit-tree' });
    expect(killed.signal).toBe('SIGKILL');
    // the sources are archived (half-applied) at this point
    expect(readdirSync(path.join(root, 'Inbox')).filter((f) => SMALL.includes(f))).toEqual([]);
    const again = distill(['run', '--vault', root, '--json']);
    expect(again.status, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.recovered.map((r: { action: string }) => r.action)).toEqual(['rolled-back']);
    expect(report.sources).toHaveLength(SMALL.length);
    expect(userVault(treeHashes(root))).toEqual(reference);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});

describe('undo (item 16)', () => {
  it('removes the folders the run created once they are empty', async () => {
    const root = fresh();
    const dirsBefore = dirsOf(root);
    expect(await runCommand(root, loadConfig(root), {})).toBe(0);
    expect(dirsOf(root)).toContain('Meetings/2025');
    const r = distill(['undo', '--vault', root]);
    expect(r.status, r.stderr).toBe(0);
    // the undo keeps its own run record (so it can itself be undone), hence .distill/runs
    expect(dirsOf(root).filter((d) => !d.startsWith('.distill'))).toEqual(
      dirsBefore.filter((d) => !d.startsWith('.distill')),
    );
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});

describe('inbox entries that are not files (item 16)', () => {
  it('are listed in the run report with the reason, and left where they are', () => {
    const root = smallVault([SMALL[0]!]);
    const inbox = path.join(root, 'Inbox');
    writeFileSync(path.join(inbox, '.hidden note.md'), 'hidden\n');
    mkdirSync(path.join(inbox, '.trash'));
    writeFileSync(path.join(inbox, '.trash', 'x.md'), 'x\n');
    symlinkSync(path.join(root, 'distill.config.yaml'), path.join(inbox, 'link.md'));
    execFileSync('mkfifo', [path.join(inbox, 'pipe.md')]);
    const r = distill(['run', '--vault', root, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.sources).toHaveLength(1);
    const ignored = Object.fromEntries(report.ignored.map((i: { path: string; reason: string }) => [i.path, i.reason]));
    expect(Object.keys(ignored).sort()).toEqual([
      'Inbox/.hidden note.md',
      'Inbox/.trash',
      'Inbox/link.md',
      'Inbox/pipe.md',
    ]);
    expect(ignored['Inbox/link.md']).toMatch(/symbolic link/);
    expect(ignored['Inbox/pipe.md']).toMatch(/FIFO/);
    expect(ignored['Inbox/.trash']).toMatch(/hidden folder/);
    const text = distill(['run', '--vault', root]);
    expect(text.stderr).toMatch(/Inbox\/link\.md: symbolic link/);
    expect(text.stderr).toMatch(/4 inbox entries skipped/);
  });
});
