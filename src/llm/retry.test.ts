import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { backoffDelay, describeError, LlmCallError, retryAfterMs, withRetry } from './retry.ts';

function httpError(status: number, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `status ${status}`,
    url: 'http://127.0.0.1/v1/responses',
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
  });
}

describe('retryAfterMs', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterMs({ 'Retry-After': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    const now = Date.parse('2026-01-05T10:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Mon, 05 Jan 2026 10:00:07 GMT' }, now)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with jitter between half and the full step, capped', () => {
    const opts = { baseMs: 500, maxMs: 4000 };
    expect(backoffDelay(0, { ...opts, random: () => 0 }, null)).toBe(250);
    expect(backoffDelay(0, { ...opts, random: () => 1 }, null)).toBe(500);
    expect(backoffDelay(2, { ...opts, random: () => 1 }, null)).toBe(2000);
    expect(backoffDelay(9, { ...opts, random: () => 1 }, null)).toBe(4000);
  });

  it('never retries sooner than Retry-After asks', () => {
    expect(backoffDelay(0, { baseMs: 500, maxMs: 4000, random: () => 0 }, 3000)).toBe(3000);
  });
});

describe('withRetry', () => {
  it('retries 429 after the Retry-After delay, then succeeds', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw httpError(429, { 'retry-after': '3' });
        return 'ok';
      },
      { maxRetries: 4, sleep: async (ms) => void slept.push(ms), random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
    expect(slept[0]).toBeGreaterThanOrEqual(3000);
  });

  it('gives up on 5xx after max retries and says so', async () => {
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw httpError(500);
      },
      { maxRetries: 4, sleep: async () => {} },
    ).catch((e) => e);
    expect(calls).toBe(5);
    expect(err).toBeInstanceOf(LlmCallError);
    expect(err.message).toBe('HTTP 500 after 4 retries');
    expect(err.status).toBe(500);
  });

  it('does not retry what cannot succeed later (400, 401)', async () => {
    for (const status of [400, 401]) {
      let calls = 0;
      const err = await withRetry(
        async () => {
          calls++;
          throw httpError(status);
        },
        { maxRetries: 4, sleep: async () => {} },
      ).catch((e) => e);
      expect(calls).toBe(1);
      expect(err.message).toBe(`HTTP ${status}`);
      expect(err.retryable).toBe(false);
    }
  });

  it('treats refused connections as retryable and names them', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(describeError(refused)).toEqual({ reason: 'unreachable (ECONNREFUSED)', status: null, retryable: true });
  });
});
