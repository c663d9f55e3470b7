import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Budget } from './budget.ts';
import { cacheDir, cacheKey, LlmCache } from './cache.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'distill-llm-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('cacheKey', () => {
  it('changes with provider, model, prompt version and source', () => {
    const base = { provider: 'openai', model: 'gpt-5-mini', promptVersion: 'extract.v1@abcd', sourceId: 's1' };
    const keys = new Set([
      cacheKey(base),
      cacheKey({ ...base, provider: 'azure' }),
      cacheKey({ ...base, model: 'gpt-5' }),
      cacheKey({ ...base, promptVersion: 'extract.v2@abcd' }),
      cacheKey({ ...base, sourceId: 's2' }),
      cacheKey({ ...base, extra: 'prompt-hash' }),
    ]);
    expect(keys.size).toBe(6);
    expect(cacheKey(base)).toBe(cacheKey({ ...base }));
  });
});

describe('LlmCache', () => {
  const entry = {
    key: 'k1',
    provider: 'openai',
    model: 'm',
    prompt_version: 'v',
    source_id: 's',
    value: { title: 'x' },
  };

  it('round-trips an entry under .distill/cache/llm', () => {
    const root = tmp();
    const cache = new LlmCache(root);
    expect(cache.get('k1')).toBeNull();
    cache.set(entry);
    expect(cache.get<{ title: string }>('k1')?.value).toEqual({ title: 'x' });
    expect(readdirSync(cacheDir(root))).toEqual(['k1.json']);
  });

  it('never writes in a dry run', () => {
    const root = tmp();
    new LlmCache(root, true).set(entry);
    expect(existsSync(path.join(root, '.distill'))).toBe(false);
  });

  it('treats a corrupt file as a miss', () => {
    const root = tmp();
    const cache = new LlmCache(root);
    cache.set(entry);
    writeFileSync(path.join(cacheDir(root), 'k1.json'), '{not json');
    expect(cache.get('k1')).toBeNull();
  });
});

describe('Budget', () => {
  it('adds spend per month and stops at the limit', () => {
    const root = tmp();
    let now = new Date('2026-01-30T12:00:00Z');
    const b = new Budget(root, 1, false, () => now);
    expect(b.exhausted()).toBeNull();
    b.add(0.6);
    b.add(0.5);
    expect(b.spent()).toBeCloseTo(1.1);
    expect(b.exhausted()).toBe('monthly LLM budget reached ($1.10 of $1.00)');
    // A second run in the same month sees the same spend.
    expect(new Budget(root, 1, false, () => now).spent()).toBeCloseTo(1.1);
    now = new Date('2026-02-01T00:00:00Z');
    expect(b.exhausted()).toBeNull();
    expect(JSON.parse(readFileSync(path.join(cacheDir(root), 'spend.json'), 'utf8')).months['2026-01']).toBeCloseTo(
      1.1,
    );
  });

  it('has no limit when none is configured, and a dry run writes nothing', () => {
    const root = tmp();
    const b = new Budget(root, null, true);
    b.add(100);
    expect(b.exhausted()).toBeNull();
    expect(existsSync(path.join(root, '.distill'))).toBe(false);
  });
});
