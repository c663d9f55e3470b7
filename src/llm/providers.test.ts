import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../vault/config.ts';
import {
  createLanguageModel,
  LlmConfigError,
  missingKey,
  providerOptionsFor,
  resolveLlmSettings,
} from './providers.ts';

describe('resolveLlmSettings', () => {
  it('reads provider and models from the config and the key only from the environment', () => {
    const config = parseConfig(
      'llm:\n  provider: openai\n  model: gpt-5-mini\n  models: { draft: gpt-5 }\n  fallback_model: gpt-4.1-mini\n  rpm: 60\n',
    );
    const s = resolveLlmSettings(config, { OPENAI_API_KEY: 'sk-test' });
    expect(s).toMatchObject({
      provider: 'openai',
      extractModel: 'gpt-5-mini',
      draftModel: 'gpt-5',
      fallbackModel: 'gpt-4.1-mini',
      baseURL: 'https://api.openai.com/v1',
      host: 'api.openai.com',
      apiKey: 'sk-test',
      rpm: 60,
    });
    expect(missingKey(s)).toBeNull();
    expect(missingKey({ ...s, apiKey: undefined })).toBe(
      'OPENAI_API_KEY is not set (keys are read from the environment only)',
    );
  });

  it('lets DISTILL_LLM_PROVIDER and DISTILL_LLM_MODEL override an offline config', () => {
    const s = resolveLlmSettings(defaultConfig(), {
      DISTILL_LLM_PROVIDER: 'openai',
      DISTILL_LLM_MODEL: 'gpt-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1/',
    });
    expect(s.provider).toBe('openai');
    expect(s.extractModel).toBe('gpt-test');
    expect(s.draftModel).toBe('gpt-test');
    expect(s.baseURL).toBe('http://127.0.0.1:9999/v1');
    expect(s.host).toBe('127.0.0.1:9999');
  });

  it('prefers the configured base_url over the environment', () => {
    const config = parseConfig('llm: { provider: anthropic, base_url: "https://proxy.example/v1" }\n');
    const s = resolveLlmSettings(config, { ANTHROPIC_BASE_URL: 'http://elsewhere/v1' });
    expect(s.baseURL).toBe('https://proxy.example/v1');
    expect(s.extractModel).toBe('claude-sonnet-4-5');
    expect(s.keyVar).toBe('ANTHROPIC_API_KEY');
  });

  it('accepts OLLAMA_HOST with or without scheme and needs no key', () => {
    const config = parseConfig('llm: { provider: ollama, model: "llama3.1:8b" }\n');
    expect(resolveLlmSettings(config, { OLLAMA_HOST: '10.0.0.5:11434' }).baseURL).toBe('http://10.0.0.5:11434/v1');
    expect(resolveLlmSettings(config, { OLLAMA_HOST: 'http://box:11434/' }).baseURL).toBe('http://box:11434/v1');
    const local = resolveLlmSettings(config, {});
    expect(local.baseURL).toBe('http://127.0.0.1:11434/v1');
    expect(missingKey(local)).toBeNull();
  });

  it('builds the Azure URL from the resource name', () => {
    const config = parseConfig('llm: { provider: azure, model: my-deployment, azure_resource: contoso }\n');
    expect(resolveLlmSettings(config, {}).baseURL).toBe('https://contoso.openai.azure.com/openai');
  });

  it('explains what is missing in one line', () => {
    expect(() => resolveLlmSettings(defaultConfig(), {})).toThrow(LlmConfigError);
    expect(() => resolveLlmSettings(defaultConfig(), { DISTILL_LLM_PROVIDER: 'gemini' })).toThrow(
      /unknown LLM provider "gemini"/,
    );
    expect(() => resolveLlmSettings(parseConfig('llm: { provider: azure, model: d }\n'), {})).toThrow(/azure_resource/);
    expect(() =>
      resolveLlmSettings(parseConfig('llm: { provider: openai-compatible, base_url: "http://x/v1" }\n'), {}),
    ).toThrow(/llm.model is required/);
  });

  it('asks OpenAI and Azure not to store anything, and nobody else', () => {
    const openai = resolveLlmSettings(defaultConfig(), { DISTILL_LLM_PROVIDER: 'openai' });
    expect(providerOptionsFor(openai)).toEqual({ openai: { store: false } });
    const azure = resolveLlmSettings(parseConfig('llm: { provider: azure, model: d, azure_resource: r }\n'), {});
    expect(providerOptionsFor(azure).azure).toEqual({ store: false });
    expect(providerOptionsFor(resolveLlmSettings(defaultConfig(), { DISTILL_LLM_PROVIDER: 'ollama' }))).toEqual({});
  });

  it('creates a model for every provider without touching the network', async () => {
    for (const p of ['openai', 'anthropic', 'ollama'] as const) {
      const s = resolveLlmSettings(defaultConfig(), { DISTILL_LLM_PROVIDER: p });
      const m = await createLanguageModel(s, s.extractModel);
      expect(typeof m === 'object' && m.modelId).toBe(s.extractModel);
    }
  });
});
