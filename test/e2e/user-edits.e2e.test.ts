/**
 * Your edits survive re-processing (issue #12 items 2 and 13): a tag you added and a `title:` you edited stay, a
 * generated line you deleted stays deleted, and a task you finished (✅ date) or reworded appears once, as you left
 * it, after `--reprocess` and after `rebuild`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.ts';
import { listVaultFiles } from '../../src/cli/vault-files.ts';
import { setTaskStatus } from '../../src/core/task-line.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { getSection, readFrontmatter } from '../../src/vault/markdown.ts';
import { copyVault, tempDir } from '../helpers/vault.ts';
import { git, SMALL, smallVault } from './helpers/small-vault.ts';

const TLS = 'Meetings/2026/2026-01-05 - Transport Layer Security (TLS) Support for Block.md';
const VOC = 'Meetings/2025/2025-12-11 - Azure VoC for MSFT testing.md';

let edited: string;
let deletedFact: string;
let keptFact: string;

const read = (root: string, p: string) => readFileSync(path.join(root, p), 'utf8');
const write = (root: string, p: string, text: string) => writeFileSync(path.join(root, p), text);
const taskLines = (text: string) => text.split('\n').filter((l) => /🆔/u.test(l));
const ids = (text: string) => taskLines(text).map((l) => /🆔\s*(\S+)/u.exec(l)![1]);

beforeAll(async () => {
  const root = smallVault(SMALL.slice(0, 2));
  expect(await runCommand(root, loadConfig(root), {})).toBe(0);
  // the user's edits, committed
  let tls = read(root, TLS);
  tls = tls.replace('title: Transport Layer Security (TLS) Support for Block', 'title: TLS for Block (my title)');
  tls = tls.replace('tags:\n  - distill/email\n', 'tags:\n  - distill/email\n  - mine\n');
  const facts = (getSection(tls, 'Key Facts') ?? '').split('\n').filter((l) => l.startsWith('- '));
  expect(facts.length).toBeGreaterThanOrEqual(3);
  deletedFact = facts[1]!;
  keptFact = facts[2]!;
  tls = tls.replace(`${deletedFact}\n`, '');
  const task = taskLines(tls)[0]!;
  tls = tls.replace(task, setTaskStatus(task, 'done', '2026-01-07')); // what `distill tasks done <id>` writes
  write(root, TLS, tls);
  let voc = read(root, VOC);
  const vocTask = taskLines(voc)[0]!;
  voc = voc.replace(vocTask, vocTask.replace(/^- \[\?\] (\S+)/u, '- [ ] $1 (reworded by me)'));
  write(root, VOC, voc);
  git(root, 'commit', '-qam', 'my edits');
  edited = root;
});

/** Item 2: frontmatter edits kept, a deleted generated line not brought back. */
function expectNoteEditsKept(root: string) {
  const tls = read(root, TLS);
  const fm = readFrontmatter(tls);
  expect(fm.title).toBe('TLS for Block (my title)');
  expect(fm.tags).toEqual(['distill/email', 'mine']);
  expect(tls).not.toContain(deletedFact);
  expect(tls).toContain(keptFact); // the other generated lines are still there
}

/** Item 13: each task once, as the user left it (finished with its ✅ date, reworded). */
function expectTaskEditsKept(root: string) {
  const tls = read(root, TLS);
  expect(taskLines(tls)).toHaveLength(1);
  expect(taskLines(tls)[0]).toMatch(/^- \[x\] .*✅ 2026-01-07/u);
  const voc = read(root, VOC);
  expect(ids(voc)).toHaveLength(new Set(ids(voc)).size);
  expect(taskLines(voc)).toHaveLength(1);
  expect(taskLines(voc)[0]).toMatch(/^- \[ \] \S+ \(reworded by me\)/u);
}

async function reprocessed(): Promise<string> {
  const root = copyVault(edited, tempDir('distill-edits-'));
  for (const f of listVaultFiles(root, 'Sources')) {
    writeFileSync(path.join(root, 'Inbox', path.basename(f)), readFileSync(path.join(root, f)));
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'exported again');
  expect(await runCommand(root, loadConfig(root), { reprocess: true })).toBe(0);
  expect(git(root, 'status', '--porcelain')).toBe('');
  return root;
}

async function rebuilt(): Promise<string> {
  const root = copyVault(edited, tempDir('distill-edits-'));
  const files = listVaultFiles(root, 'Sources');
  expect(await runCommand(root, loadConfig(root), { reprocess: true, files })).toBe(0);
  // and a second rebuild changes nothing more
  const before = read(root, TLS) + read(root, VOC);
  expect(await runCommand(root, loadConfig(root), { reprocess: true, files })).toBe(0);
  expect(read(root, TLS) + read(root, VOC)).toBe(before);
  return root;
}

describe('user edits to a source note (item 2)', () => {
  it('a tag added, an edited title: and a deleted generated line survive --reprocess', async () => {
    expectNoteEditsKept(await reprocessed());
  });
  it('… and survive rebuild', async () => {
    expectNoteEditsKept(await rebuilt());
  });
});

describe('tasks the user edited (item 13)', () => {
  it('a finished (✅) or reworded task appears once, as the user left it, after --reprocess', async () => {
    expectTaskEditsKept(await reprocessed());
  });
  it('… and after rebuild', async () => {
    expectTaskEditsKept(await rebuilt());
  });
});
