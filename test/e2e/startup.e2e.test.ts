/**
 * Start-up: each command loads only what it needs (no LLM SDK for an offline run, no NLP for `tasks list` or
 * `--help`), and `bin/distill.js` never runs a stale build: a source newer than dist/ runs through tsx until the
 * next build. Which modules a process loads is read from a module-resolution hook (test/helpers/import-log.mjs).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCache as codeCacheOf } from './helpers/bundle-cache.ts';
import { smallVault } from './helpers/small-vault.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const HOOK = path.join(REPO, 'test/helpers/import-log.mjs');
const LLM = /^(ai|@ai-sdk\/.+|gpt-tokenizer)$/;
const NLP = /^(compromise|wink-nlp|wink-eng-lite-web-model|chrono-node)$/;

const temps: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
};
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** Runs `bin` with the import log on; returns what it printed and the packages and files it imported. */
function traced(args: string[], opts: { bin?: string; env?: NodeJS.ProcessEnv } = {}) {
  const log = path.join(temp('distill-imports-'), 'imports.log');
  const r = spawnSync(process.execPath, ['--import', HOOK, opts.bin ?? path.join(REPO, 'bin/distill.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...opts.env, DISTILL_IMPORT_LOG: log },
  });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(urls.flatMap((u) => u.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1] ?? []));
  return { ...r, urls, packages: [...packages].sort() };
}

describe('what a command loads', () => {
  let vault: string;
  let run: ReturnType<typeof traced>;

  beforeAll(() => {
    vault = smallVault();
    run = traced(['run', '--vault', vault]);
  });

  it('--help: the command table and commander, no command module', () => {
    const r = traced(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tasks');
    expect(r.urls.filter((u) => u.includes('/cli/commands/'))).toEqual([]);
    expect(r.packages.filter((p) => !['commander', 'tsx', 'esbuild', 'get-tsconfig'].includes(p))).toEqual([]);
  });

  it('an offline run: no LLM SDK, provider package or tokenizer', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('3 source(s) processed');
    // the run did extract, offline: both NLP libraries loaded (through require, in this process)
    expect(run.packages).toEqual(expect.arrayContaining(['wink-nlp', 'compromise']));
    expect(run.packages.filter((p) => LLM.test(p))).toEqual([]);
  });

  it('tasks list: no NLP, no LLM SDK', () => {
    const r = traced(['tasks', 'list', '--vault', vault]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/🆔|\[\?\]|proposed/);
    expect(r.packages.filter((p) => NLP.test(p) || LLM.test(p))).toEqual([]);
  });
});

describe('bin/distill.js', () => {
  let root: string;
  const bin = () => path.join(root, 'bin/distill.js');
  const build = () =>
    spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { encoding: 'utf8' });
  const mainTs = () => path.join(root, 'src/cli/main.ts');

  beforeAll(() => {
    // A copy of the clone's layout (node_modules shared), so editing its sources disturbs nobody.
    root = temp('distill-clone-');
    // demo/vault/Inbox: the build makes the code cache from an extraction of one of its emails
    for (const p of [
      'bin',
      'scripts',
      'src',
      'demo/vault/Inbox',
      'package.json',
      'tsconfig.json',
      'tsconfig.build.json',
    ])
      cpSync(path.join(REPO, p), path.join(root, p), { recursive: true });
    symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
    expect(build().status).toBe(0);
  });

  const bundleCache = () => codeCacheOf(root);

  it('runs the compiled program when dist/ is current: the one-script bundle, with its code cache', () => {
    const r = traced(['--version'], { bin: bin() });
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
    // the bundle is compiled from one file: neither the per-file build nor a source is imported
    expect(r.urls.filter((u) => u.includes('/dist/') || u.endsWith('.ts'))).toEqual([]);
    expect(r.packages).not.toContain('tsx');
    expect(bundleCache()).toBe('used');
  });

  it('never uses a code cache made from another build of the bundle', () => {
    const cache = path.join(root, 'dist/cli.cjs.cache');
    const made = readFileSync(cache);
    try {
      writeFileSync(
        cache,
        Buffer.concat([Buffer.from('// distill build 0000000000000000\n'), made.subarray(made.indexOf(10) + 1)]),
      );
      expect(bundleCache()).toBe('none');
      expect(traced(['--version'], { bin: bin() }).status).toBe(0);
    } finally {
      writeFileSync(cache, made);
    }
  });

  it('runs the per-file build when there is no bundle', () => {
    const bundle = path.join(root, 'dist/cli.cjs');
    const saved = readFileSync(bundle);
    rmSync(bundle);
    try {
      const r = traced(['--version'], { bin: bin() });
      expect(r.status).toBe(0);
      expect(r.urls).toContain(`file://${root}/dist/cli/main.js`);
    } finally {
      writeFileSync(bundle, saved);
    }
  });

  it('runs the sources through tsx when one is newer than the build, and dist/ again once rebuilt', () => {
    const edited = readFileSync(mainTs(), 'utf8').replace("'print the version'", "'print the version (edited)'");
    writeFileSync(mainTs(), edited);
    const stale = traced(['--help'], { bin: bin() });
    expect(stale.stdout).toContain('(edited)');
    expect(stale.urls).toContain(`file://${root}/src/cli/main.ts`);

    expect(build().status).toBe(0);
    const rebuilt = traced(['--help'], { bin: bin() });
    expect(rebuilt.stdout).toContain('(edited)');
    expect(rebuilt.urls.filter((u) => u.endsWith('.ts'))).toEqual([]);
    expect(bundleCache()).toBe('used');
  });

  it('a stack trace from the compiled CLI names the TypeScript source line', () => {
    const file = path.join(root, 'src/cli/version.ts');
    const marker = 'export function version(): string {';
    const src = readFileSync(file, 'utf8');
    expect(src).toContain(marker);
    writeFileSync(file, src.replace(marker, `${marker}\n  if (process.env.DISTILL_BOOM) throw new Error('boom');`));
    expect(build().status).toBe(0);
    const r = traced(['--version'], { bin: bin(), env: { DISTILL_BOOM: '1', DISTILL_DEBUG: '1' } });
    expect(r.urls).toContain(`file://${root}/dist/cli/version.js`);
    expect(r.stderr).toContain('boom');
    expect(r.stderr).toMatch(/src\/cli\/version\.ts:\d+:\d+/);
  });
});
