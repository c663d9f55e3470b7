/**
 * `distill run` on a copy of the demo vault, as a user would: every source processed, nothing lost, a second run
 * changes nothing, a dry run writes nothing, and the same thread exported twice is one source.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitExisting, DEMO_VAULT, initVault, runCommand } from '../../src/cli/commands/run.ts';
import { checkVault } from '../../src/entities/doctor.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { readVaultNotes } from '../../src/vault/files.ts';
import { copyVault, tempDir, treeHashes } from '../helpers/vault.ts';

const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

function demoCopy(): string {
  const root = copyVault(DEMO_VAULT, tempDir('distill-e2e-'));
  commitExisting(root, 'the vault before Distill');
  initVault(root);
  return root;
}

function filesUnder(root: string, rel: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(path.join(root, d), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${d}/${e.name}`);
      else out.push(`${d}/${e.name}`);
    }
  };
  try {
    walk(rel);
  } catch {
    // folder absent
  }
  return out.sort();
}

describe('distill run on the demo vault', () => {
  let root: string;
  let inboxHashes: string[];
  let firstExit: number;

  beforeAll(async () => {
    root = demoCopy();
    const before = treeHashes(root);
    inboxHashes = Object.entries(before)
      .filter(([p]) => p.startsWith('Inbox/') && !p.endsWith('.gitkeep'))
      .map(([, h]) => h)
      .sort();
    firstExit = await runCommand(root, loadConfig(root), {});
  });

  it('processes every demo source and archives every original byte for byte', () => {
    expect(firstExit).toBe(0);
    expect(filesUnder(root, 'Inbox').filter((f) => !f.endsWith('.gitkeep'))).toEqual([]);
    const archived = Object.entries(treeHashes(root))
      .filter(([p]) => p.startsWith('Sources/'))
      .map(([, h]) => h)
      .sort();
    expect(archived).toEqual(inboxHashes);
    const notes = filesUnder(root, 'Meetings').filter((f) => f.endsWith('.md'));
    expect(notes.length).toBe(inboxHashes.length);
  });

  it('leaves a vault in which distill doctor finds no defect', () => {
    const report = checkVault(readVaultNotes(root), loadConfig(root));
    expect(report.findings.map((f) => `${f.check}: ${f.path}`)).toEqual([]);
    expect(report.defects).toBe(0);
    expect(report.entities.person).toBeGreaterThan(10);
  });

  it('commits the run and leaves git status clean; a second run changes nothing', async () => {
    expect(git(root, 'status', '--porcelain')).toBe('');
    const head = git(root, 'rev-parse', 'HEAD');
    const before = treeHashes(root);
    expect(await runCommand(root, loadConfig(root), {})).toBe(0);
    expect(treeHashes(root)).toEqual(before);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('recognises re-exported sources: no new note; with --reprocess the notes are updated in place', async () => {
    const notesBefore = filesUnder(root, 'Meetings');
    const putBack = () => {
      // copy the archived originals back to the inbox, as a user exporting the same threads again would
      for (const f of filesUnder(root, 'Sources').filter((f) => !f.includes(' ('))) {
        writeFileSync(path.join(root, 'Inbox', path.basename(f)), readFileSync(path.join(root, f)));
      }
      git(root, 'add', '-A');
      git(root, 'commit', '-qm', 'exported again');
    };
    putBack();
    expect(await runCommand(root, loadConfig(root), {})).toBe(0);
    expect(filesUnder(root, 'Meetings')).toEqual(notesBefore);
    putBack();
    expect(await runCommand(root, loadConfig(root), { reprocess: true })).toBe(0);
    expect(filesUnder(root, 'Meetings')).toEqual(notesBefore);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });
});

describe('dry run', () => {
  it('writes nothing at all, not even state', async () => {
    const root = demoCopy();
    const before = treeHashes(root, { skipGit: false });
    expect(await runCommand(root, loadConfig(root), { dryRun: true })).toBe(0);
    expect(treeHashes(root, { skipGit: false })).toEqual(before);
  });
});

describe('the same thread exported twice', () => {
  it('is recognised as one source (CR export and LF export of the same thread)', async () => {
    const root = demoCopy();
    const original = path.join(root, 'Inbox/2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md');
    const text = readFileSync(original, 'utf8');
    writeFileSync(
      path.join(root, 'Inbox/2025-12-11_091323_4850_Re-Azure-VoC-for-MSFT-testing.md'),
      text.replace(/\r/g, '\n'),
    );
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'two exports');
    expect(await runCommand(root, loadConfig(root), {})).toBe(0);
    const notes = filesUnder(root, 'Meetings').filter((f) => /Azure VoC/i.test(f));
    expect(notes).toHaveLength(1);
    expect(filesUnder(root, 'Sources').filter((f) => f.includes('Re-Azure-VoC'))).toHaveLength(2);
  });
});

describe('entity pages do not depend on processing order', () => {
  it('gives byte-identical entity pages for all-at-once and one-by-one newest-first runs', async () => {
    // Order independence holds for pages of people who wrote, received or spoke; a page made from mentions starts
    // at the source that reached entities.min_sources (README, known limitations), so here every name may make one.
    const everyName = (root: string) => {
      const file = path.join(root, 'distill.config.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('entities:\n', 'entities:\n  min_sources: 1\n'));
      git(root, 'commit', '-qam', 'every name may make a page');
      return root;
    };
    const a = everyName(demoCopy());
    await runCommand(a, loadConfig(a), {});
    const b = everyName(demoCopy());
    const inbox = filesUnder(b, 'Inbox').filter((f) => !f.endsWith('.gitkeep'));
    const parked = tempDir('distill-parked-');
    for (const f of inbox) renameSync(path.join(b, f), path.join(parked, path.basename(f)));
    for (const f of [...inbox].reverse()) {
      renameSync(path.join(parked, path.basename(f)), path.join(b, f));
      git(b, 'add', '-A');
      git(b, 'commit', '-qm', 'next', '--allow-empty');
      await runCommand(b, loadConfig(b), {});
    }
    const pages = (root: string) =>
      Object.fromEntries(
        ['People', 'Accounts', 'Projects'].flatMap((d) =>
          filesUnder(root, d).map((f) => [f, readFileSync(path.join(root, f), 'utf8')]),
        ),
      );
    const pa = pages(a);
    const pb = pages(b);
    expect(Object.keys(pb).sort()).toEqual(Object.keys(pa).sort());
    for (const k of Object.keys(pa)) expect(pb[k], k).toBe(pa[k]);
  });
});
