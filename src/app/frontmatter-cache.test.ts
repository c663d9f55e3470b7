import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SMALL, smallVault } from '../../test/e2e/helpers/small-vault.ts';
import { loadConfig } from '../vault/config.ts';
import { frontmatterRound, readFrontmatterShared, rememberFrontmatter } from '../vault/frontmatter.ts';
import { collectGarbage } from './collect-garbage.ts';
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

  it('keeps the frontmatter, never the page it was cut from (a batch reads megabyte-long account pages)', () => {
    const heap = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const body = `${'- 2025-01-01 [[Meetings/2025/2025-01-01 - A long timeline line of an account page]]\n'.repeat(8_000)}`;
    frontmatterRound(() => readFrontmatterShared('---\nname: Warm Up\n---\n'));
    const before = heap();
    frontmatterRound(() => {
      // 40 pages of ~700 KB each, every one a new text (as each batch rewrites the account pages)
      for (let i = 0; i < 40; i++)
        readFrontmatterShared(`---\nname: Account ${i}\ntags: [distill/account]\n---\n${body}${i}`);
    });
    expect(heap() - before).toBeLessThan(5_000_000);
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
