import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../vault/config.ts';
import { llmDoctor } from './doctor.ts';
import { type FakeLlmServer, startFakeLlmServer } from './testing/fake-llm-server.ts';

let srv: FakeLlmServer;
beforeAll(async () => {
  srv = await startFakeLlmServer({ models: ['gpt-test', 'qwen3:8b'] });
});
afterAll(() => srv.close());

const openai = parseConfig('llm: { provider: openai, model: gpt-test }\n');

describe('llmDoctor', () => {
  it('reports a healthy endpoint: key, reachability, model, structured output and latency', async () => {
    srv.setScript(() => ({ kind: 'json', value: { answer: 'pong', number: 42 } }));
    const r = await llmDoctor(openai, { OPENAI_BASE_URL: `${srv.url}/v1`, OPENAI_API_KEY: 'sk-doctor' });
    expect(r.ok).toBe(true);
    expect(r.lines[0]).toBe(`llm: provider openai, endpoint 127.0.0.1:${srv.port}, models gpt-test`);
    expect(r.lines).toContain('ok: API key from OPENAI_API_KEY');
    expect(r.lines).toContain('ok: model gpt-test available');
    expect(r.lines.some((l) => /^ok: structured output works with gpt-test \(\d+ ms\)$/.test(l))).toBe(true);
    expect(r.lines.join('\n')).not.toContain('sk-doctor');
    expect(srv.requests.at(-1)?.body?.store).toBe(false);
  });

  it('says which model is missing, with the pull command for Ollama', async () => {
    const cfg = parseConfig('llm: { provider: ollama, model: "llama3.3:70b" }\n');
    const r = await llmDoctor(cfg, { OLLAMA_HOST: srv.url });
    expect(r.ok).toBe(false);
    expect(r.lines).toContain(
      `missing: model llama3.3:70b is not served by 127.0.0.1:${srv.port} (run: ollama pull llama3.3:70b)`,
    );
  });

  it('flags an answer outside the schema', async () => {
    srv.setScript(() => ({ kind: 'text', text: 'pong' }));
    const r = await llmDoctor(openai, { OPENAI_BASE_URL: `${srv.url}/v1`, OPENAI_API_KEY: 'k' });
    expect(r.ok).toBe(false);
    expect(r.lines.at(-1)).toMatch(/^failed: gpt-test answered outside the schema \(not valid JSON/);
  });

  it('reports a missing key and an unreachable host', async () => {
    const gone = await startFakeLlmServer();
    await gone.close();
    const r = await llmDoctor(openai, { OPENAI_BASE_URL: `${gone.url}/v1` });
    expect(r.ok).toBe(false);
    expect(r.lines).toContain('missing: OPENAI_API_KEY is not set (keys are read from the environment only)');
    expect(r.lines.at(-1)).toBe(`unreachable: 127.0.0.1:${gone.port}: unreachable (ECONNREFUSED)`);
  });

  it('explains an offline configuration', async () => {
    const r = await llmDoctor(defaultConfig(), {});
    expect(r).toEqual({
      ok: false,
      lines: [
        'llm: llm.provider is offline: no LLM configured',
        'missing: set llm.provider in distill.config.yaml (or DISTILL_LLM_PROVIDER)',
      ],
    });
  });
});
