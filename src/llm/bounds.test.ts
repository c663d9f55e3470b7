import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emptyCore } from '../extract/schema.ts';
import { type Config, parseConfig } from '../vault/config.ts';
import { AnswerTooLargeError, approxTokens, boundCore, boundName, cappedFetch } from './bounds.ts';
import { estimateTokens } from './call.ts';
import { createExtractor, UsageReport } from './index.ts';
import { emailEnvelope } from './testing/envelopes.ts';
import { type FakeLlmServer, startFakeLlmServer } from './testing/fake-llm-server.ts';

let srv: FakeLlmServer;
const roots: string[] = [];
beforeAll(async () => {
  srv = await startFakeLlmServer({ models: ['gpt-test'] });
});
afterAll(() => srv.close());
afterEach(() => {
  srv.requests.length = 0;
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function vault(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'distill-bounds-'));
  roots.push(d);
  return d;
}

function config(): Config {
  return parseConfig(
    'owner: { name: Jason Vallery, emails: [jason@vastdata.com] }\nllm: { provider: openai, model: gpt-test, max_retries: 0 }\n',
  );
}

const email = emailEnvelope([
  {
    from: { name: 'Erik Wolf', email: 'erik@vastdata.com' },
    to: [{ name: 'Jason Vallery', email: 'jason@vastdata.com' }],
    date: '2026-01-05T13:17:09-07:00',
    subject: 'MAI pricing',
    body: 'Jason, can you send me the MAI pricing model by Friday? Erik Wolf from Microsoft.',
  },
]);

async function extractor(root: string) {
  const c = config();
  const usage = new UsageReport();
  const x = await createExtractor(c, root, 'llm', {
    env: { OPENAI_BASE_URL: `${srv.url}/v1`, OPENAI_API_KEY: 'k' },
    usage,
    retry: { baseMs: 1, maxMs: 2 },
  });
  return { x, usage, ctx: { config: c, known: [], today: '2026-01-07' } };
}

function cacheFiles(root: string): string[] {
  const dir = path.join(root, '.distill', 'cache', 'llm');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'spend.json') : [];
}

describe('token estimate (issue 12 item 11)', () => {
  it('is linear on a long run without spaces: 400K characters in well under a second', () => {
    approxTokens('warm up'); // the tokenizer loads on the first count; only the counting is timed
    const started = Date.now();
    const n = approxTokens('a'.repeat(400_000));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(n).toBeGreaterThan(40_000);
    expect(
      estimateTokens({
        model: 'm',
        system: '',
        messages: [{ role: 'assistant', content: 'x'.repeat(400_000) }],
        sourceId: 's',
        purpose: 'repair',
      }),
    ).toBeGreaterThan(40_000);
  });

  it('counts a run of 8 MB without a space (a regular expression over it overflowed the stack)', () => {
    expect(approxTokens(`start ${'b'.repeat(8 * 1024 * 1024)} end`)).toBeGreaterThan(800_000);
  });

  it('counts ordinary text exactly as the tokenizer does', () => {
    const text = 'Jason, can you send me the MAI pricing model by Friday? '.repeat(200);
    expect(approxTokens(text)).toBe(countTokens(text));
  });
});

describe('answer size cap (issue 12 item 11)', () => {
  it('a 20 MB model answer fails fast, is never cached, and the source falls back', async () => {
    const huge = JSON.stringify({ ...emptyCore(), title: 'a'.repeat(20 * 1024 * 1024) });
    srv.setScript(() => ({ kind: 'text', text: huge }));
    const root = vault();
    const { x, ctx } = await extractor(root);
    const started = Date.now();
    const out = await x.extract(email, ctx);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(out.extractor).toBe('offline');
    expect(out.warnings.join('\n')).toMatch(/answer too large/);
    expect(cacheFiles(root)).toEqual([]);
  }, 30_000);

  it('cappedFetch refuses a body past the limit before anyone parses it', async () => {
    const inner = (async () => new Response('x'.repeat(5000))) as unknown as typeof fetch;
    await expect(cappedFetch(inner, 1000)('http://x')).rejects.toBeInstanceOf(AnswerTooLargeError);
    const ok = await cappedFetch(inner, 10_000)('http://x');
    expect((await ok.text()).length).toBe(5000);
  });
});

describe('name bounds (issue 12 item 6/11)', () => {
  it('drops names with NUL or ESC removed to nothing and names over 255 bytes; keeps real names', () => {
    expect(boundName('Erik\u0000 Wolf')).toBe('Erik Wolf');
    expect(boundName('\u001b[31mEvil\u001b[0m')).toBe('[31mEvil [0m');
    expect(boundName('\u0000\u001b')).toBeNull();
    expect(boundName('É'.repeat(130))).toBeNull();
    expect(boundName('x'.repeat(300))).toBeNull();
    expect(boundName('Jason Vallery')).toBe('Jason Vallery');
  });

  it('a model answer with hostile names is cached bounded, so it cannot repeat on a later run', async () => {
    srv.setScript(() => ({
      kind: 'json',
      value: {
        ...emptyCore(),
        title: 'MAI\npricing',
        participants: [{ name: 'Erik\u0000Wolf', email: null }],
        mentions: [
          { kind: 'account', name: 'M'.repeat(300), email: null },
          { kind: 'person', name: 'Erik\u001bWolf', email: null },
        ],
      },
    }));
    const root = vault();
    const { x, ctx } = await extractor(root);
    const out = await x.extract(email, ctx);
    expect(out.extractor).toBe('openai/gpt-test');
    expect(out.title).toBe('MAI pricing');
    expect(out.mentions.every((m) => Buffer.byteLength(m.name) <= 255)).toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/\\u0000|\\u001b/);
    const [file] = cacheFiles(root);
    expect(file).toBeDefined();
    const cached = (await import('node:fs')).readFileSync(path.join(root, '.distill', 'cache', 'llm', file!), 'utf8');
    expect(cached).not.toMatch(/\\u0000|\\u001b|M{300}/);
  });

  it('boundCore is idempotent and keeps an ordinary answer as it is', () => {
    const core = {
      ...emptyCore(),
      title: 'MAI pricing model request',
      summary: 'Erik asks Jason for the MAI pricing model.\n\nSecond paragraph.',
      mentions: [{ kind: 'person' as const, name: 'Erik Wolf', email: 'erik@vastdata.com' }],
    };
    expect(boundCore(core)).toEqual(core);
    expect(boundCore(boundCore(core))).toEqual(boundCore(core));
  });
});
