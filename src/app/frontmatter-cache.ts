/**
 * The entity pages' parsed frontmatter, kept between runs in `.distill/cache/frontmatter.json` (git-ignored, like
 * every cache): keyed by the frontmatter's own text, so an edited page is simply a new key and a stale entry can
 * never be read for it. Reading 1,000 pages' YAML was a fifth of a second of every run in a large vault. A missing
 * or damaged file is an empty cache; saving is best-effort and never fails a run.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rememberedFrontmatter, rememberFrontmatter } from '../vault/frontmatter.ts';

export const FRONTMATTER_CACHE = '.distill/cache/frontmatter.json';
const VERSION = 1;

const loaded = new Set<string>();

/** Prime this process's parses from the vault's cache file (once per vault and process). */
export function loadFrontmatterCache(root: string): void {
  if (loaded.has(root)) return;
  loaded.add(root);
  try {
    const data = JSON.parse(readFileSync(path.join(root, FRONTMATTER_CACHE), 'utf8')) as {
      version?: unknown;
      entries?: unknown;
    };
    if (data.version !== VERSION || !Array.isArray(data.entries)) return;
    rememberFrontmatter(
      data.entries.filter(
        (e): e is [string, Record<string, unknown>] =>
          Array.isArray(e) && typeof e[0] === 'string' && !!e[1] && typeof e[1] === 'object' && !Array.isArray(e[1]),
      ),
    );
  } catch {
    // no cache yet, or a damaged one: everything is parsed afresh
  }
}

/** Save the parses this process used, when any was new; only after a run has written the vault (never a dry run). */
export function saveFrontmatterCache(root: string): void {
  const { entries, changed } = rememberedFrontmatter();
  if (!changed || entries.length === 0) return;
  const file = path.join(root, FRONTMATTER_CACHE);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: VERSION, entries }));
    renameSync(tmp, file);
  } catch {
    // a cache: the next run parses again
  }
}
