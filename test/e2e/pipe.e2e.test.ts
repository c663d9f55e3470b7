/** `distill … | head`: a reader that closes the pipe early ends the command quietly, without a stack trace. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');

function runClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repo, 'bin/distill.js'), ...args], { cwd: repo });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // The reader is gone before the first byte: every write the command makes meets a closed pipe.
    child.stdout.destroy();
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed output pipe', () => {
  it('ends parse --json quietly with exit 0', async () => {
    const r = await runClosed(['parse', 'test/fixtures/gold/sources/t-00000000-f954dc/source.md', '--json']);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code).toBe(0);
  }, 30_000);
});
