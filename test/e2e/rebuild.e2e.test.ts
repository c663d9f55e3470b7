/**
 * `distill rebuild` re-derives every note and page from Sources/: on a vault Distill just made it changes nothing
 * (issue #12 item 12), and it works when Sources/ holds two copies of one source (item 9).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { treeHashes } from '../helpers/vault.ts';
import { distill, git, SMALL, smallVault } from './helpers/small-vault.ts';

describe('rebuild', () => {
  it('changes nothing on a vault Distill has just processed: no file, no commit (item 12)', async () => {
    const root = smallVault();
    expect(await runCommand(root, loadConfig(root), {})).toBe(0);
    const head = git(root, 'rev-parse', 'HEAD');
    const before = treeHashes(root);
    const r = distill(['rebuild', '--vault', root]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/changed 0 file/);
    expect(treeHashes(root)).toEqual(before);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('works when Sources/ holds two copies of one source, and changes nothing (item 9)', async () => {
    const root = smallVault([SMALL[0]!]);
    const original = path.join(root, 'Inbox', SMALL[0]!);
    // the same thread exported a second time (CR line breaks, another name): one source, two archived copies
    writeFileSync(
      path.join(root, 'Inbox/2025-12-11_091323_4850_Re-Azure-VoC-for-MSFT-testing.md'),
      readFileSync(original, 'utf8').replace(/\r?\n/g, '\r'),
    );
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'two exports');
    expect(await runCommand(root, loadConfig(root), {})).toBe(0);
    const head = git(root, 'rev-parse', 'HEAD');
    const before = treeHashes(root);
    const r = distill(['rebuild', '--vault', root]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/never overwritten/);
    expect(treeHashes(root)).toEqual(before);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    // and again: rebuild is repeatable
    expect(distill(['rebuild', '--vault', root]).status).toBe(0);
  });
});
