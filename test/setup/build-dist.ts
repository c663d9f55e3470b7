/**
 * Brings dist/ up to date before any test runs, so the tests that spawn `bin/distill.js` run the compiled CLI (a
 * fraction of tsx's start-up) and never a stale one. Only files changed since the last build are compiled; a build
 * with nothing to do takes milliseconds. Should src/ change during the run, bin/distill.js sees dist/ is stale and
 * runs the sources through tsx instead.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildDist(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
