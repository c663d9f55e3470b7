import { describe, expect, it } from 'vitest';
import { type CallRecord, UsageReport } from './usage.ts';

function call(over: Partial<CallRecord>): CallRecord {
  return {
    provider: 'openai',
    model: 'gpt-5-mini',
    host: 'api.openai.com',
    sourceId: 'aaaa',
    purpose: 'extract',
    promptTokens: 1000,
    completionTokens: 200,
    chars: 4000,
    ms: 1200,
    ok: true,
    retries: 0,
    ...over,
  };
}

describe('UsageReport', () => {
  it('prices calls from the per-model table (dollars per million tokens)', () => {
    const u = new UsageReport({ 'gpt-5-mini': { input: 0.25, output: 2 } });
    u.recordCall(call({}));
    u.recordCall(call({ sourceId: 'bbbb', promptTokens: 3000, completionTokens: 0, chars: 9000 }));
    expect(u.totals).toMatchObject({ calls: 2, promptTokens: 4000, completionTokens: 200, unpricedModels: [] });
    expect(u.totals.costUsd).toBeCloseTo((4000 * 0.25 + 200 * 2) / 1e6, 10);
  });

  it('knows default list prices, charges nothing for local models, and lets the config override', () => {
    const u = new UsageReport();
    expect(u.costOf(call({ model: 'gpt-5-mini', promptTokens: 1_000_000, completionTokens: 0 }))).toBeCloseTo(0.25);
    expect(u.costOf(call({ provider: 'ollama', model: 'qwen3:8b' }))).toBe(0);
    expect(u.costOf(call({ model: 'my-finetune' }))).toBeNull();
    u.addPrices({ 'gpt-5-mini': { input: 1, output: 1 } });
    expect(u.costOf(call({ model: 'gpt-5-mini', promptTokens: 1_000_000, completionTokens: 0 }))).toBeCloseTo(1);
  });

  it('lists per host which sources were sent and how many characters', () => {
    const u = new UsageReport();
    u.recordCall(call({ sourceId: 'bbbb', chars: 10 }));
    u.recordCall(call({ sourceId: 'aaaa', chars: 5 }));
    u.recordCall(call({ sourceId: 'aaaa', chars: 7, purpose: 'repair' }));
    u.recordCall(call({ host: '127.0.0.1:11434', provider: 'ollama', model: 'qwen3:8b', sourceId: 'cccc', chars: 3 }));
    u.recordCall(call({ host: 'down.example', sourceId: 'eeee', ok: false, delivered: false }));
    expect(u.hosts()).toEqual([
      { host: '127.0.0.1:11434', sources: [{ sourceId: 'cccc', chars: 3 }] },
      {
        host: 'api.openai.com',
        sources: [
          { sourceId: 'aaaa', chars: 12 },
          { sourceId: 'bbbb', chars: 10 },
        ],
      },
    ]);
  });

  it('reports fallbacks, cache hits and unpriced models in summary lines and JSON', () => {
    const u = new UsageReport();
    expect(u.summaryLines()).toEqual([]);
    u.recordCall(call({ model: 'gpt-unpriced', ok: false, retries: 4, promptTokens: 0, completionTokens: 0 }));
    u.recordFallback({
      sourceId: 'aaaa1111bbbb2222',
      extractor: 'offline',
      reason: 'llm failed (HTTP 500 after 4 retries)',
    });
    u.recordCacheHit('dddd');
    u.recordDropped('aaaa', 2);
    const lines = u.summaryLines();
    expect(lines[0]).toBe(
      'LLM: 1 call (1 failed, 4 retries), 0 prompt + 0 completion tokens, $0.0000 (no price for gpt-unpriced), 1 cached',
    );
    expect(lines).toContain('  sent to api.openai.com: 1 source, 4000 characters');
    expect(lines).toContain('  aaaa1111bbbb: llm failed (HTTP 500 after 4 retries) -> offline');
    expect(lines).toContain('  2 items dropped: not grounded (quote not in the source, or text it does not support)');
    const json = JSON.parse(JSON.stringify(u));
    expect(json).toMatchObject({
      calls: 1,
      failed_calls: 1,
      cache_hits: 1,
      fallbacks: [
        { source_id: 'aaaa1111bbbb2222', extractor: 'offline', reason: 'llm failed (HTTP 500 after 4 retries)' },
      ],
      dropped_ungrounded: { aaaa: 2 },
    });
  });
});
