/** Which extractor a run uses: a module of its own, so that deciding loads nothing of the LLM clients. */
import type { Config } from '../vault/config.ts';

export type ExtractorKind = 'offline' | 'llm';

/** The rule the run command uses: the LLM path when a provider is configured or forced through the environment. */
export function chooseExtractorKind(config: Config, env: NodeJS.ProcessEnv = process.env): ExtractorKind {
  return config.llm.provider === 'offline' && !env.DISTILL_LLM_PROVIDER?.trim() ? 'offline' : 'llm';
}
