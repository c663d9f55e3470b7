import { describe, expect, it } from 'vitest';
import type { VaultFile } from '../core/vault-file.ts';
import { checkVault } from '../entities/doctor.ts';
import type { Entity } from '../entities/entity.ts';
import { renderEntityPage } from '../entities/page.ts';
import { buildRegistry, newEntity } from '../entities/registry.ts';
import { registryFromFiles } from '../entities/registry-files.ts';
import {
  type EntityContribution,
  emptyState,
  entityStatePath,
  parseState,
  stateText,
  withContribution,
} from '../entities/state.ts';
import { demoConfig } from '../entities/testing.ts';
import { parseConfig } from '../vault/config.ts';
import { readFrontmatter } from '../vault/markdown.ts';
import { applyPatches } from '../vault/patch.ts';
import type { Operation } from './change-plan.ts';
import {
  planAliasAdd,
  planDelete,
  planIgnore,
  planMerge,
  planMergeMany,
  planRename,
  withStopName,
} from './entity-merge.ts';

const config = demoConfig();

function person(name: string): Entity {
  return newEntity('person', name, config);
}

function contribution(
  e: Entity,
  source_id: string,
  date: string,
  fact: string,
  related: Entity[] = [],
): EntityContribution {
  return {
    entity_id: e.id,
    source_id,
    date,
    note: `Meetings/2025/${date} - ${source_id}`,
    title: source_id,
    gist: `About ${source_id}.`,
    facts: [{ text: fact, date }],
    decisions: [],
    topics: [],
    related: related.map((r) => ({ id: r.id, name: r.name })),
    emails: [],
    role: null,
    organisation: null,
    names: [],
    review: [],
  };
}

/** A vault where Distill wrote two pages for one man (Stefansson / Stephenson) and a third page links to both. */
function vault(): VaultFile[] {
  const files: VaultFile[] = [];
  const write = (e: Entity, cs: EntityContribution[]) => {
    let st = emptyState(e);
    for (const c of cs) st = withContribution(st, c);
    const r = renderEntityPage(e, st, null, config);
    files.push({ path: `${e.folder}/README.md`, content: applyPatches(r.skeleton, r.patches) });
    files.push({ path: entityStatePath(e.id), content: stateText(r.state) });
  };
  const a = person('Jonsi Stefansson');
  const b = person('Jonsi Stephenson');
  const jeff = person('Jeff Denworth');
  write(a, [contribution(a, 's1', '2025-12-11', 'Jonsi leads cloud at VAST.')]);
  write(b, [contribution(b, 's2', '2025-12-21', 'Jonsi met Aung and Maneesh in Redmond.')]);
  write(jeff, [contribution(jeff, 's2', '2025-12-21', 'Jeff escalated the MAI deal.', [b])]);
  files.push({ path: 'People/Jonsi Stephenson/2025-12-21 - 1on1.md', content: '# 1:1\n' });
  files.push({ path: 'Meetings/2025/2025-12-11 - s1.md', content: '# s1\n' });
  files.push({
    path: 'Meetings/2025/2025-12-21 - s2.md',
    content:
      '---\nparticipants: ["[[Jonsi Stephenson]]"]\n---\nAsk [[Jonsi Stephenson|Jonsi]] about [[Jonsi Stephenson#Key Facts]].\n',
  });
  return files;
}

/** Carries out the operations on an in-memory copy, the way apply does on disk. */
function apply(files: VaultFile[], ops: Operation[]): VaultFile[] {
  const m = new Map(files.map((f) => [f.path, f.content]));
  for (const op of ops) {
    if (op.op === 'create_note') {
      expect(m.has(op.path)).toBe(false);
      m.set(op.path, op.content);
    } else if (op.op === 'patch_note') m.set(op.path, applyPatches(m.get(op.path)!, op.patches));
    else if (op.op === 'write_state' || op.op === 'write_outbox') m.set(op.path, op.content);
    else if (op.op === 'archive_source') {
      m.set(op.to, m.get(op.from)!);
      m.delete(op.from);
    }
  }
  return [...m.entries()].map(([path, content]) => ({ path, content }));
}

describe('planMerge', () => {
  it('moves facts, notes and aliases into the kept entity and keeps every old link resolving', () => {
    const files = vault();
    const reg = buildRegistry(
      files.filter((f) => f.path.endsWith('README.md')),
      config,
    );
    const plan = planMerge(reg, 'Jonsi Stefansson', 'Jonsi Stephenson', files, config);
    const after = apply(files, plan.operations);
    const get = (p: string) => after.find((f) => f.path === p)?.content;

    const page = get('People/Jonsi Stefansson/README.md')!;
    expect(readFrontmatter(page).aliases).toEqual(['Jonsi Stephenson']);
    expect(page).toContain('- Jonsi met Aung and Maneesh in Redmond. (2025-12-21, [[Meetings/2025/2025-12-21 - s2]])');
    expect(page).toContain('- Jonsi leads cloud at VAST. (2025-12-11, [[Meetings/2025/2025-12-11 - s1]])');
    expect(readFrontmatter(page).last_contact).toBe('2025-12-21');

    expect(get('People/Jonsi Stephenson/README.md')).toBeUndefined();
    expect(get('People/Jonsi Stefansson/2025-12-21 - 1on1.md')).toBe('# 1:1\n');
    expect(get('Meetings/2025/2025-12-21 - s2.md')).toBe(
      '---\nparticipants: ["[[People/Jonsi Stefansson/README|Jonsi Stephenson]]"]\n---\nAsk [[People/Jonsi Stefansson/README|Jonsi]] about [[People/Jonsi Stefansson/README#Key Facts|Jonsi Stephenson]].\n',
    );
    expect(get('People/Jeff Denworth/README.md')).toContain(
      '## Related\n\n- [[People/Jonsi Stefansson/README|Jonsi Stefansson]]\n',
    );
    expect(parseState(get(entityStatePath('person:jonsi-stephenson'))!, 'x').merged_into).toBe(
      'person:jonsi-stefansson',
    );

    const report = checkVault(after, config);
    expect(report.counts['dangling-link']).toBe(0);
    expect(report.entities.person).toBe(2);
  });

  it('refuses to merge the owner into someone else', () => {
    const files = vault();
    const reg = buildRegistry([], config);
    expect(() => planMerge(reg, 'Jonsi Stefansson', 'Myself', files, config)).toThrow(/no entity named|vault owner/);
  });
});

describe('planRename and planAliasAdd', () => {
  it('renames into a new folder and keeps the old name as an alias', () => {
    const files = vault();
    const reg = buildRegistry(
      files.filter((f) => f.path.endsWith('README.md')),
      config,
    );
    const after = apply(files, planRename(reg, 'Jonsi Stephenson', 'Jón Stephenson', files, config).operations);
    const page = after.find((f) => f.path === 'People/Jón Stephenson/README.md')!.content;
    expect(page).toContain('# Jón Stephenson\n');
    expect(readFrontmatter(page).aliases).toEqual(['Jonsi Stephenson']);
    expect(after.some((f) => f.path === 'People/Jón Stephenson/2025-12-21 - 1on1.md')).toBe(true);
    expect(checkVault(after, config).counts['dangling-link']).toBe(0);
  });

  it('adds an alias to the frontmatter and to the state', () => {
    const files = vault();
    const reg = buildRegistry(
      files.filter((f) => f.path.endsWith('README.md')),
      config,
    );
    const after = apply(files, planAliasAdd(reg, 'Jeff Denworth', 'Jeffrey Denworth', files, config).operations);
    const page = after.find((f) => f.path === 'People/Jeff Denworth/README.md')!.content;
    expect(readFrontmatter(page).aliases).toEqual(['Jeffrey Denworth']);
    expect(page).toContain('(description includes @Jeff Denworth) OR (description includes @Jeffrey Denworth)');
    const st = parseState(after.find((f) => f.path === entityStatePath('person:jeff-denworth'))!.content, 'x');
    expect(st.entity.aliases).toEqual(['Jeffrey Denworth']);
    expect(() => planAliasAdd(reg, 'Jeff Denworth', 'Jonsi Stefansson', files, config)).toThrow(/already names/);
  });
});

/** One transcript's speaker "Jeff Denworth" read three ways, with each junk page related to the others. */
function junkVault(): VaultFile[] {
  const files: VaultFile[] = [{ path: 'distill.config.yaml', content: 'owner:\n  name: Jason Vallery # me\n' }];
  const jeff = person('Jeff Denworth');
  const why = person('Jeff Denworth Why');
  const so = person('Jeff Denworth So');
  const jeffrey = person('Jeffrey Denworth');
  const jonsi = person('Jonsi Stefansson');
  const write = (e: Entity, cs: EntityContribution[]) => {
    let st = emptyState(e);
    for (const c of cs) st = withContribution(st, { ...c, names: [e.name] });
    const r = renderEntityPage(e, st, null, config);
    files.push({ path: `${e.folder}/README.md`, content: applyPatches(r.skeleton, r.patches) });
    files.push({ path: entityStatePath(e.id), content: stateText(r.state) });
  };
  write(jeff, [contribution(jeff, 's1', '2025-12-01', 'Jeff runs product.', [jonsi, why])]);
  write(why, [contribution(why, 's2', '2025-12-02', 'Jeff asked for the BOM.', [so, jonsi, jeff])]);
  write(so, [contribution(so, 's2', '2025-12-02', 'Jeff wants a POC.', [why, jonsi])]);
  write(jeffrey, [contribution(jeffrey, 's3', '2025-12-03', 'Jeffrey signed off.', [])]);
  write(jonsi, [contribution(jonsi, 's2', '2025-12-02', 'Jonsi joined.', [why, so, jeff])]);
  files.push({ path: 'Meetings/2025/2025-12-01 - s1.md', content: '# s1\n' });
  files.push({ path: 'Meetings/2025/2025-12-03 - s3.md', content: '# s3\n' });
  files.push({
    path: 'Meetings/2025/2025-12-02 - s2.md',
    content:
      '---\nparticipants: ["[[People/Jeff Denworth Why/README|Jeff Denworth Why]]"]\n---\n[[People/Jeff Denworth So/README|Jeff Denworth So]] said so.\n',
  });
  return files;
}

describe('planMergeMany', () => {
  it('merges several entities in one plan: no junk alias, no Related link or wiki link to a retired page', () => {
    const files = junkVault();
    const reg = buildRegistry(
      files.filter((f) => f.path.endsWith('README.md')),
      config,
    );
    const plan = planMergeMany(
      reg,
      'Jeff Denworth',
      ['Jeff Denworth Why', 'Jeff Denworth So', 'Jeffrey Denworth'],
      files,
      config,
    );
    const after = apply(files, plan.operations);
    const get = (p: string) => after.find((f) => f.path === p)?.content;
    const page = get('People/Jeff Denworth/README.md')!;
    // Jeffrey is a spelling of Jeff Denworth; the transcript fragments are not
    expect(readFrontmatter(page).aliases).toEqual(['Jeffrey Denworth']);
    for (const fact of ['Jeff runs product.', 'Jeff asked for the BOM.', 'Jeff wants a POC.', 'Jeffrey signed off.'])
      expect(page).toContain(`- ${fact}`);
    expect(page).toContain('## Related\n\n- [[People/Jonsi Stefansson/README|Jonsi Stefansson]]\n');
    expect(get('People/Jonsi Stefansson/README.md')).toContain(
      '## Related\n\n- [[People/Jeff Denworth/README|Jeff Denworth]]\n',
    );
    expect(get('Meetings/2025/2025-12-02 - s2.md')).toBe(
      '---\nparticipants: ["[[People/Jeff Denworth/README|Jeff Denworth Why]]"]\n---\n[[People/Jeff Denworth/README|Jeff Denworth So]] said so.\n',
    );
    const report = checkVault(after, config);
    expect(report.findings.filter((f) => f.check === 'dangling-link')).toEqual([]);
    expect(report.entities.person).toBe(2);
    expect(registryFromFiles(after, config).entities.map((e) => e.name)).toEqual([
      'VAST Data',
      'Jason Vallery',
      'Jeff Denworth',
      'Jonsi Stefansson',
    ]);
  });

  it('refuses a name given twice or the kept entity among the others', () => {
    const files = junkVault();
    const reg = buildRegistry(
      files.filter((f) => f.path.endsWith('README.md')),
      config,
    );
    expect(() => planMergeMany(reg, 'Jeff Denworth', ['Jeff Denworth So', 'Jeff Denworth So'], files, config)).toThrow(
      /named twice/,
    );
    expect(() => planMergeMany(reg, 'Jeff Denworth', ['Jeff Denworth'], files, config)).toThrow(/same entity/);
  });
});

describe('planDelete and planIgnore', () => {
  it('retires the page, unlinks it everywhere, drops it from Related and stops the name', () => {
    const files = junkVault();
    const reg = registryFromFiles(files, config);
    const after = apply(files, planDelete(reg, 'Jeff Denworth So', files, config).operations);
    const get = (p: string) => after.find((f) => f.path === p)?.content;
    expect(get('People/Jeff Denworth So/README.md')).toBeUndefined();
    expect(get('.distill/retired/person__jeff-denworth-so/README.md')).toContain('# Jeff Denworth So');
    expect(get('Meetings/2025/2025-12-02 - s2.md')).toContain('\nJeff Denworth So said so.\n');
    expect(get('People/Jonsi Stefansson/README.md')).not.toContain('Jeff Denworth So');
    expect(get('distill.config.yaml')).toBe(
      'owner:\n  name: Jason Vallery # me\nentities:\n  stop_names:\n    - Jeff Denworth So\n',
    );
    expect(checkVault(after, config).counts['dangling-link']).toBe(0);
    // its state is still on disk, but a stopped name never comes back into the registry
    const next = registryFromFiles(after, parseConfig(get('distill.config.yaml')!));
    expect(next.entities.some((e) => e.name === 'Jeff Denworth So')).toBe(false);
  });

  it('ignore stops a name that has no page, once', () => {
    const files = junkVault();
    const reg = registryFromFiles(files, config);
    const plan = planIgnore(reg, 'Kurt Vonnegut', files, config);
    expect(plan.operations).toEqual([
      {
        op: 'write_state',
        path: 'distill.config.yaml',
        content: 'owner:\n  name: Jason Vallery # me\nentities:\n  stop_names:\n    - Kurt Vonnegut\n',
      },
    ]);
    expect(withStopName('entities:\n  stop_names: [Kurt Vonnegut]\n', 'kurt vonnegut')).toBeNull();
    expect(() => planIgnore(reg, 'Myself', files, config)).toThrow(/owner/);
  });
});
