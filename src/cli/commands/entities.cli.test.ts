/** `distill entities` and `distill doctor` against a temp vault, in process, through the real apply. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dirsOf, git, smallVault } from '../../../test/e2e/helpers/small-vault.ts';
import { runCli } from '../../../test/helpers/cli.ts';
import { tempDir, writeTree } from '../../../test/helpers/vault.ts';
import { acquireLock } from '../../apply/lock.ts';
import { readVaultNotes } from '../../vault/files.ts';
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

describe('entity edits in a git vault', () => {
  const people = (root: string) => readdirSync(path.join(root, 'People')).sort();
  const emptyFolders = (root: string) => dirsOf(root).filter((d) => readdirSync(path.join(root, d)).length === 0);

  it('merges several entities in one commit, and undo brings them back; no empty folder either way', async () => {
    const root = smallVault();
    expect((await cli(root, 'run')).code).toBe(0);
    const before = people(root);
    const head = git(root, 'rev-parse', 'HEAD').trim();

    const merged = await cli(root, 'entities', 'merge', 'Noa Cohen', 'Itzik Reich', '--into', 'Lior Genzel');
    expect(merged.code).toBe(0);
    expect(git(root, 'log', '--format=%s', `${head}..HEAD`).trim().split('\n')).toEqual([
      'distill entities merge Lior Genzel <- Noa Cohen, Itzik Reich',
    ]);
    expect(people(root)).toEqual(before.filter((p) => p !== 'Noa Cohen' && p !== 'Itzik Reich'));
    expect(emptyFolders(root)).toEqual([]);
    expect(git(root, 'status', '--porcelain')).toBe('');

    // a plain undo undoes the latest edit, which is the merge, not the run before it
    expect((await cli(root, 'undo')).code).toBe(0);
    expect(people(root)).toEqual(before);
    expect(emptyFolders(root)).toEqual([]);
    expect(git(root, 'status', '--porcelain')).toBe('');
  }, 60_000);

  it('deletes an entity for good and ignores a name before it ever gets a page', async () => {
    const root = smallVault();
    expect((await cli(root, 'run')).code).toBe(0);
    expect((await cli(root, 'entities', 'delete', 'Ray Coetzee')).code).toBe(0);
    expect((await cli(root, 'entities', 'ignore', 'Kurt Vonnegut')).code).toBe(0);
    expect(people(root)).not.toContain('Ray Coetzee');
    expect(emptyFolders(root)).toEqual([]);
    const config = readFileSync(path.join(root, 'distill.config.yaml'), 'utf8');
    expect(config).toMatch(/stop_names:\n\s+- Ray Coetzee\n\s+- Kurt Vonnegut\n/);
    const notes = readVaultNotes(root).filter((f) => f.path.endsWith('.md') && !f.path.startsWith('Sources/'));
    expect(notes.filter((f) => f.content.includes('People/Ray Coetzee/README')).map((f) => f.path)).toEqual([]);
    expect(notes.some((f) => f.content.includes('Ray Coetzee'))).toBe(true); // plain text stays

    // a reprocess of every source does not bring the page back
    expect((await cli(root, 'rebuild')).code).toBe(0);
    expect(people(root)).not.toContain('Ray Coetzee');
    const doctor = JSON.parse((await cli(root, 'doctor', '--json')).out);
    expect(doctor.counts['dangling-link']).toBe(0);
  }, 60_000);

  it('plans only under the vault lock: a held lock stops the edit before anything is read or written', async () => {
    const root = smallVault();
    expect((await cli(root, 'run')).code).toBe(0);
    const lock = acquireLock(root);
    try {
      const r = await runCli('--vault', root, 'entities', 'delete', 'Ray Coetzee');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/lock|another distill/i);
    } finally {
      lock.release();
    }
    expect(people(root)).toContain('Ray Coetzee');
  }, 60_000);
});
