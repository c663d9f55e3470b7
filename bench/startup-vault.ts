/**
 * Helpers for the start-up and memory benches: the compiled CLI as a child process (what a user runs), timed or with
 * its peak RSS, and vaults of N processed sources as earlier runs would have left them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emailThread, rng } from '../scripts/gen-corpus.ts';
import { legacyConversationKeys } from '../src/ingest/conversation.ts';
import { emptyLedger, LEDGER_PATH, type Ledger, serialiseLedger } from '../src/vault/ledger.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const BIN = path.join(REPO, 'bin/distill.js');

/** Compiles what changed, so `bin/distill.js` runs dist/ (it would run the sources through tsx if dist/ were stale). */
export function buildDist(): void {
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
}

/** Wall time of one child process, start to exit, in ms; throws when it fails. */
export function timeSpawn(args: string[], opts: { cwd?: string } = {}): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: opts.cwd ?? REPO, encoding: 'utf8', timeout: 600_000 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return ms;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export function write(root: string, rel: string, content: string): void {
  const f = path.join(root, ...rel.split('/'));
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, content);
}

/** `n` earlier email notes with their archived originals, written into `root`; returns the ledger listing them. */
export function seedEarlierSources(root: string, n: number): Ledger {
  const r = rng(99);
  const ledger = emptyLedger();
  for (let i = 0; i < n; i++) {
    const t = emailThread(r, 1_000_000 + i);
    const id = `seed${String(i).padStart(60, '0')}`;
    const date = t.name.slice(0, 10);
    const note = `Meetings/${date.slice(0, 4)}/${date} - Earlier thread ${i}.md`;
    const archived = `Sources/Email/${date.slice(0, 4)}/${t.name}`;
    write(
      root,
      note,
      `---\ntype: email\ntitle: Earlier thread ${i}\ndate: ${date}\nsource_id: ${id}\n---\n# Earlier thread ${i}\n\n## Summary\n\n${t.content.slice(0, 1500)}\n`,
    );
    write(root, archived, t.content);
    const title = `Earlier thread ${i}`;
    ledger.sources[id] = {
      source_id: id,
      inbox_name: t.name,
      archived_path: archived,
      note_path: note,
      kind: 'email',
      title,
      date,
      extractor: 'offline',
      run_id: 'seed',
      processed_at: '2026-01-01T00:00:00Z',
      outputs: [],
      entities: [],
      duplicates: [],
      // what a run records for every source, so the next run matches new copies without re-deriving keys
      conversation_keys: legacyConversationKeys({ kind: 'email', title, date }),
    };
  }
  return ledger;
}

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: root });

/**
 * A git vault (made by `distill init`) holding `n` source notes with their archived originals and ledger entries, and
 * one person page per ten of them, as `n` earlier runs would have left it, all committed; the inbox is empty.
 */
export function processedVault(n: number): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'distill-bench-startup-')), 'vault');
  execFileSync(process.execPath, [BIN, 'init', root, '--owner', 'Dana Whitfield', '--email', 'dana@contoso.com'], {
    stdio: 'ignore',
  });
  const ledger = seedEarlierSources(root, n);
  // One person page for every ten sources, as a real vault has them (a run reads them to know its entities).
  for (let i = 0; i < Math.ceil(n / 10); i++) {
    const name = `Person ${String(i).padStart(5, '0')}`;
    const email = `person${i}@example.com`;
    write(
      root,
      `People/${name}/README.md`,
      `---\ntype: person\nname: ${name}\naliases: []\nemails:\n  - ${email}\ntags:\n  - distill/person\n---\n# ${name}\n\n## Profile\n\n- Email: ${email}\n\n## Timeline\n\n- 2025-05-28 [[Meetings/2025/2025-05-28 - Earlier thread ${i}]]\n`,
    );
  }
  write(root, LEDGER_PATH, serialiseLedger(ledger));
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'seed');
  return root;
}
