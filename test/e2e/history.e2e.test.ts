/** Git history and trust: undo a run, the dirty-tree guard, rebuild = incremental, and `plan` writing nothing. */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/index.ts';
import { commitExisting, DEMO_VAULT, initVault, runCommand } from '../../src/cli/commands/run.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { UnsafePathError } from '../../src/vault/paths.ts';
import { copyVault, tempDir, treeHashes } from '../helpers/vault.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');
const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const distill = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 180_000 });

/** A small git vault: four of the demo sources (three emails, one about Microsoft, and a transcript). */
function smallVault(): string {
  const root = copyVault(DEMO_VAULT, tempDir('distill-hist-'));
  const keep = [
    '2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md',
    '2026-01-05_121019_9043_Re-Transport-Layer-Security-TLS-Support-for-Block.md',
    '2025-12-15 16 10 - Google GDC RFP.md',
    '2025-12-21_075242_8515_Re-MAI--VAST-December-8th-EoD-update.md',
  ];
  for (const f of readdirSync(path.join(root, 'Inbox'))) if (!keep.includes(f)) rmSync(path.join(root, 'Inbox', f));
  commitExisting(root, 'before Distill');
  initVault(root);
  return root;
}

// run records stay after an undo; the search index is a cache a run freshens after its commit, which undo leaves be
const userVisible = (h: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(h).filter(([p]) => !p.startsWith('.distill/runs/') && !p.startsWith('.distill/cache/')),
  );

describe('undo', () => {
  it('reverts a run: sources back in Inbox/, notes and page edits gone, committed, status clean', async () => {
    const root = smallVault();
    const before = treeHashes(root);
    expect(await runCommand(root, loadConfig(root), {})).toBe(0);
    const r = distill('undo', '--vault', root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/undid run/);
    expect(userVisible(treeHashes(root))).toEqual(userVisible(before));
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(git(root, 'log', '-1', '--format=%s')).toMatch(/^distill undo /);
  });
});

describe('--commit-per-source', () => {
  it('makes one commit per source, each with only the files of that source', () => {
    const root = smallVault();
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const r = distill('run', '--vault', root, '--commit-per-source');
    expect(r.status, r.stderr).toBe(0);
    const subjects = git(root, 'log', '--format=%s', `${head}..HEAD`).trim().split('\n');
    expect(subjects).toHaveLength(4);
    for (const s of subjects) expect(s).toMatch(/^distill run .*: 1 (email|transcript)$/);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});

describe('dirty working tree', () => {
  it("commits the user's uncommitted edits as their own commit first, then runs on top (edits never block)", async () => {
    const root = smallVault();
    appendFileSync(path.join(root, 'Accounts/Microsoft/README.md'), '\nmy unsaved thought\n');
    writeFileSync(path.join(root, 'scratch.md'), 'a new note of mine\n');
    const r = distill('run', '--vault', root);
    expect(r.status, r.stderr).toBe(0);
    expect(git(root, 'log', '-1', '--format=%s', 'HEAD~1')).toMatch(/^your edits before distill run \S+\n$/);
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD~1').trim().split('\n').sort()).toEqual([
      'Accounts/Microsoft/README.md',
      'scratch.md',
    ]);
    expect(readFileSync(path.join(root, 'Accounts/Microsoft/README.md'), 'utf8')).toContain('my unsaved thought');
    expect(git(root, 'status', '--porcelain')).toBe('');
    // --allow-dirty is still accepted (no longer needed)
    expect(distill('run', '--vault', root, '--allow-dirty').status).toBe(0);
  });
});

describe('rebuild', () => {
  it('re-derives the same notes and pages from Sources/ as the incremental runs made', async () => {
    const root = smallVault();
    await runCommand(root, loadConfig(root), {});
    const incremental = treeHashes(root);
    // throw away everything derived (notes, pages Distill created, entity state), keep Sources/ and the ledger
    for (const dir of ['Meetings', 'People', '.distill/entities', '.distill/extractions']) {
      rmSync(path.join(root, dir), { recursive: true, force: true });
    }
    for (const f of readdirSync(path.join(root, 'Accounts'))) {
      if (f !== 'Microsoft') rmSync(path.join(root, 'Accounts', f), { recursive: true, force: true });
    }
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'lose the derived files');
    const r = distill('rebuild', '--vault', root);
    expect(r.status, r.stderr).toBe(0);
    const rebuilt = treeHashes(root);
    const derived = (h: Record<string, string>) =>
      Object.fromEntries(Object.entries(h).filter(([p]) => /^(Meetings|People|Accounts)\//.test(p)));
    expect(derived(rebuilt)).toEqual(derived(incremental));
  });
});

describe('plan', () => {
  it('prints the plan and per-file diffs as JSON and writes nothing anywhere', () => {
    const root = smallVault();
    const before = treeHashes(root, { skipGit: false });
    const r = distill('plan', '--vault', root, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.plan.operations.some((o: { op: string }) => o.op === 'archive_source')).toBe(true);
    expect(out.files.find((f: { kind: string }) => f.kind === 'create').diff).toMatch(/^--- \/dev\/null\n\+\+\+ b\//);
    expect(treeHashes(root, { skipGit: false })).toEqual(before);
  });
});

describe('path safety at apply time', () => {
  it('refuses to write through a symlink that points out of the vault', () => {
    const root = tempDir('distill-link-');
    const outside = tempDir('distill-outside-');
    symlinkSync(outside, path.join(root, 'Meetings'));
    const config = loadConfig(root);
    const plan = {
      run_id: 'r',
      created: '',
      sources: [],
      skipped: [],
      failed: [],
      warnings: [],
      operations: [{ op: 'create_note' as const, path: 'Meetings/escape.md', content: 'x' }],
    };
    expect(() => applyPlan(root, plan, { config })).toThrow(UnsafePathError);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('your edits survive re-processing', () => {
  it('keeps a line you added in a Distill section, a section of your own, and a task you accepted', async () => {
    const root = smallVault();
    await runCommand(root, loadConfig(root), {});
    const note = 'Meetings/2026/2026-01-05 - Transport Layer Security (TLS) Support for Block.md';
    const file = path.join(root, note);
    let text = readFileSync(file, 'utf8');
    const task = text.split('\n').find((l) => l.startsWith('- [?] '))!;
    expect(task).toBeDefined();
    text = text
      .replace(task, task.replace('- [?] ', '- [ ] ').replace(' #proposed', ''))
      .replace('## Summary\n\n', '## Summary\n\nMy take: push Google for a date first.\n')
      .replace('## Thread', '## My notes\n\nCall Noa before Friday.\n\n## Thread');
    writeFileSync(file, text);
    git(root, 'commit', '-qam', 'my edits');

    // the same export arrives again and is re-processed in place
    const archived = 'Sources/Email/2026/2026-01-05_121019_9043_Re-Transport-Layer-Security-TLS-Support-for-Block.md';
    writeFileSync(path.join(root, 'Inbox/again.md'), readFileSync(path.join(root, archived)));
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'exported again');
    expect(await runCommand(root, loadConfig(root), { reprocess: true })).toBe(0);

    const after = readFileSync(file, 'utf8');
    expect(after).toContain('My take: push Google for a date first.');
    expect(after).toContain('## My notes\n\nCall Noa before Friday.');
    const id = /🆔 (\S+)/.exec(task)![1]!;
    const line = after.split('\n').find((l) => l.includes(`🆔 ${id}`))!;
    expect(line.startsWith('- [ ] ')).toBe(true);
    expect(after.split('\n').filter((l) => l.includes(`🆔 ${id}`))).toHaveLength(1);
  });
});
