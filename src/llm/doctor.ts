/**
 * `distill doctor --llm`: checks the configured endpoint the way a run would use it and says what is missing:
 * key present, host reachable, model listed, a tiny structured-output call that validates, and its latency.
 */
import { z } from 'zod';
import type { Config } from '../vault/config.ts';
import { Budget } from './budget.ts';
import { callStructured } from './call.ts';
import { LlmConfigError, type LlmSettings, missingKey, resolveLlmSettings } from './providers.ts';
import { RateLimiter } from './rate-limit.ts';
import { UsageReport } from './usage.ts';

const Probe = z.object({ answer: z.string(), number: z.number().int() });

function authHeaders(s: LlmSettings): Record<string, string> {
  if (!s.apiKey) return {};
  if (s.provider === 'anthropic') return { 'x-api-key': s.apiKey, 'anthropic-version': '2023-06-01' };
  if (s.provider === 'azure') return { 'api-key': s.apiKey };
  return { authorization: `Bearer ${s.apiKey}` };
}

/** Where the model list lives for each provider (Azure deployments are not listable with a key alone). */
function modelsUrl(s: LlmSettings): string | null {
  if (s.provider === 'azure') return null;
  if (s.provider === 'ollama') return `${s.baseURL.replace(/\/v1$/, '')}/api/tags`;
  return `${s.baseURL}/models`;
}

async function listModels(
  s: LlmSettings,
  fetchFn: typeof fetch,
): Promise<{ ok: true; ids: string[] } | { ok: false; why: string }> {
  const url = modelsUrl(s);
  if (!url) return { ok: true, ids: [] };
  try {
    const res = await fetchFn(url, {
      headers: authHeaders(s),
      signal: AbortSignal.timeout(Math.min(s.timeoutMs, 15_000)),
    });
    if (!res.ok) return { ok: false, why: `HTTP ${res.status} from ${new URL(url).pathname}` };
    const body = (await res.json()) as { data?: { id?: string }[]; models?: { name?: string; model?: string }[] };
    const ids = [
      ...(body.data ?? []).map((m) => m.id),
      ...(body.models ?? []).flatMap((m) => [m.name, m.model]),
    ].filter((x): x is string => typeof x === 'string');
    return { ok: true, ids };
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    return { ok: false, why: `unreachable${code ? ` (${code})` : `: ${(e as Error).message}`}` };
  }
}

export async function llmDoctor(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
  opts: { fetch?: typeof fetch } = {},
): Promise<{ ok: boolean; lines: string[] }> {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const lines: string[] = [];
  let s: LlmSettings;
  try {
    s = resolveLlmSettings(config, env);
  } catch (e) {
    if (e instanceof LlmConfigError) {
      return {
        ok: false,
        lines: [`llm: ${e.message}`, 'missing: set llm.provider in distill.config.yaml (or DISTILL_LLM_PROVIDER)'],
      };
    }
    throw e;
  }
  let ok = true;
  const models = [...new Set([s.extractModel, s.draftModel, ...(s.fallbackModel ? [s.fallbackModel] : [])])];
  lines.push(`llm: provider ${s.provider}, endpoint ${s.host}, models ${models.join(', ')}`);
  const keyProblem = missingKey(s);
  if (keyProblem) {
    ok = false;
    lines.push(`missing: ${keyProblem}`);
  } else {
    lines.push(s.apiKey ? `ok: API key from ${s.keyVar}` : 'ok: no API key needed');
  }

  const listed = await listModels(s, fetchFn);
  if (!listed.ok) {
    lines.push(`unreachable: ${s.host}: ${listed.why}`);
    return { ok: false, lines };
  }
  lines.push(`ok: ${s.host} reachable`);
  if (listed.ids.length) {
    for (const m of models) {
      const present = listed.ids.some((id) => id === m || id === `${m}:latest` || id.replace(/^models\//, '') === m);
      if (present) lines.push(`ok: model ${m} available`);
      else {
        ok = false;
        lines.push(
          `missing: model ${m} is not served by ${s.host}${s.provider === 'ollama' ? ` (run: ollama pull ${m})` : ''}`,
        );
      }
    }
  } else if (modelsUrl(s) === null) {
    lines.push('note: azure deployments cannot be listed; the structured-output check below uses the deployment');
  }

  if (keyProblem) return { ok: false, lines };
  const usage = new UsageReport(s.prices);
  const started = Date.now();
  try {
    const result = await callStructured(
      {
        settings: { ...s, maxRetries: 0 },
        usage,
        limiter: new RateLimiter({ rpm: null, tpm: null, concurrency: 1 }),
        budget: new Budget('.', null, true),
        fetch: fetchFn,
      },
      {
        model: s.extractModel,
        system: 'Answer with JSON matching the schema.',
        messages: [{ role: 'user', content: 'Set answer to "pong" and number to 42.' }],
        sourceId: 'doctor',
        purpose: 'doctor',
        maxOutputTokens: 200,
      },
      Probe,
    );
    const ms = Date.now() - started;
    if (result.ok) lines.push(`ok: structured output works with ${s.extractModel} (${ms} ms)`);
    else {
      ok = false;
      lines.push(`failed: ${s.extractModel} answered outside the schema (${result.errors[0]}) after ${ms} ms`);
    }
  } catch (e) {
    ok = false;
    lines.push(`failed: structured output call to ${s.extractModel}: ${(e as Error).message.split('\n')[0]}`);
  }
  return { ok, lines };
}
