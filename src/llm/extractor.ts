/**
 * The LLM extractor. Per source: cache, then the configured model (with one repair attempt on invalid output),
 * then the fallback model, then the offline extractor. Whatever answers, the deterministic fields (participants,
 * date) come from the adapter, done tasks from an earlier summary are dropped, and every item must quote the source.
 * Model output is only ever data that fills the schema.
 */
import type { ModelMessage } from 'ai';
import type { ExtractContext, Extractor } from '../extract/extractor.ts';
import type { GroundingOptions, GroundingResult } from '../extract/grounding.ts';
import { extractParticipants, OWNER, ownerMatcher } from '../extract/participants.ts';
import { type Extraction, ExtractionCore } from '../extract/schema.ts';
import { taskId } from '../extract/task-id.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import type { Config } from '../vault/config.ts';
import { boundCore } from './bounds.ts';
import type { Budget } from './budget.ts';
import { cacheKey, type LlmCache } from './cache.ts';
import { type CallEnv, callStructured } from './call.ts';
import { mergeExtractions, similar } from './chunk.ts';
import { mentions } from './context.ts';
import { addressesAi, injectionLines, quotesInjection } from './injection.ts';
import { buildExtractPrompts, type ExtractPrompt, repairMessage } from './prompts.ts';
import { extractorLabel, type LlmSettings, missingKey } from './providers.ts';
import type { RateLimiter } from './rate-limit.ts';
import { LlmCallError, type RetryOptions } from './retry.ts';
import type { UsageReport } from './usage.ts';

export interface LlmExtractorDeps {
  settings: LlmSettings;
  usage: UsageReport;
  cache: LlmCache;
  budget: Budget;
  limiter: RateLimiter;
  offline: Extractor;
  ground: (ex: Extraction, sourceText: string, opts?: GroundingOptions) => GroundingResult;
  fetch?: typeof globalThis.fetch;
  retry?: Partial<RetryOptions>;
  chunkChars?: number;
  /** Consecutive sources failing on transport errors before the rest of the run skips the provider. */
  breakerThreshold?: number;
}

/** The model answered, but twice not in the schema's shape. */
export class InvalidOutputError extends Error {
  override name = 'InvalidOutputError';
}

/** Same owner rule as the offline extractor, so both paths write `Myself` for the same spellings. */
function isOwner(config: Config, name: string | null | undefined, email?: string | null): boolean {
  return ownerMatcher(config)(name ?? '', email ?? undefined);
}

function ownerName(config: Config, name: string | null): string {
  if (!name?.trim()) return 'TBD';
  return isOwner(config, name) ? OWNER : name.trim();
}

/** The quote (an exact span of `text`, as grounding leaves it) starts on a checked task line: `- [x] Send the deck`. */
function onCheckedLine(text: string, span: string): boolean {
  const at = text.indexOf(span);
  if (at < 0) return false;
  const line = text.slice(text.lastIndexOf('\n', at) + 1, at + span.length);
  return /^\s*(?:[-*+]|\d+[.)])\s+\[[xX]\]\s/.test(line);
}

/**
 * True when a name the model gave occurs in the source: as a phrase (whole words, any whitespace), or, for a name of
 * two or more words of two or more letters each, word by word (`Libenson, Paul` for Paul Libenson). A name with a
 * one-letter word (`C Windows x`) must occur as written.
 */
export function nameInSource(haystackFolded: string, name: string): boolean {
  if (mentions(haystackFolded, name)) return true;
  const words = name
    .split(/[\s,]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  return words.length >= 2 && words.every((w) => w.length >= 2 && mentions(haystackFolded, w));
}

/**
 * Applies what the adapter knows for certain over what the model said, then grounding. Model output is data, never
 * a decision: every task is `proposed` whatever status the model gave; every item must quote the source and its
 * text must be supported by that quote; every name must occur in the source. Pure apart from the grounding function
 * passed in.
 */
export function finalizeExtraction(
  core: ExtractionCore,
  env: SourceEnvelope,
  ctx: ExtractContext,
  extractor: string,
  ground: (ex: Extraction, sourceText: string, opts?: GroundingOptions) => GroundingResult,
  warnings: string[] = [],
): { extraction: Extraction; dropped: number } {
  const config = ctx.config;
  // Where a name may be found: the text, the title, and the names and addresses the adapter read from headers.
  const textFolded = [env.title, env.text, ...env.participants.flatMap((p) => [p.name, p.email ?? ''])]
    .join('\n')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const inSource = (name: string, email?: string | null) =>
    nameInSource(textFolded, name) || (!!email && textFolded.includes(email.toLowerCase()));
  const participants = env.participants.length
    ? // The adapter's participants, normalised exactly as the offline extractor does (owner -> Myself).
      extractParticipants(env, ownerMatcher(config))
    : // No adapter data (plain documents): keep only names that really occur in the text.
      core.participants
        .filter((p) => inSource(p.name))
        .map((p) => ({ name: isOwner(config, p.name, p.email) ? OWNER : p.name, email: p.email }));

  const done = env.prior_summary?.tasks.filter((t) => t.done).map((t) => t.text) ?? [];
  const notes = [...warnings];
  let redone = 0;
  // One action asked of two people ("Please attend this call tomorrow" to Jason and to Jonsi) is two tasks: when a
  // text has more than one owner, each owner's task gets an id of its own (text + owner), the same on every run.
  const ownersOf = new Map<string, Set<string>>();
  for (const t of core.tasks) {
    const key = taskId(env.source_id, t.text);
    ownersOf.set(key, (ownersOf.get(key) ?? new Set()).add(ownerName(config, t.owner)));
  }
  const byId = new Map<string, Extraction['tasks'][number]>();
  const tasks: Extraction['tasks'] = [];
  for (const t of core.tasks) {
    if (done.some((d) => similar(d, t.text))) {
      redone++;
      continue;
    }
    const owner = ownerName(config, t.owner);
    const plain = taskId(env.source_id, t.text);
    const id = (ownersOf.get(plain)?.size ?? 0) > 1 ? taskId(env.source_id, `${t.text} ${owner}`) : plain;
    const same = byId.get(id);
    if (same) {
      // The same task said twice: one line, keeping a due date or priority only the repeat gave.
      same.due ??= t.due;
      same.priority ??= t.priority;
      continue;
    }
    // Review is the user's: a model cannot accept, start, finish or reject a task.
    const task = { ...t, owner, id, status: 'proposed' as const };
    byId.set(id, task);
    tasks.push(task);
  }
  if (redone) notes.push(`${redone} task${redone === 1 ? '' : 's'} dropped: already done in the earlier summary`);

  // A mention makes an entity page: only names the source contains ("Evil y" from nowhere makes none).
  const named = core.mentions.filter((m) => !isOwner(config, m.name, m.email));
  const mentions = named.filter((m) => inSource(m.name, m.email));
  if (mentions.length < named.length) {
    const n = named.length - mentions.length;
    notes.push(`${n} name${n === 1 ? '' : 's'} dropped: not found in the source`);
  }
  const draft: Extraction = {
    ...core,
    title: core.title.trim() || env.title,
    date: env.date ?? core.date,
    participants,
    tasks,
    facts: core.facts.map((f) => ({ ...f, about: f.about && isOwner(config, f.about) ? OWNER : f.about })),
    mentions,
    reply: env.kind === 'email' ? core.reply : null,
    source_id: env.source_id,
    extractor,
    warnings: notes,
  };
  // Words the source itself gives without saying them in a sentence: its title, its people, the owner.
  const names = [
    env.title,
    ...env.participants.flatMap((p) => [p.name, p.email ?? '']),
    config.owner.name,
    ...config.owner.aliases,
  ];
  const grounded = ground(draft, env.text, { support: { names, excluded: addressesAi } });
  const ex = grounded.extraction;
  const unquoted = grounded.dropped.filter((d) => d.why === 'evidence' || d.why === undefined).length;
  const unsupported = grounded.dropped.filter((d) => d.why === 'support').length;
  const quotingAi = grounded.dropped.filter((d) => d.why === 'excluded').length;
  const dropped = unquoted + unsupported;
  if (unquoted)
    ex.warnings.push(`${unquoted} item${unquoted === 1 ? '' : 's'} dropped: evidence not found in the source`);
  if (unsupported)
    ex.warnings.push(
      `${unsupported} item${unsupported === 1 ? '' : 's'} dropped: text not supported by the quoted evidence`,
    );
  // A checklist the source itself ticks off (`- [x] …`) is a record of done work: its items are never new tasks.
  const open = ex.tasks.filter((t) => !onCheckedLine(env.text, t.evidence));
  if (open.length < ex.tasks.length) {
    const n = ex.tasks.length - open.length;
    ex.warnings.push(`${n} task${n === 1 ? '' : 's'} dropped: checked off as done in the source`);
    ex.tasks = open;
  }

  const planted = injectionLines(env.text);
  if (planted.length) {
    const clean = <T extends { evidence: string }>(items: T[]) =>
      items.filter((i) => !quotesInjection(i.evidence, planted));
    const before = ex.tasks.length + ex.decisions.length + ex.facts.length + ex.meetings.length;
    ex.tasks = clean(ex.tasks);
    ex.decisions = clean(ex.decisions);
    ex.facts = clean(ex.facts);
    ex.meetings = clean(ex.meetings);
    const removed = quotingAi + before - (ex.tasks.length + ex.decisions.length + ex.facts.length + ex.meetings.length);
    ex.warnings.push(
      `source contains text addressed to an AI (possible prompt injection)${removed ? `: ${removed} item${removed === 1 ? '' : 's'} quoting it dropped` : ''}`,
    );
  }
  return { extraction: ex, dropped };
}

export class LlmExtractor implements Extractor {
  readonly name: string;
  private failedInARow = 0;
  private lastFailure = '';

  constructor(private readonly deps: LlmExtractorDeps) {
    this.name = extractorLabel(deps.settings, deps.settings.extractModel);
  }

  private get models(): string[] {
    const s = this.deps.settings;
    return s.fallbackModel ? [s.extractModel, s.fallbackModel] : [s.extractModel];
  }

  private key(model: string, sourceId: string, version: string): string {
    return cacheKey({ provider: this.deps.settings.provider, model, promptVersion: version, sourceId });
  }

  private callEnv(): CallEnv {
    const d = this.deps;
    return {
      settings: d.settings,
      usage: d.usage,
      limiter: d.limiter,
      budget: d.budget,
      fetch: d.fetch,
      retry: d.retry,
    };
  }

  /** One prompt (one chunk): first answer, and if it is not schema-valid, one repair with the validator's errors. */
  private async extractChunk(model: string, prompt: ExtractPrompt, sourceId: string): Promise<ExtractionCore> {
    const messages: ModelMessage[] = [{ role: 'user', content: prompt.user }];
    const env = this.callEnv();
    const first = await callStructured(
      env,
      { model, system: prompt.system, messages, sourceId, purpose: 'extract', promptCacheKey: prompt.version },
      ExtractionCore,
    );
    if (first.ok) return boundCore(first.value);
    const repair: ModelMessage[] = [
      ...messages,
      ...(first.text?.trim() ? [{ role: 'assistant' as const, content: first.text }] : []),
      { role: 'user', content: repairMessage(first.errors, first.text) },
    ];
    const second = await callStructured(
      env,
      { model, system: prompt.system, messages: repair, sourceId, purpose: 'repair', promptCacheKey: prompt.version },
      ExtractionCore,
    );
    if (second.ok) return boundCore(second.value);
    throw new InvalidOutputError(`invalid output after a repair attempt: ${second.errors[0] ?? 'unknown'}`);
  }

  private async offline(env: SourceEnvelope, ctx: ExtractContext, reason: string): Promise<Extraction> {
    const result = await this.deps.offline.extract(env, ctx);
    const extractor = result.extractor || 'offline';
    this.deps.usage.recordFallback({ sourceId: env.source_id, extractor, reason });
    return { ...result, warnings: [...result.warnings, `${reason}: fell back to ${extractor}`] };
  }

  private finish(
    core: ExtractionCore,
    env: SourceEnvelope,
    ctx: ExtractContext,
    model: string,
    warnings: string[],
  ): Extraction {
    const { extraction, dropped } = finalizeExtraction(
      core,
      env,
      ctx,
      extractorLabel(this.deps.settings, model),
      this.deps.ground,
      warnings,
    );
    this.deps.usage.recordDropped(env.source_id, dropped);
    return extraction;
  }

  async extract(env: SourceEnvelope, ctx: ExtractContext): Promise<Extraction> {
    const d = this.deps;
    // Nothing left to read (e.g. a note that is only an earlier tool's summary): a call would cost and find nothing.
    if (!env.text.trim()) return this.offline(env, ctx, 'no source text to send');
    const prompts = buildExtractPrompts(env, ctx, d.chunkChars);
    const version = prompts[0]?.version ?? 'none';

    for (const model of this.models) {
      const hit = d.cache.get<ExtractionCore>(this.key(model, env.content_id ?? env.source_id, version));
      const parsed = hit ? ExtractionCore.safeParse(hit.value) : null;
      if (parsed?.success) {
        d.usage.recordCacheHit(env.source_id);
        // Bounded again: an entry written before the limits existed must not bring an oversized name back.
        return this.finish(boundCore(parsed.data), env, ctx, model, []);
      }
    }

    const blocked =
      missingKey(d.settings) ??
      d.budget.exhausted() ??
      (this.failedInARow >= (d.breakerThreshold ?? 3)
        ? `llm skipped: provider failed on ${this.failedInARow} sources in a row (${this.lastFailure})`
        : null);
    if (blocked) return this.offline(env, ctx, blocked);

    const failures: string[] = [];
    let transport = 0;
    for (const model of this.models) {
      try {
        const parts = await Promise.all(prompts.map((p) => this.extractChunk(model, p, env.source_id)));
        const merged = mergeExtractions(parts);
        const warnings: string[] = [];
        try {
          d.cache.set({
            key: this.key(model, env.content_id ?? env.source_id, version),
            provider: d.settings.provider,
            model,
            prompt_version: version,
            source_id: env.source_id,
            value: merged,
          });
        } catch (e) {
          // A paid answer is still good when the cache cannot be written; the next run just pays again.
          warnings.push(`llm cache not written: ${(e as Error).message.split('\n')[0]}`);
        }
        this.failedInARow = 0;
        if (failures.length) {
          const reason = `${extractorLabel(d.settings, this.models[0] as string)} failed (${failures.join('; ')})`;
          warnings.push(`${reason}: used fallback model ${model}`);
          d.usage.recordFallback({ sourceId: env.source_id, extractor: extractorLabel(d.settings, model), reason });
        }
        if (prompts.length > 1)
          warnings.push(`long source: extracted in ${prompts.length} overlapping parts and merged`);
        return this.finish(merged, env, ctx, model, warnings);
      } catch (e) {
        if (e instanceof LlmCallError) {
          failures.push(`${model}: ${e.message}`);
          if (e.retryable) {
            transport++;
            this.lastFailure = e.message;
          }
        } else if (e instanceof InvalidOutputError) {
          failures.push(`${model}: ${e.message}`);
        } else {
          failures.push(`${model}: ${(e as Error).message?.split('\n')[0] ?? String(e)}`);
        }
      }
    }
    // Only transport failures (the provider is down or throttling) trip the breaker, not one bad answer.
    this.failedInARow = transport === this.models.length ? this.failedInARow + 1 : 0;
    const detail = failures.length === 1 ? failures[0]?.replace(/^[^:]+: /, '') : failures.join('; ');
    return this.offline(env, ctx, `llm failed (${detail})`);
  }
}
