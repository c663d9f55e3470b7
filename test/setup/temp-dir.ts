/**
 * Every test's temporary vaults, inboxes and clones under one folder made for the run (TMPDIR, which `os.tmpdir()`
 * and every child process read), removed when the run ends: the suite makes several hundred, and left them behind
 * in the system's temporary folder on every run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function tempDir(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'distill-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
