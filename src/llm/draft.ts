/**
 * Reply drafting through the same path as extraction (cache, retries, rate limits, usage, store:false), as plain
 * text. The outputs module builds the prompt (persona, key points, context); this only sends it and remembers it.
 */
import { createHash } from 'node:crypto';
import { cacheKey, type LlmCache } from './cache.ts';
import { type CallEnv, callText } from './call.ts';
import { draftSystemPrompt } from './prompts.ts';
import { extractorLabel, missingKey } from './providers.ts';
import { LlmCallError } from './retry.ts';

export interface DraftInput {
  system: string;
  user: string;
  sourceId: string;
}

export interface DraftResult {
  text: string;
  /** `<provider>/<model>` that wrote it. */
  model: string;
  /** The exact prompt sent, stored beside the draft. */
  prompt: { system: string; user: string };
}

export interface Drafter {
  draft(input: DraftInput): Promise<DraftResult>;
}

export class LlmDrafter implements Drafter {
  constructor(
    private readonly env: CallEnv,
    private readonly cache: LlmCache,
  ) {}

  /** The versioned drafting rules come first (stable prefix), then the caller's persona and instructions. */
  private system(input: DraftInput): string {
    return `${draftSystemPrompt().text}\n${input.system}`;
  }

  async draft(input: DraftInput): Promise<DraftResult> {
    const s = this.env.settings;
    const missing = missingKey(s);
    if (missing) throw new LlmCallError(missing, null, 0, false);
    const system = this.system(input);
    const prompt = { system, user: input.user };
    const promptHash = createHash('sha256').update(`${system}\n\u0000\n${input.user}`).digest('hex');
    const models = s.fallbackModel ? [s.draftModel, s.fallbackModel] : [s.draftModel];
    const version = draftSystemPrompt().version;
    for (const model of models) {
      const hit = this.cache.get<string>(
        cacheKey({ provider: s.provider, model, promptVersion: version, sourceId: input.sourceId, extra: promptHash }),
      );
      if (hit && typeof hit.value === 'string') {
        this.env.usage.recordCacheHit(input.sourceId);
        return { text: hit.value, model: extractorLabel(s, model), prompt };
      }
    }
    const exhausted = this.env.budget.exhausted();
    if (exhausted) throw new LlmCallError(exhausted, null, 0, false);
    const failures: string[] = [];
    for (const model of models) {
      try {
        const text = await callText(this.env, {
          model,
          system,
          messages: [{ role: 'user', content: input.user }],
          sourceId: input.sourceId,
          purpose: 'draft',
        });
        const key = cacheKey({
          provider: s.provider,
          model,
          promptVersion: version,
          sourceId: input.sourceId,
          extra: promptHash,
        });
        this.cache.set({
          key,
          provider: s.provider,
          model,
          prompt_version: version,
          source_id: input.sourceId,
          value: text,
        });
        return { text, model: extractorLabel(s, model), prompt };
      } catch (e) {
        failures.push(`${model}: ${(e as Error).message}`);
      }
    }
    throw new LlmCallError(`draft failed (${failures.join('; ')})`, null, 0, false);
  }
}
