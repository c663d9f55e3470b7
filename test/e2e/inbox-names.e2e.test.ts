/**
 * Issue 12 item 6, end to end: one odd inbox file never stops the batch. A name with a backslash or a line break
 * is reported and left; a failing file with a >= 245-byte name lands in Inbox/_failed/ with a reason file within
 * 255 bytes; a 251-byte name that clashes with one in Sources/ is archived under a suffixed name within 255 bytes;
 * the good file beside them is processed.

 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/vault.ts';

const GOOD = `# Pricing deck

Carol asked Jason to send the Acme pricing deck by Friday. We decided to keep the list price.
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function vault(): string {
  const v = tempDir('distill-names-');
  dirs.push(v);
  writeFileSync(
    path.join(v, 'distill.config.yaml'),
    YAML.stringify({ owner: { name: 'Jason Vallery' }, git: { commit: 'off' } }),
  );
  mkdirSync(path.join(v, 'Inbox'), { recursive: true });
  return v;
}

function walk(dir: string, root = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), root) : [path.relative(root, path.join(dir, e.name))],
  );
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('per-file name problems do not stop the batch', () => {
  it('backslash and line break in names: reported and left; the good file is processed', async () => {
    const v = vault();
    writeFileSync(path.join(v, 'Inbox', 'good.md'), GOOD);
    writeFileSync(path.join(v, 'Inbox', 'back\\slash.md'), GOOD.replace('Carol', 'Dave'));
    writeFileSync(path.join(v, 'Inbox', 'line\nbreak.md'), GOOD.replace('Carol', 'Erin'));
    const out = await runCli('run', '--vault', v, '--json');
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as {
      sources: { file: string }[];
      ignored: { path: string; reason: string }[];
    };
    expect(report.sources.map((s) => s.file)).toEqual(['Inbox/good.md']);
    expect(report.ignored.map((i) => i.reason).join('\n')).toMatch(
      /backslash[\s\S]*line break|line break[\s\S]*backslash/,
    );
    expect(existsSync(path.join(v, 'Inbox', 'back\\slash.md'))).toBe(true);
    expect(existsSync(path.join(v, 'Inbox', 'line\nbreak.md'))).toBe(true);
  });

  it('a failing file with a 250-byte name: queued with a reason file within 255 bytes', async () => {
    const v = vault();
    const long = `${'x'.repeat(247)}.md`;
    writeFileSync(path.join(v, 'Inbox', 'good.md'), GOOD);
    writeFileSync(path.join(v, 'Inbox', long), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 0, 0, 3, 0]));
    const out = await runCli('run', '--vault', v, '--json');
    expect(out.code, out.stderr).toBe(1); // a source failed; the batch went on
    const failed = readdirSync(path.join(v, 'Inbox', '_failed'));
    expect(failed).toContain(long);
    const reason = failed.find((f) => f.endsWith('.reason.txt'));
    expect(reason).toBeDefined();
    expect(bytes(reason!)).toBeLessThanOrEqual(255);
    expect(readFileSync(path.join(v, 'Inbox', '_failed', reason!), 'utf8')).toMatch(/binary/);
    expect(walk(path.join(v, 'Meetings')).length).toBe(1);
  });

  it('a 251-byte name that clashes with one in Sources/: archived under a suffixed name within 255 bytes', async () => {
    const v = vault();
    const long = `${'y'.repeat(248)}.md`;
    writeFileSync(path.join(v, 'Inbox', long), GOOD);
    expect((await runCli('run', '--vault', v)).code).toBe(0);
    writeFileSync(path.join(v, 'Inbox', long), GOOD.replace('Carol', 'Frank'));
    const out = await runCli('run', '--vault', v, '--json');
    expect(out.code, out.stderr).toBe(0);
    const archived = walk(path.join(v, 'Sources')).map((f) => path.basename(f));
    expect(archived).toHaveLength(2);
    for (const a of archived) expect(bytes(a)).toBeLessThanOrEqual(255);
  });
});
