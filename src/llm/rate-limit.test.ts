import { describe, expect, it } from 'vitest';
import { type Clock, RateLimiter, Semaphore, TokenBucket } from './rate-limit.ts';

function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: 0,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('TokenBucket', () => {
  it('lets a full minute of requests through, then paces them', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(60, clock);
    for (let i = 0; i < 60; i++) await bucket.take(1);
    expect(clock.sleeps).toEqual([]);
    await bucket.take(1);
    expect(clock.sleeps).toEqual([1000]);
  });

  it('waits for tokens per minute, and a request larger than the bucket waits for a full bucket', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10_000, clock);
    await bucket.take(8_000);
    expect(bucket.waitFor(4_000)).toBe(12_000);
    await bucket.take(50_000);
    expect(clock.t).toBe(48_000);
  });
});

describe('Semaphore', () => {
  it('never runs more than its limit at once', async () => {
    const gate = new Semaphore(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 7 }, () =>
        gate.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});

describe('RateLimiter', () => {
  it('applies requests per minute across scheduled calls', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ rpm: 2, tpm: null, concurrency: 4 }, clock);
    const order: number[] = [];
    for (let i = 0; i < 3; i++) await limiter.schedule(100, async () => order.push(clock.t));
    expect(order).toEqual([0, 0, 30_000]);
  });
});
