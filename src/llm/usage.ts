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
}

export interface FallbackRecord {
  sourceId: string;
  /** Extractor that produced the result in the end (`offline` or `<provider>/<fallback model>`). */
  extractor: string;
  reason: string;
}

export type PriceTable = Record<string, { input: number; output: number }>;

export class UsageReport {
  readonly calls: CallRecord[] = [];
  readonly fallbacks: FallbackRecord[] = [];
  readonly cacheHits: string[] = [];
  readonly droppedUngrounded: Record<string, number> = {};
  private readonly sent = new Map<string, Map<string, number>>();

  constructor(private readonly prices: PriceTable = {}) {}

  recordCall(call: CallRecord): void {
    this.calls.push(call);
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

  /** Dollars for one call; null when the model has no price in `llm.prices`. */
  costOf(call: Pick<CallRecord, 'model' | 'promptTokens' | 'completionTokens'>): number | null {
    const p = this.prices[call.model];
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
    if (dropped) lines.push(`  ${dropped} item${dropped === 1 ? '' : 's'} dropped: evidence not found in the source`);
    return lines;
  }
}
