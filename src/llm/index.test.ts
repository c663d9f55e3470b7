import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../vault/config.ts';
import { chooseExtractorKind, createExtractor } from './index.ts';

describe('chooseExtractorKind', () => {
  it('is offline only when the config says offline and the environment does not force a provider', () => {
    expect(chooseExtractorKind(defaultConfig(), {})).toBe('offline');
    expect(chooseExtractorKind(defaultConfig(), { DISTILL_LLM_PROVIDER: 'openai' })).toBe('llm');
    expect(chooseExtractorKind(defaultConfig(), { DISTILL_LLM_PROVIDER: '  ' })).toBe('offline');
    expect(chooseExtractorKind(parseConfig('llm: { provider: anthropic }\n'), {})).toBe('llm');
  });
});

describe('createExtractor', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'distill-llm-index-'));

  it('returns the offline extractor for kind offline', async () => {
    const x = await createExtractor(defaultConfig(), root, 'offline');
    expect(x.name).toBe('offline');
  });

  it('builds the LLM extractor from the environment even when the config is offline', async () => {
    const x = await createExtractor(defaultConfig(), root, 'llm', {
      env: { DISTILL_LLM_PROVIDER: 'openai', DISTILL_LLM_MODEL: 'gpt-x' },
    });
    expect(x.name).toBe('openai/gpt-x');
  });

  it('rejects an LLM extractor with no provider at all, in one line', async () => {
    await expect(createExtractor(defaultConfig(), root, 'llm', { env: {} })).rejects.toThrow(
      'llm.provider is offline: no LLM configured',
    );
    rmSync(root, { recursive: true, force: true });
  });
});
