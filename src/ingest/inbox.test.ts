/** Issue 12 item 6 and "Inbox robustness": per-entry problems are reported, never silent, never fatal. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../vault/config.ts';
import { checkVaultPath, fitName, suffixedName } from '../vault/paths.ts';
import { badName, failedQueuePaths, scanInbox } from './inbox.ts';
import { IngestError, ingestFile, UnreadableFileError } from './index.ts';

const config = parseConfig('');
const root = mkdtempSync(path.join(tmpdir(), 'distill-inbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, content = 'Some notes about the deck.\n'): string {
  const f = path.join(root, ...rel.split('/'));
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, content);
  return f;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('scanInbox', () => {
  it('lists files to process and reports every entry it leaves, with the reason', () => {
    put('Inbox/a.md');
    put('Inbox/sub/b.md');
    put('Inbox/.gitkeep', '');
    put('Inbox/.DS_Store', '');
    put('Inbox/.hidden.md');
    put('Inbox/.git/config');
    put('Inbox/_failed/old.md');
    put('Inbox/back\\slash.md');
    put('Inbox/line\nbreak.md');
    put('Inbox/esc\u001b.md');
    put('elsewhere.md');
    symlinkSync(path.join(root, 'elsewhere.md'), path.join(root, 'Inbox', 'link.md'));
    symlinkSync(path.join(root, 'Inbox', 'sub'), path.join(root, 'Inbox', 'linked-folder'));
    execFileSync('mkfifo', [path.join(root, 'Inbox', 'pipe.md')]);

    const scan = scanInbox(root, 'Inbox', { skip: (n) => n === '_failed' });
    expect(scan.files).toEqual(['Inbox/a.md', 'Inbox/sub/b.md']);
    const reasons = Object.fromEntries(scan.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      [
        'Inbox/.git',
        'Inbox/.hidden.md',
        'Inbox/back\\slash.md',
        'Inbox/esc\\u001b.md',
        'Inbox/line\\u000abreak.md',
        'Inbox/link.md',
        'Inbox/linked-folder',
        'Inbox/pipe.md',
      ].sort(),
    );
    expect(reasons['Inbox/.hidden.md']).toMatch(/hidden file/);
    expect(reasons['Inbox/.git']).toMatch(/hidden folder/);
    expect(reasons['Inbox/link.md']).toMatch(/symbolic link/);
    expect(reasons['Inbox/pipe.md']).toMatch(/FIFO/);
    expect(reasons['Inbox/back\\slash.md']).toMatch(/backslash/);
    expect(reasons['Inbox/line\\u000abreak.md']).toMatch(/line break/);
    // Every path the scan hands on is one a plan may use.
    for (const f of scan.files) expect(checkVaultPath(f, config)).toBe(f);
  });

  it('leaves a file it may not read (EACCES) with the reason', () => {
    put('Inbox2/secret.md');
    put('Inbox2/open.md');
    const scan = scanInbox(root, 'Inbox2', { readable: (p) => (p.endsWith('secret.md') ? 'EACCES' : null) });
    expect(scan.files).toEqual(['Inbox2/open.md']);
    expect(scan.skipped).toEqual([
      { path: 'Inbox2/secret.md', reason: 'cannot read (EACCES): left in place, fix its permissions' },
    ]);
  });

  it('badName: backslash, control characters, invalid UTF-8, over 255 bytes', () => {
    expect(badName('a\\b.md')).toMatch(/backslash/);
    expect(badName('a\u0000b.md')).toMatch(/control/);
    expect(badName('a\ufffdb.md')).toMatch(/UTF-8/);
    expect(badName(`${'é'.repeat(130)}.md`)).toMatch(/255 bytes/);
    expect(badName('2026-01-05 Re: Pricing (final).md')).toBeNull();
  });
});

describe('names that fit in 255 bytes', () => {
  const long = `${'x'.repeat(246)}.md`;

  it('a ~250-byte name that clashes gets a suffixed name within 255 bytes, extension kept', () => {
    const s = suffixedName(long, '1a2b3c');
    expect(bytes(s)).toBeLessThanOrEqual(255);
    expect(s.endsWith(' (1a2b3c).md')).toBe(true);
    expect(suffixedName('a.md', '2')).toBe('a (2).md');
    const multi = suffixedName(`${'é'.repeat(125)}.eml`, '12');
    expect(bytes(multi)).toBeLessThanOrEqual(255);
    expect(multi).not.toContain('\ufffd');
    expect(fitName(`${'y'.repeat(300)}.txt`).endsWith('.txt')).toBe(true);
    expect(bytes(fitName(`${'y'.repeat(300)}.txt`))).toBe(255);
  });

  it('the failed queue: a >= 245-byte name gets a short safe reason name; a clash a suffix; all within 255', () => {
    const { target, reason } = failedQueuePaths('Inbox/_failed', long, () => false);
    expect(target).toBe(`Inbox/_failed/${long}`);
    const reasonName = reason.split('/').pop()!;
    expect(bytes(reasonName)).toBeLessThanOrEqual(255);
    expect(reasonName).toMatch(/^x{100}-[0-9a-f]{8}\.reason\.txt$/);
    for (const p of [target, reason]) expect(checkVaultPath(p, config)).toBe(p);

    const taken = new Set([`Inbox/_failed/${long}`]);
    const second = failedQueuePaths('Inbox/_failed', long, (p) => taken.has(p));
    expect(second.target).not.toBe(target);
    expect(bytes(second.target.split('/').pop()!)).toBeLessThanOrEqual(255);
    expect(second.reason).not.toBe(reason);
    expect(failedQueuePaths('Inbox/_failed', 'a.md', () => false)).toEqual({
      target: 'Inbox/_failed/a.md',
      reason: 'Inbox/_failed/a.md.reason.txt',
    });
  });
});

describe('a file that vanishes or may not be read', () => {
  it('is an UnreadableFileError with its code, so the run leaves it instead of moving it', async () => {
    const err = await ingestFile(path.join(root, 'gone.md')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as UnreadableFileError).code).toBe('ENOENT');
  });
});
