import { APICallError, NoObjectGeneratedError } from 'ai';
import { describe, expect, it } from 'vitest';
import { isApiCallError } from './sdk.ts';

describe('isApiCallError', () => {
  const callError = new APICallError({
    message: 'Too Many Requests',
    url: 'https://api.example.com/v1/responses',
    requestBodyValues: {},
    statusCode: 429,
  });

  it("agrees with the SDK's own APICallError.isInstance", () => {
    const others = [new Error('x'), new TypeError('fetch failed'), null, undefined, 'HTTP 429', { statusCode: 429 }];
    for (const e of [callError, ...others]) expect(isApiCallError(e)).toBe(APICallError.isInstance(e));
    expect(isApiCallError(callError)).toBe(true);
  });

  it('is false for the SDK’s other errors', () => {
    const e = new NoObjectGeneratedError({
      message: 'no object',
      text: '{',
      response: { id: 'r', timestamp: new Date(0), modelId: 'm' },
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } as never,
      finishReason: 'length',
    });
    expect(isApiCallError(e)).toBe(false);
  });
});
