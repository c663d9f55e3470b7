/**
 * Prompt size per fixture through the real prompt builder (o200k tokens, system + user, summed over chunks), with
 * the chunk count. The old system sent at most 12,000 characters of source per call and silently dropped the rest.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ExtractContext, KnownEntity } from '../src/extract/extractor.ts';
import type { SourceEnvelope } from '../src/ingest/envelope.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { buildExtractPrompts, extractSystemPrompt } from '../src/llm/prompts.ts';
import { parseConfig } from '../src/vault/config.ts';
import type { BenchResult } from './run.ts';

const OLD_SOURCE_CHARS = 12_000;
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'sources');

/** A registry like a real vault's: every named participant of every fixture, so the relevance filter has work to do. */
function registry(envs: SourceEnvelope[]): KnownEntity[] {
  const byName = new Map<string, KnownEntity>();
  for (const e of envs) {
    for (const p of e.participants) {
      if (p.name.includes('@')) continue;
      const k = byName.get(p.name) ?? { kind: 'person' as const, name: p.name, aliases: [], emails: [] };
      if (p.email && !k.emails.includes(p.email)) k.emails.push(p.email);
      byName.set(p.name, k);
    }
  }
  return [...byName.values()];
}

export async function run(): Promise<BenchResult[]> {
  const config = parseConfig(
    'owner: { name: Jason Vallery, emails: [jason.vallery@vastdata.com], aliases: [Jason], organisation: VAST Data }\n',
  );
  const loaded: { id: string; env: SourceEnvelope }[] = [];
  for (const id of readdirSync(fixtures).sort()) {
    for (const env of await ingestFile(path.join(fixtures, id, 'source.md'), { displayPath: `${id}/source.md` }))
      loaded.push({ id, env });
  }
  const ctx: ExtractContext = { config, known: registry(loaded.map((l) => l.env)), today: '2026-01-07' };
  const results: BenchResult[] = [];
  const systemTokens = countTokens(extractSystemPrompt().text);
  let total = 0;
  let sourceChars = 0;
  let oldChars = 0;
  for (const { id, env } of loaded) {
    if (!env.text.trim()) {
      results.push({
        name: `llm prompt tokens ${id}`,
        value: 0,
        unit: 'tokens',
        note: 'no source text (earlier summary only): no call',
      });
      continue;
    }
    const prompts = buildExtractPrompts(env, ctx);
    const tokens = prompts.reduce((n, p) => n + countTokens(p.system) + countTokens(p.user), 0);
    total += tokens;
    sourceChars += env.text.length;
    oldChars += Math.min(env.text.length, OLD_SOURCE_CHARS);
    const oldShare = Math.min(1, OLD_SOURCE_CHARS / env.text.length);
    results.push({
      name: `llm prompt tokens ${id}`,
      value: tokens,
      unit: 'tokens',
      note: `${prompts.length} chunk${prompts.length === 1 ? '' : 's'}, ${env.text.length} source chars; old system sent ${Math.round(oldShare * 100)}% of the source`,
    });
  }
  const called = loaded.filter((l) => l.env.text.trim()).length;
  results.push({ name: 'llm prompt tokens per source sent (mean)', value: Math.round(total / called), unit: 'tokens' });
  results.push({ name: 'llm static prompt prefix (cacheable, per call)', value: systemTokens, unit: 'tokens' });
  results.push({
    name: 'llm source characters sent (all fixtures)',
    value: sourceChars,
    unit: 'chars',
    target: '100% of the source',
    note: `old system: ${oldChars} (${Math.round((oldChars / sourceChars) * 100)}%)`,
  });
  return results;
}
