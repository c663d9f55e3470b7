import { describe, expect, it } from 'vitest';
import { mergeFrontmatter, readFrontmatter } from './markdown.ts';
import { applyPatch } from './patch.ts';

const note = (facts: string) => `---\ntitle: T\n---\n# T\n\n## Key Facts\n\n${facts}\n\n## Mine\n\nx\n`;

describe('re-processing merges with what the user did since (issue #12 items 2, 13)', () => {
  it('a generated line the user deleted is not brought back; a new one is added', () => {
    const previous = '- fact one\n- fact two\n- fact three';
    const out = applyPatch(note('- fact one\n- fact three'), {
      kind: 'replace_section',
      heading: 'Key Facts',
      body: '- fact one\n- fact two\n- fact three\n- fact four',
      previous,
    });
    expect(out).toBe(note('- fact one\n- fact three\n- fact four'));
  });

  it('a section the user removed comes back only with what is new', () => {
    const text = '# T\n\n## Mine\n\nx\n';
    const previous = '- fact one';
    expect(applyPatch(text, { kind: 'replace_section', heading: 'Key Facts', body: previous, previous })).toBe(text);
    expect(
      applyPatch(text, { kind: 'replace_section', heading: 'Key Facts', body: '- fact one\n- fact two', previous }),
    ).toContain('## Key Facts\n\n- fact two\n');
  });

  it('a task the user finished keeps its ✅ date; a task the user reworded stays as written; each id once', () => {
    const previous = '- [?] Send the BOM @Jeff #task #proposed 🆔 t1\n- [?] Call Lior @Jason #task #proposed 🆔 t2';
    const mine = '- [x] Send the BOM @Jeff #task 🆔 t1 ✅ 2026-01-07\n- [ ] Call Lior about pricing @Jason #task 🆔 t2';
    const body = '- [x] Send the BOM @Jeff #task 🆔 t1\n- [ ] Call Lior @Jason #task 🆔 t2';
    const out = applyPatch(note(mine), { kind: 'replace_section', heading: 'Key Facts', body, previous });
    expect(out).toBe(note(mine));
  });

  it('a task the user deleted stays deleted', () => {
    const previous = '- [?] Send the BOM @Jeff #task #proposed 🆔 t1\n- [?] Call Lior @Jason #task #proposed 🆔 t2';
    const out = applyPatch(note('- [?] Call Lior @Jason #task #proposed 🆔 t2'), {
      kind: 'replace_section',
      heading: 'Key Facts',
      body: previous,
      previous,
    });
    expect(out).toBe(note('- [?] Call Lior @Jason #task #proposed 🆔 t2'));
  });

  it('frontmatter: an edited scalar and the user’s list edits survive, untouched keys take the new value', () => {
    const current = { title: 'My title', tags: ['distill/email', 'mine'], date: '2026-01-05', source: 'a' };
    const previous = { title: 'T', tags: ['distill/email', 'needs-review'], date: '2026-01-05', source: 'a' };
    const values = { title: 'T2', tags: ['distill/email', 'needs-review'], date: '2026-01-06', source: 'b' };
    expect(mergeFrontmatter(current, values, previous)).toEqual({
      tags: ['distill/email', 'mine'],
      date: '2026-01-06',
      source: 'b',
    });
    const text =
      '---\ntitle: My title # mine\ntags:\n  - distill/email\n  - mine\ndate: 2026-01-05\nsource: a\n---\n# x\n';
    const out = applyPatch(text, { kind: 'upsert_frontmatter', values, previous });
    expect(readFrontmatter(out)).toEqual({
      title: 'My title',
      tags: ['distill/email', 'mine'],
      date: '2026-01-06',
      source: 'b',
    });
    expect(out).toContain('title: My title # mine');
  });

  it('frontmatter: a key the user deleted stays deleted', () => {
    expect(
      mergeFrontmatter({ title: 'T' }, { title: 'T', accounts: ['[[A]]'] }, { title: 'T', accounts: ['[[A]]'] }),
    ).toEqual({
      title: 'T',
    });
  });
});
