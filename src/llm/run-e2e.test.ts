/**
 * Acceptance for the LLM path, end to end through the real CLI: `distill run` on a copy of the demo vault with
 * OPENAI_BASE_URL pointing at an in-process fake OpenAI server.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { type FakeLlmServer, startFakeLlmServer } from './testing/fake-llm-server.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..', '..');
const KEY = 'test-key-123';
const dirs: string[] = [];
const servers: FakeLlmServer[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function demoCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'distill-llm-e2e-'));
  dirs.push(dir);
  cpSync(path.join(repo, 'demo', 'vault'), dir, { recursive: true });
  return dir;
}

interface RunJson {
  sources: { file: string; source_id: string; extractor: string; warnings: string[]; kind: string; note: string }[];
  usage: {
    calls: number;
    prompt_tokens: number;
    completion_tokens: number;
    cost_usd: number;
    cache_hits: number;
    hosts: { host: string; sources: { source_id: string; chars: number }[] }[];
    fallbacks: { source_id: string; extractor: string; reason: string }[];
  };
}

/** Async on purpose: the fake server lives in this process and must keep answering while the CLI runs. */
async function distillRun(
  vault: string,
  port: number,
  extra: string[] = [],
): Promise<{ json: RunJson; stdout: string; stderr: string }> {
  const { stdout, stderr } = await run(
    'node',
    [path.join(repo, 'bin', 'distill.js'), 'run', '--vault', vault, '--json', ...extra],
    {
      cwd: repo,
      env: {
        ...process.env,
        DISTILL_LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        OPENAI_API_KEY: KEY,
        NO_COLOR: '1',
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { json: JSON.parse(stdout) as RunJson, stdout, stderr };
}

describe('distill run with an OpenAI-compatible endpoint', () => {
  it('writes notes from the model, reports calls, tokens and cost, sends store:false, and re-runs from cache', async () => {
    const srv = await startFakeLlmServer();
    servers.push(srv);
    const vault = demoCopy();
    const inbox = readdirSync(path.join(vault, 'Inbox')).filter((f) => f.endsWith('.md'));

    const first = await distillRun(vault, srv.port);
    const llmSources = first.json.sources.filter((s) => s.extractor === 'openai/gpt-5-mini');
    // Every source went through the model, the note that is only a ticked-off checklist (Pricing Tasks) included.
    expect(llmSources.length).toBe(first.json.sources.length);
    expect(llmSources.map((s) => s.file)).toContain('Inbox/2025-10 - Pricing Tasks.md');
    for (const s of llmSources) {
      const note = readFileSync(path.join(vault, s.note), 'utf8');
      expect(note).toMatch(/^extractor: openai\/gpt-5-mini$/m);
      if (s.file !== 'Inbox/2025-10 - Pricing Tasks.md') expect(note).toContain('## Action Items');
    }
    // The canned answer's task quotes the checklist's first item, which the note itself ticks off: not new work.
    const checklist = llmSources.find((s) => s.file === 'Inbox/2025-10 - Pricing Tasks.md');
    expect(checklist?.warnings).toContain('1 task dropped: checked off as done in the source');
    expect(readFileSync(path.join(vault, checklist?.note ?? ''), 'utf8')).not.toContain('## Action Items');

    const calls = srv.modelCalls();
    expect(calls.length).toBeGreaterThanOrEqual(llmSources.length);
    expect(first.json.usage.calls).toBe(calls.length);
    expect(first.json.usage.prompt_tokens).toBeGreaterThan(10_000);
    expect(first.json.usage.completion_tokens).toBeGreaterThan(0);
    expect(first.json.usage.cost_usd).toBeGreaterThan(0);
    expect(first.json.usage.hosts.map((h) => h.host)).toEqual([`127.0.0.1:${srv.port}`]);
    for (const c of calls) {
      expect(c.path).toBe('/v1/responses');
      expect(c.body?.store).toBe(false);
      expect(c.body?.model).toBe('gpt-5-mini');
      expect(c.headers.authorization).toBe(`Bearer ${KEY}`);
    }
    expect(first.stdout).not.toContain(KEY);
    expect(first.stderr).not.toContain(KEY);
    expect(JSON.stringify(readdirSync(path.join(vault, '.distill'), { recursive: true }))).not.toContain(KEY);

    // The same files again, reprocessed: answers come from the cache, so the provider sees no request at all.
    for (const f of inbox) cpSync(path.join(repo, 'demo', 'vault', 'Inbox', f), path.join(vault, 'Inbox', f));
    const before = srv.requests.length;
    const second = await distillRun(vault, srv.port, ['--reprocess']);
    expect(srv.requests.length).toBe(before);
    expect(second.json.usage.calls).toBe(0);
    expect(second.json.usage.cache_hits).toBeGreaterThanOrEqual(llmSources.length);
    expect(second.json.sources.filter((s) => s.extractor === 'openai/gpt-5-mini').length).toBe(llmSources.length);
  }, 180_000);

  it('falls back to the offline extractor for every source when the provider returns 500s, and says so per source', async () => {
    const srv = await startFakeLlmServer({ script: () => ({ kind: 'status', status: 500 }) });
    servers.push(srv);
    const vault = demoCopy();
    // One retry instead of four keeps the test quick; the path is the same.
    const cfgFile = path.join(vault, 'distill.config.yaml');
    const cfg = YAML.parse(readFileSync(cfgFile, 'utf8')) as { llm: Record<string, unknown> };
    cfg.llm.max_retries = 1;
    writeFileSync(cfgFile, YAML.stringify(cfg));

    const { json, stdout, stderr } = await distillRun(vault, srv.port);
    expect(json.sources.length).toBeGreaterThan(5);
    for (const s of json.sources) {
      expect(s.extractor).toBe('offline');
      expect(
        s.warnings.some((w) =>
          /(llm failed \(HTTP 500 after 1 retry\)|llm skipped: provider failed on 3 sources in a row \(HTTP 500 after 1 retry\)|no source text to send): fell back to offline$/.test(
            w,
          ),
        ),
      ).toBe(true);
    }
    expect(new Set(json.usage.fallbacks.map((f) => f.source_id))).toEqual(
      new Set(json.sources.map((s) => s.source_id)),
    );
    for (const c of srv.modelCalls()) expect(c.body?.store).toBe(false);
    expect(stdout + stderr).not.toContain(KEY);
  }, 180_000);
});
