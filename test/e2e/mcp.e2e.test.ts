/**
 * Asking the vault, as a user and an assistant do: `distill brief` on the demo vault, and `distill mcp` driven by the
 * SDK's own client over stdio (the server is `node bin/distill.js mcp`, a real child process). One demo vault is
 * built for the whole file; the write test works on its own copy.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildBrief } from '../../src/app/brief.ts';
import { readBriefView, readVaultView } from '../../src/app/brief-read.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { runCli } from '../helpers/cli.ts';
import { removeDir, tempDir, treeHashes } from '../helpers/vault.ts';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const git = (root: string, ...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });

async function connect(root: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--vault', root],
    stderr: 'pipe',
  });
  const client = new Client({ name: 'distill-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

function json<T = Record<string, unknown>>(r: ToolResult): T {
  expect(r.isError ?? false, r.content[0]?.text).toBe(false);
  return JSON.parse(r.content[0]!.text) as T;
}

/** Open task lines of a note, read with nothing but a regular expression: the oracle for the brief. */
function openTaskLines(root: string): { id: string; owner: string; text: string; path: string }[] {
  const out: { id: string; owner: string; text: string; path: string }[] = [];
  const walk = (rel: string) => {
    for (const name of execFileSync('ls', ['-1', path.join(root, rel)], { encoding: 'utf8' }).split('\n')) {
      if (!name) continue;
      const child = `${rel}/${name}`;
      if (name.endsWith('.md')) {
        for (const line of readFileSync(path.join(root, child), 'utf8').split('\n')) {
          const m = /^- \[([?/ ])\] (.*) @([^@]+?) (?:📅 \S+ )?(?:[🔺⏫🔼🔽⏬] )?#task.* 🆔 (\w+)$/u.exec(line);
          if (m) out.push({ text: m[2]!, owner: m[3]!, id: m[4]!, path: child });
        }
      } else if (!name.includes('.')) walk(child);
    }
  };
  walk('Meetings');
  return out;
}

describe('ask your vault: brief and MCP on the demo vault', () => {
  let root: string;
  let client: Client;

  beforeAll(async () => {
    root = path.join(tempDir('distill-mcp-'), 'vault');
    const r = await runCli('demo', '--out', root);
    expect(r.code, r.stderr).toBe(0);
    client = await connect(root);
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    if (root) removeDir(path.dirname(root));
  });

  it('distill brief shows the open tasks both ways for Lior Genzel, exactly those the task lines say', async () => {
    const r = await runCli('--vault', root, 'brief', 'Lior Genzel', '--json');
    expect(r.code, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout) as {
      entity: { name: string; organisation: string };
      theirs: { id: string; path: string }[];
      yours: { id: string; why: string }[];
      interactions: { path: string; date: string }[];
    };
    expect(b.entity).toMatchObject({ name: 'Lior Genzel', organisation: 'VAST Data' });
    const lines = openTaskLines(root);
    // Theirs: every open line owned by @Lior Genzel, wherever it is.
    const theirs = lines.filter((t) => t.owner === 'Lior Genzel').map((t) => t.id);
    expect(theirs.length).toBeGreaterThan(0);
    expect(b.theirs.map((t) => t.id).sort()).toEqual([...theirs].sort());
    // Yours: the owner's open lines that name Lior, and all of the owner's open lines in the 1:1 with him.
    const oneToOne = 'Meetings/2025/2025-12-15 - Jason Lior Weekly Call.md';
    const yours = lines
      .filter((t) => t.owner === 'Myself' && (/\bLior\b/.test(t.text) || t.path === oneToOne))
      .map((t) => t.id);
    expect(yours.length).toBeGreaterThan(0);
    expect(b.yours.map((t) => t.id).sort()).toEqual([...yours].sort());
    expect(b.interactions.map((i) => i.path)).toContain(oneToOne);

    const text = await runCli('--vault', root, 'brief', 'lior');
    expect(text.stdout).toContain('## They owe you');
    expect(text.stdout).toContain('## You owe them');
    for (const id of [...theirs, ...yours]) expect(text.stdout).toContain(id);
  });

  it('a brief reads only the notes the index says can concern them, and comes out as from every note', async () => {
    const config = loadConfig(root);
    for (const who of ['Lior Genzel', 'Jeff Denworth', 'Microsoft', 'Tomer Hagay', 'VAST Data']) {
      const { view, entity } = readBriefView(root, config, who);
      const all = readVaultView(root, config);
      expect(view.notes.length, who).toBeLessThanOrEqual(all.notes.length);
      expect(buildBrief(entity, view, config, '2026-01-06'), who).toEqual(
        buildBrief(entity, all, config, '2026-01-06'),
      );
    }
    // Lior is in some notes, not all: the index narrowed the reading.
    expect(readBriefView(root, config, 'Lior Genzel').view.notes.length).toBeLessThan(
      readVaultView(root, config).notes.length,
    );
  });

  it('brief --write adds Briefs/<date> <name>.md in its own commit, and undo takes it away', async () => {
    const before = git(root, 'rev-parse', 'HEAD').trim();
    const r = await runCli('--vault', root, 'brief', 'Lior Genzel', '--write', '--date', '2026-01-06', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { written } = JSON.parse(r.stdout) as { written: { path: string; run_id: string; commit: string } };
    expect(written.path).toBe('Briefs/2026-01-06 Lior Genzel.md');
    const file = path.join(root, written.path);
    expect(readFileSync(file, 'utf8')).toContain('# Brief: Lior Genzel (2026-01-06)');
    expect(git(root, 'log', '-1', '--format=%s')).toContain('distill brief Lior Genzel');
    expect(git(root, 'rev-parse', 'HEAD~1').trim()).toBe(before);
    // Written again the same day: the sections are refreshed in place, nothing is duplicated.
    const again = await runCli('--vault', root, 'brief', 'Lior Genzel', '--write', '--date', '2026-01-06');
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(file, 'utf8').match(/## They owe you/g)).toHaveLength(1);
    const u = await runCli('--vault', root, 'undo', written.run_id);
    expect(u.code, u.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('distill search ranks across the vault with filters; distill index --rebuild starts over', async () => {
    const r = await runCli('--vault', root, 'search', 'design', 'doc', '--person', 'lior', '--json');
    expect(r.code, r.stderr).toBe(0);
    const hits = JSON.parse(r.stdout) as { path: string; kind: string; date: string; snippet: string }[];
    expect(hits[0]).toMatchObject({ kind: 'task', path: 'Meetings/2025/2025-12-15 - Jason Lior Weekly Call.md' });
    expect(hits.every((h) => h.date !== null && existsSync(path.join(root, h.path)))).toBe(true);
    const text = await runCli('--vault', root, 'search', 'design doc', '--since', '2025-12-01', '--limit', '2');
    expect(text.stdout).toContain('Meetings/2025/2025-12-15 - Jason Lior Weekly Call.md');
    expect((await runCli('--vault', root, 'search', 'x', '--kind', 'bogus')).code).toBe(2);
    expect((await runCli('--vault', root, 'search', 'x', '--since', 'yesterday')).code).toBe(2);
    const rebuilt = await runCli('--vault', root, 'index', '--rebuild', '--json');
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ rebuilt: true, path: '.distill/cache/index.sqlite' });
    expect(JSON.parse(rebuilt.stdout).indexed).toBe(JSON.parse(rebuilt.stdout).files);
  });

  it('lists its tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['accept_task', 'brief', 'get_entity', 'get_note', 'list_tasks', 'recent', 'reject_task', 'search'].sort(),
    );
    expect(tools.find((t) => t.name === 'search')?.inputSchema.properties).toHaveProperty('query');
  });

  it('search answers with ranked results carrying their vault paths', async () => {
    const { results } = json<{ results: { path: string; kind: string; snippet: string }[] }>(
      await call(client, 'search', { query: 'design doc', person: 'Lior Genzel', kind: 'task' }),
    );
    expect(results[0]).toMatchObject({ path: 'Meetings/2025/2025-12-15 - Jason Lior Weekly Call.md', kind: 'task' });
    expect(results[0]!.snippet).toContain('**design**');
    for (const r of results) expect(existsSync(path.join(root, r.path))).toBe(true);
  });

  it('brief and get_entity answer for a person, with paths', async () => {
    const { brief, markdown } = json<{
      brief: { theirs: { path: string }[]; entity: { page: string } };
      markdown: string;
    }>(await call(client, 'brief', { name: 'Lior' }));
    expect(brief.entity.page).toBe('People/Lior Genzel/README.md');
    expect(brief.theirs.length).toBeGreaterThan(0);
    expect(markdown).toContain('## They owe you');
    const e = json<{ path: string; organisation: string }>(
      await call(client, 'get_entity', { name: 'lior.genzel@vastdata.com' }),
    );
    expect(e).toMatchObject({ path: 'People/Lior Genzel/README.md', organisation: 'VAST Data' });
  });

  it('list_tasks filters by owner, status, due date and person', async () => {
    const { tasks } = json<{
      tasks: { id: string; owner: string; due: string | null; status: string; path: string }[];
    }>(await call(client, 'list_tasks', { owner: 'me', status: 'proposed', due_before: '2025-12-20' }));
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect(t.owner).toBe('Myself');
      expect(t.status).toBe('proposed');
      expect(t.due! < '2025-12-20').toBe(true);
      expect(t.path.startsWith('Meetings/')).toBe(true);
    }
    const lior = json<{ tasks: { owner: string }[] }>(await call(client, 'list_tasks', { person: 'Lior Genzel' }));
    expect(lior.tasks.some((t) => t.owner === 'Lior Genzel')).toBe(true);
  });

  it('recent lists what came in since a date, newest first', async () => {
    const { notes } = json<{ notes: { date: string; path: string }[] }>(
      await call(client, 'recent', { since: '2026-01-01' }),
    );
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((n) => n.date >= '2026-01-01')).toBe(true);
    expect(notes.map((n) => n.date)).toEqual([...notes.map((n) => n.date)].sort().reverse());
  });

  it("get_note returns notes, and refuses paths outside the vault's folders or through a symlink", async () => {
    const n = json<{ path: string; content: string }>(
      await call(client, 'get_note', { path: 'People/Lior Genzel/README.md' }),
    );
    expect(n.content).toContain('# Lior Genzel');
    const link = path.join(root, 'Meetings', 'etc');
    symlinkSync('/etc', link);
    onTestFinished(() => rmSync(link));
    for (const p of [
      '../../etc/passwd',
      '/etc/passwd',
      '.distill/ledger.json',
      'distill.config.yaml',
      'Meetings/etc/hostname',
    ]) {
      const r = await call(client, 'get_note', { path: p });
      expect(r.isError, p).toBe(true);
      expect(r.content[0]!.text).toMatch(/refused|no such file/);
    }
  });

  it('refuses accept_task while mcp.allow_writes is off, and changes nothing', async () => {
    const { tasks } = json<{ tasks: { id: string }[] }>(await call(client, 'list_tasks', { status: 'proposed' }));
    const before = treeHashes(root);
    const r = await call(client, 'accept_task', { ids: [tasks[0]!.id] });
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toContain('allow_writes');
    expect(treeHashes(root)).toEqual(before);
  });

  it('with mcp.allow_writes: true, accept_task accepts through the same plan as distill tasks accept', async () => {
    const copy = path.join(tempDir('distill-mcp-w-'), 'vault');
    cpSync(root, copy, { recursive: true });
    writeFileSync(
      path.join(copy, 'distill.config.yaml'),
      `${readFileSync(path.join(copy, 'distill.config.yaml'), 'utf8')}\nmcp:\n  allow_writes: true\n`,
    );
    git(copy, 'commit', '-qam', 'allow MCP writes');
    const writer = await connect(copy);
    try {
      const { tasks } = json<{ tasks: { id: string; path: string }[] }>(
        await call(writer, 'list_tasks', { status: 'proposed' }),
      );
      const t = tasks[0]!;
      const r = json<{ changed: { id: string; after: string }[]; commit: string }>(
        await call(writer, 'accept_task', { ids: [t.id] }),
      );
      expect(r.changed.map((c) => c.id)).toEqual([t.id]);
      expect(readFileSync(path.join(copy, t.path), 'utf8')).toContain(r.changed[0]!.after);
      expect(r.changed[0]!.after).toMatch(/^- \[ \] /);
      expect(git(copy, 'log', '-1', '--format=%s')).toContain(`distill tasks accept ${t.id}`);
    } finally {
      await writer.close();
      removeDir(path.dirname(copy));
    }
  });
});
