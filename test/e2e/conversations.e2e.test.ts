/**
 * One note per conversation (#13): a thread exported again, or a meeting transcribed twice, updates one note, in any
 * order of arrival, in one run or several; a different thread with the same subject stays its own note.
 *
 * The corpus is built from the real fixtures: the AKS roadshow thread exported at three points (the real 5-message
 * export cut to 2 and 3 messages), its newest reply alone (the rest only as quoted history), the 1:1 with Jai Menon
 * transcribed with three different earlier-summary blocks, and a weekly meeting's invitation sent again a week later.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { undoRun } from '../../src/apply/index.ts';
import { initVault, runCommand } from '../../src/cli/commands/run.ts';
import { newRunId } from '../../src/cli/pipeline.ts';
import { listVaultFiles } from '../../src/cli/vault-files.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { type Ledger, parseLedger, serialiseLedger } from '../../src/vault/ledger.ts';
import { getSection, readFrontmatter } from '../../src/vault/markdown.ts';
import { runCli } from '../helpers/cli.ts';
import { cutExport, goldSource, shiftExportDays, singleMessageExport } from '../helpers/exports.ts';
import { tempDir, treeHashes } from '../helpers/vault.ts';

const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

const AKS = goldSource('e-20251219-74de19');
const EXPORTS: Record<string, string> = {
  'aks-2.md': cutExport(AKS, 2, '2025-12-19 21:00:00'),
  'aks-3.md': cutExport(AKS, 3, '2026-01-05 10:30:00'),
  'aks-5.md': AKS,
};
const JAI = ['t-20250930-bf00b2', 't-20250930-d68cf3', 't-20250930-de6a6f'];

function vault(): string {
  const root = tempDir('distill-conv-');
  initVault(root);
  return root;
}

function drop(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, 'Inbox', name), text);
}

async function run(root: string, opts: { files?: string[]; reprocess?: boolean } = {}): Promise<void> {
  expect(await runCommand(root, loadConfig(root), opts)).toBe(0);
}

const notes = (root: string) => listVaultFiles(root, 'Meetings').filter((f) => f.endsWith('.md'));
const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const ledgerOf = (root: string): Ledger => parseLedger(read(root, '.distill/ledger.json'));

/** The thread's message headings as the note shows them. */
function threadHeadings(note: string): string[] {
  return (getSection(note, 'Thread') ?? '').split('\n').filter((l) => l.startsWith('### '));
}

describe('a thread exported at three points', () => {
  for (const order of [
    ['aks-2.md', 'aks-3.md', 'aks-5.md'],
    ['aks-5.md', 'aks-2.md', 'aks-3.md'],
    ['aks-3.md', 'aks-5.md', 'aks-2.md'],
  ]) {
    it(`three runs, arriving ${order.join(', ')}: one note with every message once, every copy listed`, async () => {
      const root = vault();
      for (const f of order) {
        drop(root, { [f]: EXPORTS[f]! });
        await run(root);
      }
      expect(notes(root)).toHaveLength(1);
      const note = read(root, notes(root)[0]!);
      const headings = threadHeadings(note);
      expect(headings).toHaveLength(5);
      expect(new Set(headings).size).toBe(5);
      // every copy archived under Sources/ and listed in the note's frontmatter
      const sources = readFrontmatter(note).sources as string[];
      expect(sources).toHaveLength(3);
      for (const s of sources) expect(existsSync(path.join(root, s.slice(2, -2)))).toBe(true);
      expect(readdirSync(path.join(root, 'Inbox')).filter((f) => f.endsWith('.md'))).toEqual([]);
      // the ledger maps every copy to the one note
      const entries = Object.values(ledgerOf(root).sources);
      expect(entries).toHaveLength(1);
      expect(entries[0]!.copies).toHaveLength(2);
      expect(entries[0]!.note_path).toBe(notes(root)[0]);
      // the first copy to arrive gave the conversation its id
      expect(readFrontmatter(note).source).toBe(
        `[[Sources/Email/${order[0] === 'aks-2.md' ? '2025' : '2026'}/${order[0]}]]`,
      );
    });
  }

  it('all three in one run, and the newest reply alone: one note', async () => {
    const root = vault();
    drop(root, { ...EXPORTS, 'aks-reply.md': singleMessageExport(AKS, 1) });
    await run(root);
    expect(notes(root)).toHaveLength(1);
    const note = read(root, notes(root)[0]!);
    expect(threadHeadings(note)).toHaveLength(5);
    expect(readFrontmatter(note).sources).toHaveLength(4);
  });

  it('--commit-per-source: the copies go in with their conversation, one commit', async () => {
    const root = vault();
    drop(root, { 'aks-2.md': EXPORTS['aks-2.md']!, 'aks-5.md': EXPORTS['aks-5.md']! });
    const commits = Number(git(root, 'rev-list', '--count', 'HEAD'));
    expect(await runCommand(root, loadConfig(root), { commitPerSource: true })).toBe(0);
    expect(notes(root)).toHaveLength(1);
    expect(readdirSync(path.join(root, 'Inbox')).filter((f) => f.endsWith('.md'))).toEqual([]);
    expect(Number(git(root, 'rev-list', '--count', 'HEAD'))).toBe(commits + 1);
  });

  it('the same thread shows the same messages whatever the order', async () => {
    const a = vault();
    drop(a, { 'aks-5.md': EXPORTS['aks-5.md']! });
    await run(a);
    const b = vault();
    for (const f of ['aks-3.md', 'aks-2.md', 'aks-5.md']) {
      drop(b, { [f]: EXPORTS[f]! });
      await run(b);
    }
    expect(getSection(read(b, notes(b)[0]!), 'Thread')).toBe(getSection(read(a, notes(a)[0]!), 'Thread'));
  });
});

describe('updating the conversation note', () => {
  it('tasks keep their ids, a done or rejected task stays so, the user’s lines stay; timelines link it once', async () => {
    const root = vault();
    drop(root, { 'aks-2.md': EXPORTS['aks-2.md']! });
    await run(root);
    const [rel] = notes(root);
    let note = read(root, rel!);
    const tasks = note.split('\n').filter((l) => l.startsWith('- [?] '));
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    const done = tasks[0]!.replace('- [?] ', '- [x] ');
    const rejected = tasks[1]!.replace('- [?] ', '- [R] ');
    note = note
      .replace(tasks[0]!, done)
      .replace(tasks[1]!, rejected)
      .replace('## Summary\n\n', '## Summary\n\nMy own line about this thread.\n')
      .concat('\n## My notes\n\nCall Tiffany after the holidays.\n');
    writeFileSync(path.join(root, rel!), note);
    git(root, 'commit', '-qam', 'my edits');

    drop(root, { 'aks-5.md': EXPORTS['aks-5.md']! });
    await run(root);
    expect(notes(root)).toEqual([rel]);
    const after = read(root, rel!);
    const idOf = (line: string) => /🆔 (t[0-9a-f]{8})/.exec(line)![1]!;
    const lineOf = (id: string) => after.split('\n').filter((l) => l.includes(`🆔 ${id}`));
    expect(lineOf(idOf(done))).toEqual([expect.stringMatching(/^- \[x\] /)]);
    expect(lineOf(idOf(rejected))).toEqual([expect.stringMatching(/^- \[R\] /)]);
    expect(after).toContain('My own line about this thread.');
    expect(after).toContain('Call Tiffany after the holidays.');
    expect(threadHeadings(after)).toHaveLength(5);
    // the extraction covers the whole conversation: a task only the later messages hold is proposed
    expect(after).toMatch(/- \[\?\] .*Sync tomorrow/);
    // every task id once
    const ids = [...after.matchAll(/🆔 (t[0-9a-f]{8})/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);

    const page = read(root, 'People/Tiffany Stonehill/README.md');
    const links = (getSection(page, 'Timeline') ?? '').split('\n').filter((l) => l.includes(rel!.replace(/\.md$/, '')));
    expect(links).toHaveLength(1);
  });

  it('the same copy arriving again is a duplicate: the note does not change', async () => {
    const root = vault();
    drop(root, { 'aks-2.md': EXPORTS['aks-2.md']!, 'aks-5.md': EXPORTS['aks-5.md']! });
    await run(root);
    const before = read(root, notes(root)[0]!);
    drop(root, { 'aks-2 again.md': EXPORTS['aks-2.md']!.replace(/\r/g, '\n') });
    await run(root);
    expect(read(root, notes(root)[0]!)).toBe(before);
    expect(notes(root)).toHaveLength(1);
    const entry = Object.values(ledgerOf(root).sources)[0]!;
    expect(entry.duplicates).toHaveLength(1);
  });

  it('undo of the run that added a copy restores the note, the ledger and the inbox', async () => {
    const root = vault();
    drop(root, { 'aks-2.md': EXPORTS['aks-2.md']! });
    await run(root);
    const before = treeHashes(root);
    drop(root, { 'aks-5.md': EXPORTS['aks-5.md']! });
    await run(root);
    const last = ledgerOf(root).runs.at(-1)!.run_id;
    undoRun(root, last, newRunId(), { config: loadConfig(root) });
    const after = treeHashes(root);
    const user = (h: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(h).filter(
          // the search index is a cache a run freshens after its commit, not something undo restores
          ([p]) => !p.startsWith('.distill/runs/') && !p.startsWith('.distill/cache/') && p !== 'Inbox/aks-5.md',
        ),
      );
    expect(user(after)).toEqual(user(before));
    expect(existsSync(path.join(root, 'Inbox/aks-5.md'))).toBe(true);
  });

  it('rebuild gives the vault the incremental runs gave', async () => {
    const root = vault();
    for (const f of ['aks-5.md', 'aks-2.md']) {
      drop(root, { [f]: EXPORTS[f]! });
      await run(root);
    }
    drop(root, Object.fromEntries(JAI.slice(0, 2).map((id) => [`${id}.md`, goldSource(id)])));
    await run(root);
    drop(root, { [`${JAI[2]}.md`]: goldSource(JAI[2]!) });
    await run(root);
    const head = git(root, 'rev-parse', 'HEAD');
    const before = treeHashes(root);
    await run(root, { reprocess: true, files: listVaultFiles(root, 'Sources') });
    expect(treeHashes(root)).toEqual(before);
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
  });
});

describe('a meeting transcribed with different earlier summaries', () => {
  it('three copies over two runs: one note, the turns once, every copy listed', async () => {
    const root = vault();
    drop(root, { [`${JAI[0]}.md`]: goldSource(JAI[0]!) });
    await run(root);
    drop(root, Object.fromEntries(JAI.slice(1).map((id) => [`${id}.md`, goldSource(id)])));
    await run(root);
    expect(notes(root)).toHaveLength(1);
    const note = read(root, notes(root)[0]!);
    expect(readFrontmatter(note).sources).toHaveLength(3);
    const transcript = getSection(note, 'Transcript') ?? '';
    const turns = transcript.split('\n').filter((l) => l.startsWith('**'));
    expect(new Set(turns).size).toBe(turns.length);
    expect((note.match(/^## Earlier Summary$/gm) ?? []).length).toBe(1);
    expect((note.match(/^## Transcript$/gm) ?? []).length).toBe(1);
    // no task an earlier summary marked done is proposed again
    expect(note).not.toMatch(/- \[\?\] .*Circle back with Manish/);
    // the meeting is on Jai Menon's timeline once, whatever the number of copies
    const page = read(root, 'People/Jai Menon/README.md');
    const target = notes(root)[0]!.replace(/\.md$/, '');
    expect((getSection(page, 'Timeline') ?? '').split('\n').filter((l) => l.includes(target))).toHaveLength(1);
  });
});

describe('a different thread with the same subject', () => {
  it('weekly invitations and a reply thread under one subject stay their own notes', async () => {
    const root = vault();
    drop(root, {
      'invite.md': goldSource('e-20260104-5a57bc'),
      'invite next week.md': shiftExportDays(goldSource('e-20260104-5a57bc'), 7),
      'reply.md': goldSource('e-20260104-172499'),
    });
    await run(root);
    drop(root, { 'reply again.md': goldSource('e-20260104-76a9ed') });
    await run(root);
    // the invitation, next week's invitation, and the reply thread (two exports, one note)
    expect(notes(root)).toHaveLength(3);
    const entries = Object.values(ledgerOf(root).sources);
    expect(entries.map((e) => e.copies?.length ?? 0).sort()).toEqual([0, 0, 1]);
  });
});

describe('distill doctor', () => {
  it('reports two notes that look like one conversation split in two, and none once merged', async () => {
    const root = vault();
    drop(root, { 'aks-2.md': EXPORTS['aks-2.md']! });
    await run(root);
    const merged = await runCli('doctor', '--vault', root, '--json');
    expect(JSON.parse(merged.stdout).counts['split-conversation']).toBe(0);
    // a vault from before conversations were kept together: its entry has no keys, its title is the model's
    const ledger = ledgerOf(root);
    const entry = Object.values(ledger.sources)[0]!;
    delete entry.conversation_keys;
    entry.title = 'Roadshow follow-up with the GBB team';
    writeFileSync(path.join(root, '.distill/ledger.json'), serialiseLedger(ledger));
    git(root, 'commit', '-qam', 'an older ledger');
    drop(root, { 'aks-5.md': EXPORTS['aks-5.md']! });
    await run(root);
    expect(notes(root)).toHaveLength(2);
    const r = await runCli('doctor', '--vault', root, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.counts['split-conversation']).toBe(1);
    const finding = report.findings.find((f: { check: string }) => f.check === 'split-conversation');
    expect(notes(root)).toContain(finding.path);
    expect(finding.detail).toMatch(/looks like one conversation with Meetings\//);
  });
});
