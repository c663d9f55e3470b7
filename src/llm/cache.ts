/**
 * Response cache in `.distill/cache/llm/<sha>.json`, keyed by what determines the answer (provider, model, prompt
 * version, source id, and for drafts the prompt itself), so re-running the same inbox costs nothing.
 * Dry runs read it but never write it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_CACHE_FILE_BYTES } from './bounds.ts';

export function cacheDir(root: string): string {
  return path.join(root, '.distill', 'cache', 'llm');
}

export function cacheKey(parts: {
  provider: string;
  model: string;
  promptVersion: string;
  sourceId: string;
  extra?: string;
}): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.provider, parts.model, parts.promptVersion, parts.sourceId, parts.extra ?? '']))
    .digest('hex');
}

export interface CacheEntry<T> {
  key: string;
  provider: string;
  model: string;
  prompt_version: string;
  source_id: string;
  created: string;
  value: T;
}

export class LlmCache {
  constructor(
    private readonly root: string,
    private readonly dryRun = false,
  ) {}

  private file(key: string): string {
    return path.join(cacheDir(this.root), `${key}.json`);
  }

  /** A missing, unreadable or oversized entry is a miss: the cache can always be deleted. */
  get<T>(key: string): CacheEntry<T> | null {
    try {
      if (statSync(this.file(key)).size > MAX_CACHE_FILE_BYTES) return null;
      const entry = JSON.parse(readFileSync(this.file(key), 'utf8')) as CacheEntry<T>;
      return entry.key === key ? entry : null;
    } catch {
      return null;
    }
  }

  set<T>(entry: Omit<CacheEntry<T>, 'created'>): void {
    if (this.dryRun) return;
    const dir = cacheDir(this.root);
    mkdirSync(dir, { recursive: true });
    const file = this.file(entry.key);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ ...entry, created: new Date().toISOString() }, null, 2)}\n`);
    renameSync(tmp, file);
  }
}
