/**
 * Client-side limits so a batch stays inside the provider's quotas instead of collecting 429s: a token bucket for
 * requests per minute and one for tokens per minute, plus a concurrency gate. Clock and sleep are injectable.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Capacity refills continuously at `perMinute / 60000` per ms, up to `perMinute`. */
export class TokenBucket {
  private level: number;
  private last: number;
  constructor(
    readonly perMinute: number,
    private readonly clock: Clock = realClock,
  ) {
    this.level = perMinute;
    this.last = clock.now();
  }

  private refill(): void {
    const t = this.clock.now();
    this.level = Math.min(this.perMinute, this.level + ((t - this.last) * this.perMinute) / 60_000);
    this.last = t;
  }

  /** Ms until `amount` is available (0 = now). A request larger than the whole bucket waits for a full bucket. */
  waitFor(amount: number): number {
    this.refill();
    const need = Math.min(amount, this.perMinute);
    if (this.level >= need) return 0;
    return Math.ceil(((need - this.level) * 60_000) / this.perMinute);
  }

  async take(amount: number): Promise<void> {
    for (let wait = this.waitFor(amount); wait > 0; wait = this.waitFor(amount)) await this.clock.sleep(wait);
    this.level -= Math.min(amount, this.perMinute);
  }
}

export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

export class RateLimiter {
  private readonly requests: TokenBucket | null;
  private readonly tokens: TokenBucket | null;
  private readonly gate: Semaphore;
  constructor(opts: { rpm: number | null; tpm: number | null; concurrency: number }, clock: Clock = realClock) {
    this.requests = opts.rpm ? new TokenBucket(opts.rpm, clock) : null;
    this.tokens = opts.tpm ? new TokenBucket(opts.tpm, clock) : null;
    this.gate = new Semaphore(opts.concurrency);
  }

  /** Runs `fn` once a request slot and `estimatedTokens` of the minute's budget are free. */
  async schedule<T>(estimatedTokens: number, fn: () => Promise<T>): Promise<T> {
    return this.gate.run(async () => {
      await this.requests?.take(1);
      await this.tokens?.take(estimatedTokens);
      return fn();
    });
  }
}

/** What a limiter is built from: the provider's endpoint and the limits configured for it. */
export interface ProviderLimitSettings {
  provider: string;
  baseURL: string;
  rpm: number | null;
  tpm: number | null;
  concurrency: number;
}

/**
 * One limiter per provider endpoint, whoever calls it: the extractor and the drafter of a run (and the runs of one
 * `watch` process) share it, so together they never send more than `llm.rpm`, `llm.tpm` or `llm.concurrency`.
 */
export class ProviderLimiters {
  private readonly byProvider = new Map<string, RateLimiter>();
  constructor(private readonly clock: Clock = realClock) {}

  for(s: ProviderLimitSettings): RateLimiter {
    // Changed limits (a config edited between two runs of one process) get a limiter of their own.
    const key = JSON.stringify([s.provider, s.baseURL, s.rpm, s.tpm, s.concurrency]);
    let limiter = this.byProvider.get(key);
    if (!limiter) {
      limiter = new RateLimiter({ rpm: s.rpm, tpm: s.tpm, concurrency: s.concurrency }, this.clock);
      this.byProvider.set(key, limiter);
    }
    return limiter;
  }
}

/** The process's limiters: what `createExtractor` and `createDrafter` use unless given others. */
export const sharedLimiters = new ProviderLimiters();
