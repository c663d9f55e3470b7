import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../entities/registry.ts';
import { parseConfig } from '../vault/config.ts';
import { applyPatches } from '../vault/patch.ts';
import { buildBrief, renderBrief } from './brief.ts';
import { briefOperation, briefPath } from './brief-plan.ts';
import { findEntity, type VaultView } from './brief-read.ts';

const config = parseConfig('owner: { name: Jason Vallery, aliases: [Jason], organisation: VAST Data }\n');

function note(path: string, date: string, people: string[], accounts: string[], body: string) {
  const link = (p: string) => `  - "[[People/${p}/README|${p === 'Jason Vallery' ? 'Myself' : p}]]"`;
  return {
    path,
    content: [
      '---',
      'type: meeting',
      `title: ${path.split(' - ').pop()!.replace(/\.md$/, '')}`,
      `date: ${date}`,
      'participants:',
      ...people.map(link),
      ...(accounts.length ? ['accounts:', ...accounts.map((a) => `  - "[[Accounts/${a}/README|${a}]]"`)] : []),
      '---',
      '',
      body,
    ].join('\n'),
  };
}

const pages = [
  {
    path: 'People/Lior Genzel/README.md',
    content:
      '---\ntype: person\nname: Lior Genzel\naliases: [Lior G]\norganisation: VAST Data\nrole: Alliances\n---\n# Lior Genzel\n\n## Key Facts\n\n- Based in Tel Aviv (2025-12-15, [[Meetings/2025/2025-12-15 - Weekly]])\n- ~~Reports to Renen~~ (superseded 2025-12-15) (2025-11-01, [[Meetings/2025/2025-11-01 - Group]])\n\n## Timeline\n\n- 2025-12-15 [[Meetings/2025/2025-12-15 - Weekly|Weekly]]: Talked about MAI.\n\n## Decisions\n\n- Go with Azure first (2025-12-15, [[Meetings/2025/2025-12-15 - Weekly]])\n',
  },
  {
    path: 'People/Jeff Denworth/README.md',
    content: '---\ntype: person\nname: Jeff Denworth\norganisation: Microsoft\n---\n# Jeff Denworth\n',
  },
  { path: 'Accounts/Microsoft/README.md', content: '---\ntype: account\nname: Microsoft\n---\n# Microsoft\n' },
];

const notes = [
  // A 1:1 with Lior: every open task of the owner's here is for Lior.
  note(
    'Meetings/2025/2025-12-15 - Weekly.md',
    '2025-12-15',
    ['Lior Genzel', 'Jason Vallery'],
    [],
    [
      '## Action Items',
      '',
      '- [?] Write up the design doc @Myself 📅 2025-12-19 #task #proposed 🆔 tmine1',
      '- [ ] Share feedback on the deck @Lior Genzel 📅 2025-12-22 #task 🆔 ttheirs1',
      '- [x] Book the room @Lior Genzel #task ✅ 2025-12-16 🆔 tdone1',
      '- [R] Call Kushal @Myself #task 🆔 trejected1',
      '',
      '## Decisions',
      '',
      '- We target the week of the 12th.',
    ].join('\n'),
  ),
  // A group call: only tasks that name Lior (first name is enough: no other Lior) count as the owner's for him.
  note(
    'Meetings/2025/2025-11-01 - Group.md',
    '2025-11-01',
    ['Lior Genzel', 'Jeff Denworth', 'Jason Vallery'],
    ['Microsoft', 'VAST Data'],
    [
      '## Action Items',
      '',
      '- [?] Send Lior the pricing sheet @Myself #task #proposed 🆔 tmine2',
      '- [?] Send the BOM @Myself #task #proposed 🆔 tnotlior',
      '- [/] Confirm capacity @Jeff Denworth #task 🆔 tjeff1',
      '- [?] Introduce the team @Lior G #task #proposed 🆔 ttheirs2',
    ].join('\n'),
  ),
  note(
    'Meetings/2025/2025-10-01 - Other.md',
    '2025-10-01',
    ['Jeff Denworth', 'Jason Vallery'],
    ['Microsoft'],
    '- [?] Email Jeff the notes @Myself #task #proposed 🆔 tforjeff',
  ),
];

const outbox = [
  {
    path: 'Outbox/2025-12-16 Re design.md',
    content:
      '---\nto: Lior Genzel <lior@vastdata.com>\nsubject: "Re: design"\nurgency: high\nstatus: draft\n---\nbody\n',
  },
  {
    path: 'Outbox/2025-12-17 Re other.md',
    content: '---\nto: Someone <x@y.com>\nsubject: other\nstatus: draft\n---\n',
  },
];

const view: VaultView = { notes, pages, outbox, registry: buildRegistry(pages, config) };

describe('buildBrief', () => {
  it("splits a person's open tasks both ways: theirs by @Owner, yours by name or 1:1", () => {
    const b = buildBrief(findEntity(view.registry, 'lior'), view, config, '2026-01-06');
    expect(b.theirs.map((t) => [t.id, t.why])).toEqual([
      ['ttheirs1', 'owner'],
      ['ttheirs2', 'owner'],
    ]);
    expect(b.yours.map((t) => [t.id, t.why])).toEqual([
      ['tmine1', 'one-to-one'],
      ['tmine2', 'named'],
    ]);
    expect(b.theirs[0]).toMatchObject({ due: '2025-12-22', path: 'Meetings/2025/2025-12-15 - Weekly.md' });
  });

  it('says who they are and lists interactions, decisions, facts and drafts with dates and paths', () => {
    const b = buildBrief(findEntity(view.registry, 'Lior Genzel'), view, config, '2026-01-06');
    expect(b.entity).toMatchObject({
      name: 'Lior Genzel',
      role: 'Alliances',
      organisation: 'VAST Data',
      aliases: ['Lior G'],
    });
    expect(b.interactions.map((i) => [i.date, i.path, i.gist])).toEqual([
      ['2025-12-15', 'Meetings/2025/2025-12-15 - Weekly.md', 'Talked about MAI.'],
      ['2025-11-01', 'Meetings/2025/2025-11-01 - Group.md', ''],
    ]);
    expect(b.decisions.map((d) => d.text)).toEqual(['Go with Azure first', 'We target the week of the 12th.']);
    expect(b.facts.map((f) => [f.text, f.superseded])).toEqual([
      ['Based in Tel Aviv', false],
      ['Reports to Renen', true],
    ]);
    expect(b.drafts.map((d) => d.path)).toEqual(['Outbox/2025-12-16 Re design.md']);
    const md = renderBrief(b);
    expect(md).toContain('## You owe them\n\n- Write up the design doc due 2025-12-19 · proposed');
    // Tasks are copied as plain bullets, so the Tasks plugin does not count them twice.
    expect(md).not.toMatch(/^- \[.\]/m);
  });

  it("for an account: tasks of its people are theirs; the owner's tasks naming it or in its own notes are yours", () => {
    const b = buildBrief(findEntity(view.registry, 'Microsoft'), view, config, '2026-01-06');
    expect(b.people.map((p) => p.name)).toEqual(['Jeff Denworth']);
    expect(b.theirs.map((t) => t.id)).toEqual(['tjeff1']);
    // The group call also has VAST Data (the owner's organisation) only: Microsoft is its one outside account.
    expect(b.yours.map((t) => t.id).sort()).toEqual(['tforjeff', 'tmine2', 'tnotlior']);
  });

  it('finds the owner as "me", and anyone by address or id', () => {
    expect(findEntity(view.registry, 'me').name).toBe('Jason Vallery');
    expect(findEntity(view.registry, 'person:jeff-denworth').name).toBe('Jeff Denworth');
  });

  it('refuses an ambiguous or unknown name instead of guessing', () => {
    expect(() => findEntity(view.registry, 'Nobody Here')).toThrow(/no person, account or project/);
    expect(() => findEntity(view.registry, 'j')).toThrow(/could be Jason Vallery \(person\), Jeff Denworth \(person\)/);
  });

  it('writes Briefs/<date> <name>.md as a new note, or refreshes the sections of an existing one', () => {
    const b = buildBrief(findEntity(view.registry, 'lior'), view, config, '2026-01-06');
    expect(briefPath(b, config)).toBe('Briefs/2026-01-06 Lior Genzel.md');
    expect(briefOperation(b, config, null)).toMatchObject({
      op: 'create_note',
      path: 'Briefs/2026-01-06 Lior Genzel.md',
    });
    const written = renderBrief(b);
    const again = briefOperation(b, config, written);
    expect(again.op).toBe('patch_note');
    // The same brief again changes nothing; a newer one replaces each generated section whole.
    expect(applyPatches(written, again.op === 'patch_note' ? again.patches : [])).toBe(written);
    const later = buildBrief(
      findEntity(view.registry, 'lior'),
      { ...view, notes: view.notes.slice(1) },
      config,
      '2026-01-06',
    );
    const refreshed = briefOperation(later, config, written);
    expect(applyPatches(written, refreshed.op === 'patch_note' ? refreshed.patches : [])).toBe(renderBrief(later));
  });
});
