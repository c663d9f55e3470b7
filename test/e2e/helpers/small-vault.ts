/** Small git vaults from the demo inbox for the recovery, crash and rebuild tests, and the helpers they share. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitExisting, DEMO_VAULT, initVault } from '../../../src/cli/commands/run.ts';
import { copyVault, tempDir } from '../../helpers/vault.ts';

export const BIN = fileURLToPath(new URL('../../../bin/distill.js', import.meta.url));

/** Two short email threads and a notes document: every kind of step, cheap to run many times. */
export const SMALL = [
  '2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md',
  '2026-01-05_121019_9043_Re-Transport-Layer-Security-TLS-Support-for-Block.md',
  '2025-10 - Pricing Tasks.md',
];

export const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

export function distill(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...env },
  });
}

/** A git vault holding the demo's `keep` inbox files (default SMALL), committed, and initialised. */
export function smallVault(keep: string[] = SMALL, opts: { git?: boolean } = {}): string {
  const root = copyVault(DEMO_VAULT, tempDir('distill-small-'));
  for (const f of readdirSync(path.join(root, 'Inbox'))) if (!keep.includes(f)) rmSync(path.join(root, 'Inbox', f));
  if (opts.git === false) initVault(root, { git: false });
  else {
    commitExisting(root, 'before Distill');
    initVault(root);
  }
  return root;
}

/** Every folder under root (vault-relative), except .git. */
export function dirsOf(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (child === '.git') continue;
      out.push(child);
      walk(child);
    }
  };
  walk('');
  return out.sort();
}

/** The vault as the user sees it: everything but git's and Distill's own folders. */
export function userVault(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).filter(([p]) => !p.startsWith('.distill/') && !p.startsWith('.git/')));
}
