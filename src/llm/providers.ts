/**
 * Builds an AI SDK language model from `config.llm` plus the environment. Keys come only from the environment
 * (never from the config file) and are never part of anything this module returns for display.
 */
import type { LanguageModel } from 'ai';
import type { Config } from '../vault/config.ts';

export type ProviderName = 'openai' | 'azure' | 'anthropic' | 'ollama' | 'openai-compatible';
const PROVIDERS: readonly ProviderName[] = ['openai', 'azure', 'anthropic', 'ollama', 'openai-compatible'];

type FetchFn = typeof globalThis.fetch;

/** Everything needed to talk to one provider; `apiKey` stays inside this object and is never printed. */
export interface LlmSettings {
  provider: ProviderName;
  extractModel: string;
  draftModel: string;
  fallbackModel: string | null;
  /** Base URL actually used (provider default when none is configured). */
  baseURL: string;
  /** host[:port] of baseURL: what the usage report lists as "data went to". */
  host: string;
  apiKey: string | undefined;
  /** Name of the environment variable the key is read from, for doctor messages. */
  keyVar: string | null;
  apiVersion: string | null;
  temperature: number;
  concurrency: number;
  rpm: number | null;
  tpm: number | null;
  timeoutMs: number;
  maxRetries: number;
  budgetUsd: number | null;
  prices: Record<string, { input: number; output: number }>;
}

export class LlmConfigError extends Error {
  override name = 'LlmConfigError';
}

/** Reasonable defaults so `provider: openai` alone works; azure and openai-compatible name their own models. */
const DEFAULT_MODEL: Partial<Record<ProviderName, string>> = {
  openai: 'gpt-5-mini',
  anthropic: 'claude-sonnet-4-5',
  ollama: 'qwen3:8b',
};

const KEY_VAR: Record<ProviderName, string | null> = {
  openai: 'OPENAI_API_KEY',
  azure: 'AZURE_OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  ollama: null,
  'openai-compatible': 'OPENAI_API_KEY',
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function ollamaBase(host: string | undefined): string {
  // OLLAMA_HOST is often given without a scheme (`127.0.0.1:11434`), as the ollama CLI accepts.
  const h = host?.trim() || 'http://127.0.0.1:11434';
  const withScheme = /^https?:\/\//.test(h) ? h : `http://${h}`;
  return `${trimSlash(withScheme).replace(/\/v1$/, '')}/v1`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new LlmConfigError(`llm.base_url is not a URL: ${url}`);
  }
}

export function resolveLlmSettings(config: Config, env: NodeJS.ProcessEnv = process.env): LlmSettings {
  const llm = config.llm;
  const raw = (env.DISTILL_LLM_PROVIDER?.trim() || llm.provider) as string;
  if (raw === 'offline') throw new LlmConfigError('llm.provider is offline: no LLM configured');
  if (!PROVIDERS.includes(raw as ProviderName)) {
    throw new LlmConfigError(`unknown LLM provider "${raw}" (expected one of ${PROVIDERS.join(', ')})`);
  }
  const provider = raw as ProviderName;
  const envModel = env.DISTILL_LLM_MODEL?.trim() || null;
  const base = envModel ?? llm.model ?? DEFAULT_MODEL[provider] ?? null;
  const extractModel = envModel ?? llm.models.extract ?? base;
  const draftModel = envModel ?? llm.models.draft ?? base;
  if (!extractModel || !draftModel) {
    throw new LlmConfigError(`llm.model is required for provider ${provider} (a deployment or model name)`);
  }

  let baseURL: string;
  switch (provider) {
    case 'openai':
      baseURL = llm.base_url ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
      break;
    case 'anthropic':
      baseURL = llm.base_url ?? env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com/v1';
      break;
    case 'ollama':
      baseURL = llm.base_url ? ollamaBase(llm.base_url) : ollamaBase(env.OLLAMA_HOST);
      break;
    case 'azure': {
      const resource = llm.azure_resource;
      const url =
        llm.base_url ?? env.AZURE_OPENAI_BASE_URL ?? (resource ? `https://${resource}.openai.azure.com/openai` : null);
      if (!url) throw new LlmConfigError('azure needs llm.azure_resource or llm.base_url');
      baseURL = url;
      break;
    }
    case 'openai-compatible': {
      const url = llm.base_url ?? env.OPENAI_BASE_URL;
      if (!url) throw new LlmConfigError('openai-compatible needs llm.base_url (e.g. http://127.0.0.1:8080/v1)');
      baseURL = url;
      break;
    }
  }
  baseURL = trimSlash(baseURL);
  const keyVar = KEY_VAR[provider];
  const apiKey = keyVar ? env[keyVar]?.trim() || undefined : undefined;
  return {
    provider,
    extractModel,
    draftModel,
    fallbackModel: llm.fallback_model && llm.fallback_model !== extractModel ? llm.fallback_model : null,
    baseURL,
    host: hostOf(baseURL),
    apiKey,
    keyVar,
    apiVersion: llm.api_version,
    temperature: llm.temperature,
    concurrency: llm.concurrency,
    rpm: llm.rpm,
    tpm: llm.tpm,
    timeoutMs: llm.timeout_ms,
    maxRetries: llm.max_retries,
    budgetUsd: llm.budget_usd,
    prices: llm.prices,
  };
}

/** Hosted providers refuse to run without a key; local ones (ollama, a compatible server) may not need one. */
export function missingKey(s: LlmSettings): string | null {
  if (s.apiKey) return null;
  if (s.provider === 'ollama' || s.provider === 'openai-compatible') return null;
  return `${s.keyVar} is not set (keys are read from the environment only)`;
}

/** The provider packages are imported here, on the first call, so an offline run never loads them. */
export async function createLanguageModel(s: LlmSettings, modelId: string, fetchFn?: FetchFn): Promise<LanguageModel> {
  const common = fetchFn ? { fetch: fetchFn } : {};
  switch (s.provider) {
    case 'openai':
      // Default callable = Responses API, which supports json_schema and `store`.
      return (await import('@ai-sdk/openai')).createOpenAI({ baseURL: s.baseURL, apiKey: s.apiKey ?? '', ...common })(
        modelId,
      );
    case 'azure':
      return (await import('@ai-sdk/azure')).createAzure({
        baseURL: s.baseURL,
        apiKey: s.apiKey ?? '',
        ...(s.apiVersion ? { apiVersion: s.apiVersion } : {}),
        ...common,
      })(modelId);
    case 'anthropic':
      return (await import('@ai-sdk/anthropic')).createAnthropic({
        baseURL: s.baseURL,
        apiKey: s.apiKey ?? '',
        ...common,
      })(modelId);
    case 'ollama':
    case 'openai-compatible':
      // Without supportsStructuredOutputs the SDK silently downgrades to json_object, which local models ignore.
      return (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({
        name: s.provider,
        baseURL: s.baseURL,
        ...(s.apiKey ? { apiKey: s.apiKey } : {}),
        supportsStructuredOutputs: true,
        ...common,
      })(modelId);
  }
}

/**
 * Provider options for every call. `store: false` is not the AI SDK default: without it the Responses API keeps
 * the conversation (i.e. the user's mail) on OpenAI's side.
 */
export function providerOptionsFor(
  s: LlmSettings,
  promptCacheKey?: string,
): Record<string, Record<string, boolean | string>> {
  // The same cache key for calls sharing the static prefix helps OpenAI route them to a warm prompt cache.
  const openai = { store: false, ...(promptCacheKey ? { promptCacheKey } : {}) };
  if (s.provider === 'openai') return { openai };
  if (s.provider === 'azure') return { openai, azure: openai };
  return {};
}

export function extractorLabel(s: LlmSettings, model: string): string {
  return `${s.provider}/${model}`;
}
