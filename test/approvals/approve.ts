/**
 * Approval tests: a rendered output is compared with its golden file, `test/approvals/<name>.approved.<ext>`, which is
 * reviewed in the diff like code. On a mismatch the output is written beside it as `<name>.received.<ext>` (diff the
 * two, and rename it over the approved file when the change is wanted); `UPDATE_APPROVALS=1` rewrites every approved
 * file at once.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const DIR = import.meta.dirname;

export function verify(name: string, received: string, ext = 'md'): void {
  const approved = path.join(DIR, `${name}.approved.${ext}`);
  const receivedFile = path.join(DIR, `${name}.received.${ext}`);
  if (process.env.UPDATE_APPROVALS === '1') {
    writeFileSync(approved, received);
    rmSync(receivedFile, { force: true });
    return;
  }
  const want = existsSync(approved) ? readFileSync(approved, 'utf8') : null;
  if (want === received) {
    rmSync(receivedFile, { force: true });
    return;
  }
  writeFileSync(receivedFile, received);
  expect(want, `${name}: no approved file yet; review ${path.relative(process.cwd(), receivedFile)}`).not.toBeNull();
  expect(received, `${name}: differs from the approved file; see ${path.relative(process.cwd(), receivedFile)}`).toBe(
    want,
  );
}
