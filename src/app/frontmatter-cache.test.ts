import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SMALL, smallVault } from '../../test/e2e/helpers/small-vault.ts';
import { loadConfig } from '../vault/config.ts';
import { frontmatterRound, readFrontmatterShared, rememberFrontmatter } from '../vault/frontmatter.ts';
import { FRONTMATTER_CACHE } from './frontmatter-cache.ts';
import { planVault, runVault } from './run.ts';
import { diskSnapshot, loadRegistry } from './vault-read.ts';

describe('the entity pages’ frontmatter, parsed once per change', () => {
  it('is one frozen object per frontmatter text, primed from what an earlier process saved', () => {
    const page = '---\nname: Jeff Denworth\naliases: [Jeff]\n---\n# Jeff\n';
    const a = readFrontmatterShared(page);
    expect(a).toEqual({ name: 'Jeff Denworth', aliases: ['Jeff'] });
    expect(readFrontmatterShared(`${page}\nmore body\n`)).toBe(a); // the body does not matter
    expect(Object.isFrozen(a.aliases)).toBe(true);
    const saved = '---\nname: Saved Earlier\n---\n';
    rememberFrontmatter([['name: Saved Earlier', { name: 'From the cache file' }]]);
    expect(readFrontmatterShared(saved)).toEqual({ name: 'From the cache file' });
    // a round keeps what it read and forgets the rest (a page changed since is a new key)
    frontmatterRound(() => readFrontmatterShared(page));
    expect(readFrontmatterShared(saved)).toEqual({ name: 'Saved Earlier' });
  });

  it('is saved by a run, never by a plan, and a damaged cache file is only a slower start', async () => {
    const root = smallVault(SMALL.slice(0, 2));
    const file = path.join(root, FRONTMATTER_CACHE);
    await planVault(root, loadConfig(root));
    expect(existsSync(file)).toBe(false);
    await runVault(root, loadConfig(root));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { entries: [string, { name?: string }][] };
    expect(saved.entries.map(([, fm]) => fm.name)).toContain('Itzik Reich');
    const config = loadConfig(root);
    const names = () =>
      loadRegistry(root, config, diskSnapshot(root))
        .entities.map((e) => e.name)
        .sort();
    const fromCache = names();
    writeFileSync(file, '{ not json');
    expect(names()).toEqual(fromCache);
  });
});
