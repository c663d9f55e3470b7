import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cannedExtraction,
  type FakeLlmServer,
  sequence,
  sourceFromPrompt,
  startFakeLlmServer,
} from './fake-llm-server.ts';

let srv: FakeLlmServer;
beforeAll(async () => {
  srv = await startFakeLlmServer({ models: ['qwen3:8b', 'gpt-test'] });
});
afterAll(() => srv.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as Record<string, unknown> & { choices?: { finish_reason: string }[]; content?: unknown },
  };
}

describe('fake LLM server', () => {
  it('speaks the native Ollama chat API, including `format` schemas', async () => {
    srv.setScript(() => ({ kind: 'json', value: { ok: true }, usage: { input: 12, output: 3 } }));
    const r = await post('/api/chat', {
      model: 'qwen3:8b',
      stream: false,
      format: { type: 'object' },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(r.json).toMatchObject({
      model: 'qwen3:8b',
      message: { role: 'assistant', content: '{"ok":true}' },
      done: true,
      prompt_eval_count: 12,
      eval_count: 3,
    });
    const req = srv.requests.at(-1);
    expect(req?.protocol).toBe('ollama-chat');
    expect(req?.body?.format).toEqual({ type: 'object' });
    expect(req?.prompt).toBe('hi');
  });

  it('lists models for Ollama tags and OpenAI-style /models', async () => {
    const tags = (await (await fetch(`${srv.url}/api/tags`)).json()) as { models: { name: string }[] };
    expect(tags.models.map((m) => m.name)).toEqual(['qwen3:8b', 'gpt-test']);
    const list = (await (await fetch(`${srv.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(list.data.map((m) => m.id)).toEqual(['qwen3:8b', 'gpt-test']);
  });

  it('replays scripted errors with their headers, then the next reply', async () => {
    srv.setScript(
      sequence(
        { kind: 'status', status: 429, headers: { 'retry-after': '2' } },
        { kind: 'text', text: 'partial', truncated: true },
      ),
    );
    const first = await post('/v1/chat/completions', { model: 'gpt-test', messages: [] });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    const second = await post('/v1/chat/completions', { model: 'gpt-test', messages: [] });
    expect(second.json.choices?.[0]).toMatchObject({ finish_reason: 'length', message: { content: 'partial' } });
    const third = await post('/v1/responses', { model: 'gpt-test', input: [] });
    expect(third.json).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('answers Anthropic tool-forced requests with a tool call', async () => {
    srv.setScript(() => ({ kind: 'json', value: { a: 1 } }));
    const r = await post('/v1/messages', {
      model: 'claude-3-haiku',
      system: 'sys',
      tools: [{ name: 'json', input_schema: {} }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }],
    });
    expect(r.json.content).toEqual([{ type: 'tool_use', id: expect.any(String), name: 'json', input: { a: 1 } }]);
    expect(srv.requests.at(-1)?.prompt).toBe('sys\nq');
  });

  it('delays slow replies and records each request with its arrival time', async () => {
    srv.setScript(() => ({ kind: 'slow', ms: 120, reply: { kind: 'text', text: 'late' } }));
    const t0 = Date.now();
    await post('/v1/chat/completions', { model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    expect(srv.requests.at(-1)?.at).toBeGreaterThanOrEqual(t0);
  });

  it('answers unknown paths with 404 instead of guessing', async () => {
    expect((await post('/v2/whatever', {})).status).toBe(404);
  });

  it('builds canned extractions whose quotes come from the prompt source', () => {
    const prompt =
      'rules: the source sits between `<<<SOURCE` and `SOURCE>>>`\n<<<SOURCE kind=email title="x"\nFrom: a\n\nPlease send the signed contract to legal by Friday.\nThe budget for Q1 was approved at $2M.\nSOURCE>>>\n';
    expect(sourceFromPrompt(prompt)).toBe(
      'From: a\n\nPlease send the signed contract to legal by Friday.\nThe budget for Q1 was approved at $2M.\n',
    );
    const c = cannedExtraction(prompt) as { tasks: { evidence: string }[]; facts: { evidence: string }[] };
    expect(c.tasks[0]?.evidence).toBe('Please send the signed contract to legal by Friday.');
    expect(c.facts[0]?.evidence).toBe('The budget for Q1 was approved at $2M.');
  });
});
