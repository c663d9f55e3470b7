import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSection, listSections, readFrontmatter, replaceSection, upsertFrontmatter } from './markdown.ts';
import { applyPatch } from './patch.ts';

// Lines start with a letter or digit, so a generated body never contains a heading of its own (`A\n-` is a
// setext heading in markdown, and then the section really does end there).
const line = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ,.;:()'"@-]{0,40}$/);
const body = fc.array(line, { maxLength: 5 }).map((ls) => ls.join('\n'));
const heading = fc.constantFrom('Summary', 'Key Facts', 'Timeline', 'My notes', 'Decisions');

/** A note: frontmatter, a title and a few `##` sections with arbitrary bodies (one may hold a fenced `## x`). */
const note = fc
  .tuple(
    fc.uniqueArray(heading, { minLength: 1, maxLength: 5 }),
    fc.array(body, { minLength: 5, maxLength: 5 }),
    fc.boolean(),
  )
  .map(([heads, bodies, fence]) => {
    const sections = heads.map(
      (h, i) => `## ${h}\n\n${bodies[i]}${fence && i === 0 ? '\n```\n## not a heading\n```' : ''}\n`,
    );
    return { heads, text: `---\ntitle: "T" # keep me\n---\n# T\n\n${sections.join('\n')}` };
  });

describe('replaceSection', () => {
  it('changes only the bytes of the section it edits', () => {
    fc.assert(
      fc.property(note, fc.nat(), body, ({ heads, text }, pick, replacement) => {
        const h = heads[pick % heads.length]!;
        const s = listSections(text).find((x) => x.depth === 2 && x.heading === h)!;
        const out = replaceSection(text, h, replacement);
        expect(out.slice(0, s.bodyStart)).toBe(text.slice(0, s.bodyStart));
        expect(out.endsWith(text.slice(s.end))).toBe(true);
        expect(getSection(out, h)!.trim()).toBe(replacement.trim());
      }),
    );
  });

  it('keeps lines the user added inside a Distill section', () => {
    const text = '# P\n\n## Key Facts\n\n- generated A\n- my own note\n\n## Mine\n\nx\n';
    const out = applyPatch(text, {
      kind: 'replace_section',
      heading: 'Key Facts',
      body: '- generated B',
      previous: '- generated A',
    });
    expect(out).toBe('# P\n\n## Key Facts\n\n- generated B\n- my own note\n\n## Mine\n\nx\n');
  });
});

describe('upsertFrontmatter', () => {
  it('keeps comments and key order, appends new keys, and leaves the body byte-identical', () => {
    fc.assert(
      fc.property(note, fc.string({ maxLength: 30 }), ({ text }, value) => {
        const out = upsertFrontmatter(text, { title: 'New', last_contact: value });
        expect(out).toContain('# keep me');
        expect(out.indexOf('title:')).toBeLessThan(out.indexOf('last_contact:'));
        expect(out.slice(out.indexOf('\n---\n', 4) + 5)).toBe(text.slice(text.indexOf('\n---\n', 4) + 5));
        expect(readFrontmatter(out)).toMatchObject({ title: 'New', last_contact: value });
      }),
    );
  });

  it('quotes values YAML 1.1 readers would misread and wikilinks', () => {
    const out = upsertFrontmatter('# x\n', {
      answer: 'no',
      at: '12:30',
      who: ['[[People/Jeff Denworth/README|Jeff]]'],
    });
    expect(out).toContain('answer: "no"');
    expect(out).toContain('at: "12:30"');
    expect(out).toContain('- "[[People/Jeff Denworth/README|Jeff]]"');
  });
});
