/**
 * Entry points other modules use: pick and build an extractor (offline or LLM), a drafter, the doctor check, and
 * the usage report. Everything that touches the network lives under src/llm.
 */
import type { Extractor } from '../extract/extractor.ts';
import { groundExtraction } from '../extract/grounding.ts';
import type { Config } from '../vault/config.ts';
import { type Budgets, sharedBudgets } from './budget.ts';
import { LlmCache } from './cache.ts';
import { type Drafter, LlmDrafter } from './draft.ts';
import { chooseExtractorKind, type ExtractorKind } from './kind.ts';
import { resolveLlmSettings } from './providers.ts';
import { type ProviderLimiters, sharedLimiters } from './rate-limit.ts';
import type { RetryOptions } from './retry.ts';
import { UsageReport } from './usage.ts';

export { llmDoctor } from './doctor.ts';
export type { Drafter, DraftInput, DraftResult } from './draft.ts';
export { LlmConfigError, resolveLlmSettings } from './providers.ts';
export { LlmCallError } from './retry.ts';
export { UsageReport } from './usage.ts';

export { chooseExtractorKind, type ExtractorKind };

export interface CreateOptions {
  dryRun?: boolean;
  usage?: UsageReport;
  env?: NodeJS.ProcessEnv;
  /** Tests only: a fetch to route provider traffic, and faster retry timings. */
  fetch?: typeof globalThis.fetch;
  retry?: Partial<RetryOptions>;
  /** Where the per-provider rate limiters and the spend budgets come from (the process's shared ones by default). */
  limiters?: ProviderLimiters;
  budgets?: Budgets;
}

/**
 * The offline extractor, its module (and the NLP models with it) imported on the first source rather than when a
 * run starts: a run that finds nothing new never loads them.
 */
const offline: Extractor = {
  name: 'offline',
  async extract(envelope, ctx) {
    return (await import('../extract/offline/index.ts')).offlineExtractor.extract(envelope, ctx);
  },
};

export async function createExtractor(
  config: Config,
  root: string,
  kind: ExtractorKind,
  opts: CreateOptions = {},
): Promise<Extractor> {
  if (kind === 'offline') return offline;
  const { LlmExtractor } = await import('./extractor.ts');
  const env = opts.env ?? process.env;
  const settings = resolveLlmSettings(config, env);
  opts.usage?.addPrices(settings.prices);
  return new LlmExtractor({
    settings,
    usage: opts.usage ?? new UsageReport(settings.prices),
    cache: new LlmCache(root, opts.dryRun),
    budget: (opts.budgets ?? sharedBudgets).for(root, settings.budgetUsd, opts.dryRun),
    limiter: (opts.limiters ?? sharedLimiters).for(settings),
    offline,
    ground: groundExtraction,
    fetch: opts.fetch,
    retry: opts.retry,
  });
}

/** Null when no LLM is configured: the caller then writes an offline outline instead of a draft. */
export function createDrafter(config: Config, root: string, opts: CreateOptions = {}): Drafter | null {
  const env = opts.env ?? process.env;
  if (chooseExtractorKind(config, env) === 'offline') return null;
  const settings = resolveLlmSettings(config, env);
  opts.usage?.addPrices(settings.prices);
  return new LlmDrafter(
    {
      settings,
      usage: opts.usage ?? new UsageReport(settings.prices),
      limiter: (opts.limiters ?? sharedLimiters).for(settings),
      budget: (opts.budgets ?? sharedBudgets).for(root, settings.budgetUsd, opts.dryRun),
      fetch: opts.fetch,
      retry: opts.retry,
    },
    new LlmCache(root, opts.dryRun),
  );
}
