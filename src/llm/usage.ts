/**
 * What a run cost and where the data went: calls, tokens, dollars (from the configured price table), cache hits,
 * per host which sources were sent and how many characters, and per source why the LLM was not used.
 */

export interface CallRecord {
  provider: string;
  model: string;
  host: string;
  sourceId: string;
  purpose: 'extract' | 'repair' | 'draft' | 'doctor';
  promptTokens: number;
  completionTokens: number;
  /** Characters of prompt text sent (source plus instructions). */
  chars: number;
  ms: number;
  ok: boolean;
  /** Retries spent on this call (429/5xx/network). */
  retries: number;
  /** False when the host was never reached (connection refused, DNS): then no data left the machine. */
  delivered?: boolean;
}

export interface FallbackRecord {
  sourceId: string;
  /** Extractor that produced the result in the end (`offline` or `<provider>/<fallback model>`). */
  extractor: string;
  reason: string;
}

export type PriceTable = Record<string, { input: number; output: number }>;

/**
 * List prices in US dollars per million tokens for the default models, so a report shows a cost out of the box.
 * `llm.prices` in the config overrides them; prices change, so set your own for budgets that matter.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-opus-4-1': { input: 15, output: 75 },
};

export class UsageReport {
  readonly calls: CallRecord[] = [];
  readonly fallbacks: FallbackRecord[] = [];
  readonly cacheHits: string[] = [];
  readonly droppedUngrounded: Record<string, number> = {};
  private readonly sent = new Map<string, Map<string, number>>();

  private readonly prices: PriceTable;
  constructor(prices: PriceTable = {}) {
    this.prices = { ...prices };
  }

  /** Adds the configured prices (the run command creates the report before the provider is known). */
  addPrices(prices: PriceTable): void {
    Object.assign(this.prices, prices);
  }

  recordCall(call: CallRecord): void {
    this.calls.push(call);
    if (call.delivered === false) return;
    const bySource = this.sent.get(call.host) ?? new Map<string, number>();
    bySource.set(call.sourceId, (bySource.get(call.sourceId) ?? 0) + call.chars);
    this.sent.set(call.host, bySource);
  }

  recordCacheHit(sourceId: string): void {
    this.cacheHits.push(sourceId);
  }

  recordFallback(f: FallbackRecord): void {
    this.fallbacks.push(f);
  }

  recordDropped(sourceId: string, count: number): void {
    if (count > 0) this.droppedUngrounded[sourceId] = (this.droppedUngrounded[sourceId] ?? 0) + count;
  }

  /** Dollars for one call; local models (Ollama) cost nothing; null when a hosted model has no known price. */
  costOf(call: Pick<CallRecord, 'provider' | 'model' | 'promptTokens' | 'completionTokens'>): number | null {
    if (call.provider === 'ollama' && !this.prices[call.model]) return 0;
    const p = this.prices[call.model] ?? DEFAULT_PRICES[call.model];
    if (!p) return null;
    return (call.promptTokens * p.input + call.completionTokens * p.output) / 1_000_000;
  }

  get totals(): {
    calls: number;
    failedCalls: number;
    retries: number;
    promptTokens: number;
    completionTokens: number;
    costUsd: number;
    unpricedModels: string[];
  } {
    let promptTokens = 0;
    let completionTokens = 0;
    let costUsd = 0;
    let retries = 0;
    const unpriced = new Set<string>();
    for (const c of this.calls) {
      promptTokens += c.promptTokens;
      completionTokens += c.completionTokens;
      retries += c.retries;
      const cost = this.costOf(c);
      if (cost === null) unpriced.add(c.model);
      else costUsd += cost;
    }
    return {
      calls: this.calls.length,
      failedCalls: this.calls.filter((c) => !c.ok).length,
      retries,
      promptTokens,
      completionTokens,
      costUsd,
      unpricedModels: [...unpriced].sort(),
    };
  }

  hosts(): { host: string; sources: { sourceId: string; chars: number }[] }[] {
    return [...this.sent.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([host, m]) => ({
        host,
        sources: [...m.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([sourceId, chars]) => ({ sourceId, chars })),
      }));
  }

  toJSON(): Record<string, unknown> {
    const t = this.totals;
    return {
      calls: t.calls,
      failed_calls: t.failedCalls,
      retries: t.retries,
      prompt_tokens: t.promptTokens,
      completion_tokens: t.completionTokens,
      cost_usd: Number(t.costUsd.toFixed(6)),
      unpriced_models: t.unpricedModels,
      cache_hits: this.cacheHits.length,
      cached_sources: [...this.cacheHits],
      hosts: this.hosts().map((h) => ({
        host: h.host,
        sources: h.sources.map((s) => ({ source_id: s.sourceId, chars: s.chars })),
      })),
      fallbacks: this.fallbacks.map((f) => ({ source_id: f.sourceId, extractor: f.extractor, reason: f.reason })),
      dropped_ungrounded: { ...this.droppedUngrounded },
    };
  }

  summaryLines(): string[] {
    const t = this.totals;
    if (t.calls === 0 && this.cacheHits.length === 0 && this.fallbacks.length === 0) return [];
    const cost = t.unpricedModels.length
      ? `$${t.costUsd.toFixed(4)} (no price for ${t.unpricedModels.join(', ')})`
      : `$${t.costUsd.toFixed(4)}`;
    const lines = [
      `LLM: ${t.calls} call${t.calls === 1 ? '' : 's'}${t.failedCalls ? ` (${t.failedCalls} failed, ${t.retries} retries)` : ''}, ${t.promptTokens} prompt + ${t.completionTokens} completion tokens, ${cost}, ${this.cacheHits.length} cached`,
    ];
    for (const h of this.hosts()) {
      const chars = h.sources.reduce((n, s) => n + s.chars, 0);
      lines.push(
        `  sent to ${h.host}: ${h.sources.length} source${h.sources.length === 1 ? '' : 's'}, ${chars} characters`,
      );
    }
    for (const f of this.fallbacks) lines.push(`  ${f.sourceId.slice(0, 12)}: ${f.reason} -> ${f.extractor}`);
    const dropped = Object.values(this.droppedUngrounded).reduce((a, b) => a + b, 0);
    if (dropped)
      lines.push(
        `  ${dropped} item${dropped === 1 ? '' : 's'} dropped: not grounded (quote not in the source, or text it does not support)`,
      );
    return lines;
  }
}
