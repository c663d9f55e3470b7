/**
 * `distill doctor` (issue #12 item 14): links to archived .eml/.mbox/.vtt/.srt/.txt originals are not dangling;
 * ledger entries without their note, an interrupted run and a broken git index are found.
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initVault, runCommand } from '../../src/cli/commands/run.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { tempDir } from '../helpers/vault.ts';
import { distill, git, SMALL, smallVault } from './helpers/small-vault.ts';

const FIXTURES = path.resolve(__dirname, '../fixtures');

function doctor(root: string) {
  const r = distill(['doctor', '--vault', root, '--json']);
  return { status: r.status, report: JSON.parse(r.stdout), stderr: r.stderr };
}

describe('distill doctor', () => {
  it('resolves links to archived originals of every kind (.eml, .mbox, .vtt, .srt, .txt)', async () => {
    const root = tempDir('distill-doctor-');
    initVault(root, { git: false });
    for (const f of [
      'eml/gmail-reply.eml',
      'eml/two-threads.mbox',
      'transcripts/2025-11-14 10 00 - Azure Sync.vtt',
      'transcripts/Zoom Meeting.srt',
      'transcripts/2025-09-16 - Name colon lines.txt',
    ]) {
      copyFileSync(path.join(FIXTURES, f), path.join(root, 'Inbox', path.basename(f)));
    }
    await runCommand(root, loadConfig(root), {});
    const { report } = doctor(root);
    expect(report.files_checked).toBeGreaterThan(5);
    expect(report.findings.filter((f: { check: string }) => f.check === 'dangling-link')).toEqual([]);
  });

  it('finds a ledger entry whose note is gone', async () => {
    const root = smallVault();
    await runCommand(root, loadConfig(root), {});
    expect(doctor(root).report.counts['missing-note']).toBe(0);
    rmSync(path.join(root, 'Meetings/2025/2025-12-11 - Azure VoC for MSFT testing.md'));
    const { status, report } = doctor(root);
    expect(status).toBe(1);
    expect(report.counts['missing-note']).toBe(1);
    expect(report.findings.find((f: { check: string }) => f.check === 'missing-note').path).toBe(
      'Meetings/2025/2025-12-11 - Azure VoC for MSFT testing.md',
    );
  });

  it('finds a git index left stale by a kill between update-ref and the index update, and an interrupted run', () => {
    const root = smallVault([SMALL[0]!]);
    const killed = distill(['run', '--vault', root], { DISTILL_CRASH_AT: '@git update-index' });
    expect(killed.signal).toBe('SIGKILL');
    const { status, report } = doctor(root);
    expect(status).toBe(1);
    expect(report.counts['broken-git-index']).toBeGreaterThan(0);
    expect(report.counts['interrupted-run']).toBe(1);
    // the next run heals both, and the doctor says so
    expect(distill(['run', '--vault', root]).status).toBe(0);
    expect(git(root, 'status', '--porcelain')).toBe('');
    const after = doctor(root).report;
    expect(after.counts['broken-git-index']).toBe(0);
    expect(after.counts['interrupted-run']).toBe(0);
  });

  it('finds a private index and an index.lock left behind', () => {
    const root = smallVault([SMALL[0]!]);
    writeFileSync(path.join(root, '.git/distill-index-999999999'), '');
    writeFileSync(path.join(root, '.git/index.lock'), '');
    const { report } = doctor(root);
    expect(
      report.findings
        .filter((f: { check: string }) => f.check === 'broken-git-index')
        .map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(['.git/distill-index-999999999', '.git/index.lock']);
  });
});
