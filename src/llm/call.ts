/**
 * One model call with everything around it: rate limits, our own retries (Retry-After aware), a timeout, token
 * accounting, the monthly budget, and `store: false`. Structured calls return either the parsed object or the
 * validation errors (for one repair attempt); transport failures throw LlmCallError.
 */
import type { LanguageModel, ModelMessage } from 'ai';
import type { z } from 'zod';
import { approxTokens, cappedFetch } from './bounds.ts';
import type { Budget } from './budget.ts';
import { createLanguageModel, type LlmSettings, providerOptionsFor } from './providers.ts';
import type { RateLimiter } from './rate-limit.ts';
import { LlmCallError, type RetryOptions, withRetry } from './retry.ts';
import { loadAi } from './sdk.ts';
import type { CallRecord, UsageReport } from './usage.ts';

// The SDK prints warnings (e.g. "temperature not supported") straight to the console; a CLI must not.
(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;

export interface CallEnv {
  settings: LlmSettings;
  usage: UsageReport;
  limiter: RateLimiter;
  budget: Budget;
  fetch?: typeof globalThis.fetch;
  retry?: Partial<RetryOptions>;
}

export interface CallInput {
  model: string;
  system: string;
  messages: ModelMessage[];
  sourceId: string;
  purpose: CallRecord['purpose'];
  maxOutputTokens?: number;
  /** Provider-side prompt cache routing key (OpenAI/Azure): the prompt version, shared by every source. */
  promptCacheKey?: string;
}

export type StructuredResult<T> = { ok: true; value: T } | { ok: false; errors: string[]; text: string | undefined };

const models = new WeakMap<LlmSettings, Map<string, Promise<LanguageModel>>>();

function modelFor(env: CallEnv, id: string): Promise<LanguageModel> {
  const byId = models.get(env.settings) ?? new Map<string, Promise<LanguageModel>>();
  models.set(env.settings, byId);
  let m = byId.get(id);
  if (!m) {
    // Every answer is read through the size cap, before the SDK parses it.
    m = createLanguageModel(env.settings, id, cappedFetch(env.fetch ?? ((url, init) => globalThis.fetch(url, init))));
    byId.set(id, m);
  }
  return m;
}

export function promptChars(input: CallInput): number {
  let n = input.system.length;
  for (const m of input.messages)
    n += typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content).length;
  return n;
}

/** Prompt tokens, in time linear in the prompt's length (a repair prompt carries the model's own answer). */
export function estimateTokens(input: CallInput): number {
  return (
    approxTokens(input.system) +
    input.messages.reduce(
      (n, m) => n + approxTokens(typeof m.content === 'string' ? m.content : JSON.stringify(m.content)),
      0,
    )
  );
}

/** Zod issues as short lines a model can act on: `tasks.0.due: YYYY-MM-DD`. */
export function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

function validate<T>(
  schema: z.ZodType<T>,
  text: string | undefined,
  finishReason: string | undefined,
): StructuredResult<T> {
  if (finishReason === 'length') {
    return { ok: false, errors: ['the answer was cut off at the output token limit: answer more briefly'], text };
  }
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch (e) {
    return { ok: false, errors: [`not valid JSON: ${(e as Error).message}`], text };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: issuesOf(parsed.error), text };
}

async function run<R>(
  env: CallEnv,
  input: CallInput,
  call: (signal: AbortSignal) => Promise<R>,
  tokensOf: (r: R) => { input: number | undefined; output: number | undefined },
): Promise<R> {
  const s = env.settings;
  const estimated = estimateTokens(input);
  const started = Date.now();
  let retries = 0;
  const record = (ok: boolean, tokens: { input: number | undefined; output: number | undefined }, delivered = true) => {
    const rec: CallRecord = {
      provider: s.provider,
      model: input.model,
      host: s.host,
      sourceId: input.sourceId,
      purpose: input.purpose,
      promptTokens: tokens.input ?? (ok ? estimated : 0),
      completionTokens: tokens.output ?? 0,
      chars: promptChars(input),
      ms: Date.now() - started,
      ok,
      retries,
      delivered,
    };
    env.usage.recordCall(rec);
    env.budget.add(env.usage.costOf(rec) ?? 0);
  };
  try {
    const r = await withRetry(() => env.limiter.schedule(estimated, () => call(AbortSignal.timeout(s.timeoutMs))), {
      maxRetries: s.maxRetries,
      ...env.retry,
      onRetry: (info) => {
        retries = info.attempt;
        env.retry?.onRetry?.(info);
      },
    });
    record(true, tokensOf(r));
    return r;
  } catch (e) {
    const cause = e instanceof LlmCallError ? e.cause : e;
    if ((await loadAi()).NoObjectGeneratedError.isInstance(cause)) {
      // The provider answered (and billed): count it, then let the caller validate and repair.
      record(true, { input: cause.usage?.inputTokens, output: cause.usage?.outputTokens });
      throw cause;
    }
    // An HTTP status means the request (and the source in it) reached the host; a refused connection does not.
    const reached = e instanceof LlmCallError ? e.status !== null || e.reason === 'timed out' : true;
    record(false, { input: undefined, output: undefined }, reached);
    throw e;
  }
}

/** What every request carries: model, prompt, settings, no SDK retries (ours honour Retry-After), store:false. */
async function requestFields(env: CallEnv, input: CallInput, abortSignal: AbortSignal, defaultMaxOutput: number) {
  const s = env.settings;
  return {
    model: await modelFor(env, input.model),
    system: input.system,
    messages: input.messages,
    temperature: s.temperature,
    maxRetries: 0,
    maxOutputTokens: input.maxOutputTokens ?? defaultMaxOutput,
    abortSignal,
    providerOptions: providerOptionsFor(s, input.promptCacheKey),
  };
}

const usageOf = (r: { usage: { inputTokens: number | undefined; outputTokens: number | undefined } }) => ({
  input: r.usage.inputTokens,
  output: r.usage.outputTokens,
});

export async function callStructured<T>(
  env: CallEnv,
  input: CallInput,
  schema: z.ZodType<T>,
): Promise<StructuredResult<T>> {
  const { generateText, NoObjectGeneratedError, Output } = await loadAi();
  try {
    const r = await run(
      env,
      input,
      async (abortSignal) =>
        generateText({ ...(await requestFields(env, input, abortSignal, 16_000)), output: Output.object({ schema }) }),
      usageOf,
    );
    // Output.object parsed the text with the zod schema; re-checking the serialised object keeps one code path
    // for "valid" (and catches a provider that reports truncation on otherwise parseable output).
    return validate(schema, JSON.stringify(r.output), r.finishReason);
  } catch (e) {
    if (NoObjectGeneratedError.isInstance(e)) return validate(schema, e.text, e.finishReason);
    throw e;
  }
}

export async function callText(env: CallEnv, input: CallInput): Promise<string> {
  const { generateText } = await loadAi();
  const r = await run(
    env,
    input,
    async (abortSignal) => generateText(await requestFields(env, input, abortSignal, 4_000)),
    usageOf,
  );
  if (r.finishReason === 'length')
    throw new LlmCallError('the answer was cut off at the output token limit', null, 0, false);
  if (!r.text.trim()) throw new LlmCallError('empty answer', null, 0, false);
  return r.text;
}
