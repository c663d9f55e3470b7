/**
 * Edits never block, never get lost (issue 14): Obsidian is open all day, so the vault always has edits git has not
 * seen. Here a user edits a source note and a person page without committing, and then `run`, `watch` and
 * `outbox approve` each go ahead: the user's edits become their own commits ("your edits before …") with Distill's
 * on top, every edit is in the final files and in history, and `undo` of a run leaves them in place.
 *
 * The corpus is one real thread (TLS for Block) exported three times as it grew: each export updates the same note
 * and the same people, so every step writes to the very files the user is editing.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initVault } from '../../src/cli/commands/run.ts';
import { replaceSection } from '../../src/vault/markdown.ts';
import { runCli } from '../helpers/cli.ts';
import { cutExport } from '../helpers/exports.ts';
import { removeDir, tempDir } from '../helpers/vault.ts';

const BIN = path.resolve(__dirname, '../../bin/distill.js');
const TLS = readFileSync(path.resolve(__dirname, '../fixtures/sources/e-20260105-cf0ae7/source.md'), 'utf8');
const CONFIG = `owner:
  name: Jason Vallery
  emails: [jason.vallery@vastdata.com]
  aliases: [Jason, JV]
  organisation: VAST Data
timezone: Europe/London
`;
const NOTE = /^Meetings\/2026\/2026-01-05 - .*TLS.*\.md$/;
const ITZIK = 'People/Itzik Reich/README.md';

const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trimEnd();
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const dirty = (root: string) => git(root, 'status', '--porcelain', '--untracked-files=no').trim();

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function noteOf(root: string): string {
  const year = readdirSync(path.join(root, 'Meetings/2026')).map((f) => `Meetings/2026/${f}`);
  const note = year.find((f) => NOTE.test(f));
  if (!note) throw new Error(`no TLS note in ${year.join(', ')}`);
  return note;
}

async function distill(...args: string[]) {
  const r = await runCli(...args);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

/** One `distill watch` process, stopped (SIGINT) once it has committed a run. */
async function watchOnce(root: string): Promise<string> {
  const head = git(root, 'rev-parse', 'HEAD').trim();
  const proc: ChildProcess = spawn(process.execPath, [BIN, 'watch', '--interval', '2', '--vault', root], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let stderr = '';
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  try {
    await until('the watched run to commit', () =>
      git(root, 'log', '--format=%s', `${head}..HEAD`).includes('distill run'),
    );
    await until('the run to finish', () => /source\(s\) processed/.test(stderr));
  } catch (e) {
    throw new Error(`${(e as Error).message}; watch said:\n${stderr}`);
  }
  proc.kill('SIGINT');
  expect(await exited, stderr).toBe(0);
  expect(stderr).not.toMatch(/^error |watch: run/m);
  return stderr;
}

const children: ChildProcess[] = [];
const roots: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const r of roots.splice(0)) removeDir(r);
});

describe('edits never block', () => {
  it('run, watch and outbox approve go ahead over uncommitted edits, which stay in the files and in history', async () => {
    const root = tempDir('distill-edits-');
    roots.push(root);
    initVault(root);
    writeFileSync(path.join(root, 'distill.config.yaml'), CONFIG);
    git(root, 'commit', '-qam', 'my config');
    writeFileSync(path.join(root, 'Inbox/tls-1.md'), cutExport(TLS, 1, '2026-01-05 11:40:00'));
    await distill('run', '--vault', root);
    expect(dirty(root)).toBe('');
    const note = noteOf(root);

    // 1. the user edits the note and Itzik's page in Obsidian and commits nothing; the thread's next export arrives
    appendFileSync(path.join(root, note), '\n## My notes\n\nask Maroun for the test timing first\n');
    appendFileSync(path.join(root, ITZIK), '\nmet him at the GDC kickoff\n');
    writeFileSync(path.join(root, 'Inbox/tls-2.md'), cutExport(TLS, 2, '2026-01-05 12:08:00'));
    const run = JSON.parse((await distill('run', '--vault', root, '--json')).stdout);
    expect(run.edits_commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git(root, 'log', '-1', '--format=%s', run.edits_commit)).toBe(`your edits before distill run ${run.run_id}`);
    expect(git(root, 'show', '--name-only', '--format=', run.edits_commit).trim().split('\n').sort()).toEqual(
      [ITZIK, note].sort(),
    );
    // the run wrote to both edited files, on top of the edits
    const runFiles = git(root, 'show', '--name-only', '--format=', 'HEAD');
    expect(runFiles).toContain(note);
    expect(read(root, note)).toContain('ask Maroun for the test timing first');
    expect(read(root, note)).toMatch(/Noa Cohen/);
    expect(read(root, ITZIK)).toContain('met him at the GDC kickoff');
    expect(dirty(root)).toBe('');

    // 2. more edits, and `watch` picks up the whole thread (a reply to Jason: a draft)
    appendFileSync(path.join(root, note), 'and check 5.6 minor versions\n');
    appendFileSync(path.join(root, ITZIK), 'prefers mail to calls\n');
    writeFileSync(path.join(root, 'Inbox/tls-3.md'), TLS);
    await watchOnce(root);
    const watched = git(root, 'log', '-2', '--format=%s').trim().split('\n');
    expect(watched[0]).toMatch(/^distill run \S+: 1 email/);
    expect(watched[1]).toMatch(/^your edits before distill run \S+$/);
    expect(read(root, note)).toContain('and check 5.6 minor versions');
    expect(read(root, ITZIK)).toContain('prefers mail to calls');
    expect(read(root, note)).toMatch(/maroun will come with the suggested tests timing/i);
    const drafts = readdirSync(path.join(root, 'Outbox')).filter((f) => f.endsWith('.md'));
    expect(drafts).toHaveLength(1);
    const draft = `Outbox/${drafts[0]}`;

    // 3. the user writes the reply under "## Draft" (uncommitted) and approves it
    const reply = 'Hi Itzik,\n\nYes, I will take TLS for Block to Google once Maroun has the test timing.\n\nJason';
    writeFileSync(path.join(root, draft), replaceSection(read(root, draft), 'Draft', reply));
    await distill('outbox', 'approve', draft, '--vault', root);
    expect(read(root, draft)).toMatch(/^status: approved$/m);
    expect(read(root, draft)).toContain('I will take TLS for Block to Google');
    expect(read(root, draft.replace(/\.md$/, '.eml'))).toContain('I will take TLS for Block to Google');
    expect(git(root, 'log', '-2', '--format=%s').trim().split('\n')).toEqual([
      `distill outbox approve ${draft}`,
      `your edits before distill outbox approve ${draft}`,
    ]);
    expect(dirty(root)).toBe('');

    // every edit is in history, each in a commit of the user's own
    for (const line of [
      'ask Maroun for the test timing first',
      'met him at the GDC kickoff',
      'and check 5.6 minor versions',
      'prefers mail to calls',
      'I will take TLS for Block to Google',
    ]) {
      const subjects = git(root, 'log', '--format=%s', '-S', line).trim().split('\n');
      expect(subjects.at(-1), line).toMatch(/^your edits before /);
    }

    // 4. undo of the watched run: its changes go, the edits made before it and after it stay
    const undo = JSON.parse((await distill('undo', '--vault', root, '--json')).stdout);
    expect(undo.skipped).toEqual([draft]); // the draft the run wrote, since edited and approved: kept
    expect(read(root, ITZIK)).toContain('met him at the GDC kickoff');
    expect(read(root, ITZIK)).toContain('prefers mail to calls');
    expect(read(root, note)).toContain('ask Maroun for the test timing first');
    expect(read(root, note)).toContain('and check 5.6 minor versions');
    expect(read(root, note)).not.toMatch(/maroun will come with the suggested tests timing/i);
    expect(read(root, draft)).toContain('I will take TLS for Block to Google');
    expect(readdirSync(path.join(root, 'Inbox'))).toContain('tls-3.md');
    expect(git(root, 'log', '-1', '--format=%s')).toBe(`distill undo ${undo.run_id}`);
    expect(dirty(root)).toBe('');

    // 5. the export is run again, and `tasks` too go ahead: a task finished while the note holds an unsaved edit
    appendFileSync(path.join(root, note), 'asked Noa about 5.7\n');
    await distill('run', '--vault', root);
    expect(read(root, note)).toContain('asked Noa about 5.7');
    appendFileSync(path.join(root, note), 'Maroun says Friday\n');
    const tasks = JSON.parse((await distill('tasks', 'list', '--vault', root, '--json')).stdout) as {
      id: string;
      path: string;
    }[];
    const task = tasks.find((t) => t.path === note);
    expect(task).toBeDefined();
    await distill('tasks', 'done', task!.id, '--vault', root);
    expect(read(root, note)).toContain('Maroun says Friday');
    expect(read(root, note)).toMatch(new RegExp(`- \\[x\\] .*🆔 ${task!.id}`, 'u'));
    expect(git(root, 'log', '-2', '--format=%s').split('\n')).toEqual([
      `distill tasks done ${task!.id}`,
      `your edits before distill tasks done ${task!.id}`,
    ]);
    expect(dirty(root)).toBe('');
  }, 180_000);
});
