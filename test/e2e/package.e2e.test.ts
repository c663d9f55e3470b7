/**
 * The package installs and runs away from the clone: `npm pack`, `npm install -g` of the tarball into a temporary
 * prefix (dependencies from the npm cache, else the registry), then the installed `distill` prints its version,
 * makes a vault and processes an email in a folder outside the clone.
 *
 * better-sqlite3 would compile from source here (over a minute: its prebuilt binaries live on GitHub, not the
 * registry). The install is handed the binary this clone already built, through prebuild-install's own
 * local-prebuilds setting, so it installs exactly as on a machine that downloaded the prebuilt binary.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCache } from './helpers/bundle-cache.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** prebuild-install's name for the binary of this Node (the asset it would download), packed from the clone's. */
function localPrebuilds(dir: string): NodeJS.ProcessEnv {
  const sqlite = path.join(REPO, 'node_modules/better-sqlite3');
  const version = (JSON.parse(readFileSync(path.join(sqlite, 'package.json'), 'utf8')) as { version: string }).version;
  const asset = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-czf', path.join(dir, asset), '-C', sqlite, 'build/Release/better_sqlite3.node']);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}

describe('npm pack, npm install -g, distill', () => {
  let tmp: string;
  let installed: string;
  let distill: (args: string[], cwd: string) => ReturnType<typeof spawnSync>;

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'distill-package-'));
    execFileSync(npm, ['pack', '--pack-destination', tmp, '--silent'], { cwd: REPO, stdio: 'ignore' });
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBe(`distill-${pkg.version}.tgz`);
    const prefix = path.join(tmp, 'prefix');
    execFileSync(
      npm,
      ['install', '-g', '--prefix', prefix, path.join(tmp, tarball!), '--prefer-offline', '--no-audit', '--no-fund'],
      {
        cwd: tmp,
        stdio: 'ignore',
        timeout: 600_000,
        env: { ...process.env, ...localPrebuilds(path.join(tmp, 'prebuilds')) },
      },
    );
    installed = path.join(prefix, 'lib/node_modules/distill');
    const bin = path.join(prefix, 'bin/distill');
    // Not through `node`: the installed command is the bin link, as a user's shell runs it.
    distill = (args, cwd) => spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  }, 900_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('installs the compiled CLI: the one-script bundle and its code cache, used where it is installed', () => {
    expect(existsSync(path.join(installed, 'dist/cli/main.js'))).toBe(true);
    expect(bundleCache(installed)).toBe('used');
  });

  it('prints its version', () => {
    const r = distill(['--version'], tmp);
    expect(r.status, String(r.stderr)).toBe(0);
    expect(String(r.stdout).trim()).toBe(pkg.version);
  });

  it('makes a vault and processes an email there, outside the clone', () => {
    const work = path.join(tmp, 'work');
    mkdirSync(work);
    const init = distill(['init', 'Notes', '--owner', 'Dana Whitfield', '--no-git'], work);
    expect(init.status, String(init.stderr)).toBe(0);
    const vault = path.join(work, 'Notes');
    const email = '2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md';
    copyFileSync(path.join(REPO, 'demo/vault/Inbox', email), path.join(vault, 'Inbox', email));
    const run = distill(['run'], vault);
    expect(run.status, String(run.stderr)).toBe(0);
    expect(String(run.stderr)).toContain('1 source(s) processed');
    expect(readdirSync(path.join(vault, 'Meetings/2025'))).toEqual(['2025-12-11 - Azure VoC for MSFT testing.md']);
    expect(readdirSync(path.join(vault, 'Inbox')).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('has its native SQLite module working', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', "console.log(new (require('better-sqlite3'))(':memory:').prepare('select sqlite_version() v').get().v)"],
      { cwd: installed, encoding: 'utf8' },
    );
    expect(out.trim()).toMatch(/^3\.\d+/);
  });

  it('ships the compiled CLI, the demo and the model, not the sources or the tests', () => {
    expect(existsSync(path.join(installed, 'dist/extract/offline/model/weights.json'))).toBe(true);
    expect(existsSync(path.join(installed, 'demo/vault/Inbox'))).toBe(true);
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(existsSync(path.join(installed, 'test'))).toBe(false);
    expect(existsSync(path.join(installed, 'node_modules/tsx'))).toBe(false);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    expect(files(path.join(installed, 'dist')).filter((f) => /\.test\.|\/testing\//.test(f))).toEqual([]);
  });
});
