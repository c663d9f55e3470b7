import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '../../test/helpers/vault.ts';
import { commitPending } from './git.ts';

const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

function repo(): string {
  const root = tempDir('distill-git-');
  git(root, 'init', '-q');
  git(root, 'config', 'user.name', 'Vault Owner');
  git(root, 'config', 'user.email', 'owner@example.com');
  writeTree(root, { 'People/Noa/README.md': '# Noa\n', '.distill/ledger.json': '{}\n', 'Inbox/.gitkeep': '' });
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'start');
  return root;
}

describe('commitPending', () => {
  it("commits the user's edits and new notes as the user, leaving the inbox and Distill's state out", () => {
    const root = repo();
    writeTree(root, {
      'People/Noa/README.md': '# Noa\n\nmet at the kickoff\n',
      'Ideas.md': 'a note of mine\n',
      'Inbox/export.md': 'an export waiting for a run\n',
      '.distill/ledger.json': '{"version":1}\n',
    });
    git(root, 'add', 'Inbox/export.md'); // staged by the user: stays staged, not in this commit
    const commit = commitPending(root, 'your edits before distill run r1', ['Inbox', '.distill']);
    expect(commit).toBe(git(root, 'rev-parse', 'HEAD'));
    expect(git(root, 'log', '-1', '--format=%an <%ae>|%s')).toBe(
      'Vault Owner <owner@example.com>|your edits before distill run r1',
    );
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      'Ideas.md',
      'People/Noa/README.md',
    ]);
    expect(
      execFileSync('git', ['status', '--porcelain', '-z'], { cwd: root, encoding: 'utf8' })
        .split('\0')
        .filter(Boolean)
        .sort(),
    ).toEqual([' M .distill/ledger.json', 'A  Inbox/export.md']);
  });

  it('makes no commit when nothing is pending, or a file was edited and edited back', () => {
    const root = repo();
    const head = git(root, 'rev-parse', 'HEAD');
    expect(commitPending(root, 'x', ['Inbox'])).toBeNull();
    writeFileSync(path.join(root, 'People/Noa/README.md'), '# Noa\n');
    expect(commitPending(root, 'x', ['Inbox'])).toBeNull();
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
  });

  it("falls back to Distill's identity when git has none", () => {
    const root = repo();
    git(root, 'config', '--unset', 'user.email');
    writeFileSync(path.join(root, 'Ideas.md'), 'mine\n');
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    const saved = process.env;
    process.env = env;
    try {
      expect(commitPending(root, 'your edits', ['Inbox'])).not.toBeNull();
    } finally {
      process.env = saved;
    }
    expect(git(root, 'log', '-1', '--format=%ae')).toBe('distill@localhost');
  });
});
