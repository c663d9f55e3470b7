/** `distill entities` and `distill doctor` against a temp vault, in process, through the real apply. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { tempDir, writeTree } from '../../../test/helpers/vault.ts';
import { readFrontmatter } from '../../vault/markdown.ts';

const CONFIG = 'owner:\n  name: Jason Vallery\n  emails: [jason.vallery@vastdata.com]\ngit:\n  commit: "off"\n';

function vault(): string {
  const root = tempDir('distill-entities-');
  writeTree(root, {
    'distill.config.yaml': CONFIG,
    'People/Jonsi Stefansson/README.md':
      '---\ntype: person\n---\n# Jonsi Stefansson\n\n## Key Facts\n\n- Jonsi leads cloud at VAST.\n',
    'People/Jonsi Stephenson/README.md':
      '---\ntype: person\n---\n# Jonsi Stephenson\n\n## Key Facts\n\n- Jonsi met Aung in Redmond.\n- Jonsi met Aung in Redmond!\n',
    'People/Jonsi Stephenson/2025-12-21 - 1on1.md': '# 1:1\n',
    'Meetings/2025/2025-12-21 - MAI.md': '# MAI\n\nWith [[Jonsi Stephenson]].\n',
  });
  return root;
}

async function cli(root: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const r = await runCli('--vault', root, ...args);
  return { code: r.code, out: r.stdout };
}

afterEach(() => vi.restoreAllMocks());

describe('distill doctor', () => {
  it('exits 1 and names the duplicate bullet, then 0 once the pages are merged', async () => {
    const root = vault();
    const before = await cli(root, 'doctor', '--json');
    expect(before.code).toBe(1);
    const report = JSON.parse(before.out);
    expect(report.counts['exact-duplicate']).toBe(1);
    expect(report.entities).toMatchObject({ person: 2, total: 2 });

    const merged = await cli(root, 'entities', 'merge', 'Jonsi Stefansson', 'Jonsi Stephenson', '--json');
    expect(merged.code).toBe(0);
    const page = readFileSync(path.join(root, 'People/Jonsi Stefansson/README.md'), 'utf8');
    expect(readFrontmatter(page).aliases).toEqual(['Jonsi Stephenson']);
    expect(page.match(/Jonsi met Aung in Redmond/g)).toHaveLength(1);
    expect(page).toContain('- Jonsi leads cloud at VAST.');
    expect(existsSync(path.join(root, 'People/Jonsi Stephenson/README.md'))).toBe(false);
    expect(readFileSync(path.join(root, 'Meetings/2025/2025-12-21 - MAI.md'), 'utf8')).toContain(
      '[[People/Jonsi Stefansson/README|Jonsi Stephenson]]',
    );

    const after = await cli(root, 'doctor');
    expect(after.code).toBe(0);
    expect(after.out).toContain('entities: 1 (1 people, 0 accounts, 0 projects)');
  });
});

describe('distill entities', () => {
  it('lists the registry with the owner, and shows one entity', async () => {
    const root = vault();
    const list = await cli(root, 'entities', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).map((e: { name: string }) => e.name)).toEqual([
      'Jason Vallery',
      'Jonsi Stefansson',
      'Jonsi Stephenson',
    ]);
    const show = await cli(root, 'entities', 'show', 'Myself');
    expect(show.out).toContain('Jason Vallery (person, person:jason-vallery) — vault owner');
  });

  it('adds an alias, and refuses an unknown name with a usage error', async () => {
    const root = vault();
    expect((await cli(root, 'entities', 'alias', 'add', 'Jonsi Stefansson', 'Jón Stefánsson')).code).toBe(0);
    const page = readFileSync(path.join(root, 'People/Jonsi Stefansson/README.md'), 'utf8');
    expect(readFrontmatter(page).aliases).toEqual(['Jón Stefánsson']);
    expect((await cli(root, 'entities', 'show', 'Nobody Here')).code).toBe(2);
  });
});
