/** `distill tasks|outbox|digest` against a temp vault, in process, through the real apply. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { tempDir, treeHashes, writeTree } from '../../../test/helpers/vault.ts';
import { parseTaskLine, renderTaskLine } from '../../core/task-line.ts';
import { planOutputs } from '../../outputs/index.ts';
import { emptyExtractionFor, fixtureThread, ownerConfig } from '../../outputs/testing/threads.ts';
import { readFrontmatter, replaceSection } from '../../vault/markdown.ts';

const CONFIG = 'owner:\n  name: Jason Vallery\n  emails: [jason.vallery@vastdata.com]\ngit:\n  commit: "off"\n';
const NOTE = 'Meetings/2026/2026-01-05 - TLS for Block.md';

async function vault(): Promise<string> {
  const root = tempDir('distill-outputs-');
  const env = fixtureThread('e-20260105-cf0ae7');
  const [draft] = await planOutputs({
    env,
    ex: emptyExtractionFor(env),
    notePath: NOTE,
    config: ownerConfig(),
    existing: new Set(),
  });
  if (draft?.op !== 'write_outbox') throw new Error('expected a draft');
  const t = (text: string, id: string, status: 'proposed' | 'open', due: string | null) =>
    renderTaskLine({ text, owner: id === 't2' ? 'Maroun' : 'Myself', due, priority: 'high', status, id });
  writeTree(root, {
    'distill.config.yaml': CONFIG,
    [NOTE]: `---\ntype: email\n---\n# TLS\n\n## Action Items\n\n${t('Take TLS for Block to Google', 't1', 'proposed', '2026-01-09')}\n${t('Share the test timing', 't2', 'open', '2026-01-05')}\n`,
    [draft.path]: draft.content,
    '.distill/ledger.json': JSON.stringify({
      version: 1,
      sources: {
        [env.source_id]: {
          source_id: env.source_id,
          inbox_name: 'tls.md',
          archived_path: 'Sources/Email/2026/tls.md',
          note_path: NOTE,
          kind: 'email',
          title: 'TLS for Block',
          date: '2026-01-05',
          extractor: 'offline',
          run_id: 'r1',
          processed_at: '2026-01-05T20:00:00Z',
          outputs: [draft.path],
          entities: ['person:itzik-reich'],
        },
      },
      runs: [
        {
          run_id: 'r1',
          started: '2026-01-05T20:00:00Z',
          finished: '2026-01-05T20:00:01Z',
          sources: [env.source_id],
          failed: [],
          files: [],
          commit: null,
          status: 'applied',
        },
      ],
    }),
  });
  return root;
}

const distill = (root: string, ...args: string[]) => runCli('--vault', root, ...args);

const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');
const DRAFT = 'Outbox/2026-01-05 Re Transport Layer Security (TLS) Support for Block.md';

afterEach(() => vi.restoreAllMocks());

describe('distill tasks', () => {
  it('lists, accepts and completes tasks in the note itself', async () => {
    const root = await vault();
    const list = await distill(root, 'tasks', 'list', '--status', 'proposed', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((t: { id: string }) => t.id)).toEqual(['t1']);

    expect((await distill(root, 'tasks', 'accept', 't1')).code).toBe(0);
    expect(
      parseTaskLine(
        read(root, NOTE)
          .split('\n')
          .find((l) => l.includes('t1'))!,
      ),
    ).toMatchObject({ status: 'open', tags: ['#task'] });
    expect((await distill(root, 'tasks', 'done', 't1', 't2')).code).toBe(0);
    const lines = read(root, NOTE)
      .split('\n')
      .filter((l) => l.includes('🆔'));
    expect(lines.map((l) => parseTaskLine(l)?.status)).toEqual(['done', 'done']);
    expect(lines.every((l) => /✅ \d{4}-\d{2}-\d{2}$/.test(l))).toBe(true);
  });

  it('dry-run writes nothing; an unknown id is a one-line error with exit 1', async () => {
    const root = await vault();
    const before = treeHashes(root);
    const dry = await distill(root, 'tasks', 'reject', 't1', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('would change t1');
    expect(treeHashes(root)).toEqual(before);
    const missing = await distill(root, 'tasks', 'done', 'tnope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no task with id tnope/);
    expect((await distill(root, 'tasks', 'list', '--status', 'bogus')).code).toBe(2);
  });
});

describe('distill tasks edit', () => {
  it("changes a task's owner, due date and text in place, keeping its status and id", async () => {
    const root = await vault();
    const r = await distill(root, 'tasks', 'edit', 't1', '--owner', 'Noa Cohen', '--due', '2026-01-09');
    expect(r.code).toBe(0);
    const line = read(root, NOTE)
      .split('\n')
      .find((l) => l.includes('🆔 t1'))!;
    expect(parseTaskLine(line)).toMatchObject({ id: 't1', status: 'proposed', owner: 'Noa Cohen', due: '2026-01-09' });
    expect((await distill(root, 'tasks', 'edit', 't1', '--due', 'none', '--text', 'Send the final BOM')).code).toBe(0);
    const edited = parseTaskLine(
      read(root, NOTE)
        .split('\n')
        .find((l) => l.includes('🆔 t1'))!,
    );
    expect(edited).toMatchObject({ text: 'Send the final BOM', due: null, owner: 'Noa Cohen' });
  });

  it('refuses a bad date or no change, and reports an unknown id', async () => {
    const root = await vault();
    expect((await distill(root, 'tasks', 'edit', 't1', '--due', 'friday')).code).toBe(2);
    expect((await distill(root, 'tasks', 'edit', 't1')).code).toBe(2);
    const missing = await distill(root, 'tasks', 'edit', 'tnope', '--owner', 'Noa');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no task with id tnope/);
  });
});

describe('distill outbox', () => {
  it('lists the draft, refuses to approve an unwritten outline, approves once written, and writes a .eml', async () => {
    const root = await vault();
    const list = await distill(root, 'outbox', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ path: DRAFT, status: 'draft', to: 'Itzik Reich <itzik.reich@vastdata.com>' }),
    ]);

    const refused = await distill(root, 'outbox', 'approve', DRAFT);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Draft section is empty/);

    writeFileSync(
      path.join(root, DRAFT),
      replaceSection(read(root, DRAFT), 'Draft', 'Hi Itzik,\n\nI will take it with Google.\n\nJason'),
    );
    const ok = await distill(root, 'outbox', 'approve', path.basename(DRAFT));
    expect(ok.code).toBe(0);
    expect(readFrontmatter(read(root, DRAFT)).status).toBe('approved');
    const mail = await simpleParser(read(root, DRAFT.replace(/\.md$/, '.eml')));
    expect(mail.subject).toBe('Re: Transport Layer Security (TLS) Support for Block');
    expect(mail.text?.trim()).toBe('Hi Itzik,\n\nI will take it with Google.\n\nJason');
    expect((await distill(root, 'outbox', 'approve', DRAFT)).stderr).toMatch(/status is approved/);
  });

  it('discards, and shows files by name', async () => {
    const root = await vault();
    const shown = await distill(root, 'outbox', 'show', DRAFT.replace(/^Outbox\//, '').replace(/\.md$/, ''));
    expect(shown.stdout).toContain('subject: "Re: Transport Layer Security (TLS) Support for Block"');
    expect((await distill(root, 'outbox', 'discard', DRAFT)).code).toBe(0);
    expect(readFrontmatter(read(root, DRAFT)).status).toBe('discarded');
    expect((await distill(root, 'outbox', 'show', 'nope.md')).stderr).toMatch(/no such file in Outbox\/: nope.md/);
  });
});

describe('distill digest', () => {
  it('writes Digests/<date>.md, prints its path, and regenerates it in place on a second run', async () => {
    const root = await vault();
    const r = await distill(root, 'digest', '--date', '2026-01-05');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Digests/2026-01-05.md\n');
    const digest = read(root, 'Digests/2026-01-05.md');
    expect(digest).toContain('[[Meetings/2026/2026-01-05 - TLS for Block|TLS for Block]]');
    expect(digest).toContain('Take TLS for Block to Google (@Myself) due 2026-01-09 (high) (new)');
    expect(digest).toContain(`[[${DRAFT.replace(/\.md$/, '')}|Re: Transport Layer Security (TLS) Support for Block]]`);

    await distill(root, 'tasks', 'accept', 't1');
    writeFileSync(
      path.join(root, 'Digests/2026-01-05.md'),
      `${read(root, 'Digests/2026-01-05.md')}\n## My Notes\n\nkeep me\n`,
    );
    expect((await distill(root, 'digest', '--date', '2026-01-05')).code).toBe(0);
    const again = read(root, 'Digests/2026-01-05.md');
    expect(again).toContain('keep me');
    // Accepted and not due until the 9th: no longer new, not yet due, so off the one-screen list.
    expect(again).not.toContain('Take TLS for Block to Google');
    expect((await distill(root, 'digest', '--date', '05/01/2026')).code).toBe(2);
  });
});
