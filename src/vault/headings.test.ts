import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsedHeads, scanHeadsPlain } from './markdown.ts';

/** Lines that make markdown hard (fences, HTML, setext, lists, quotes, indents) among plain ones. */
const LINES = [
  '# Title',
  '## Key Facts',
  '### Deep  heading  ',
  '#NoSpace',
  '####### seven',
  '#',
  '## ',
  '## Closing ##',
  '## C# and *bold*',
  '  ## indented',
  '    # code',
  '\t# tabbed',
  '- a list item',
  '  - nested',
  '- ',
  '> quoted',
  '> # quoted heading',
  '```',
  '~~~',
  '```js',
  '````',
  '``` `inline` ```',
  '  ```',
  '> ```',
  '- ```',
  '<!-- a comment',
  '-->',
  '<div>',
  '---',
  '===',
  '***',
  'Plain text line.',
  '- [ ] task #task 📅 2026-01-05',
  '| a | b |',
  '| --- | --- |',
  '',
  '',
  'name: value',
];

const doc = fc.array(fc.constantFrom(...LINES), { maxLength: 30 }).map((ls) => ls.join('\n'));
const withFrontmatter = fc
  .tuple(fc.constantFrom('', '---\ntype: person\n---\n', '---\n---\n', '---\nname: x\n'), doc)
  .map(([fm, body]) => fm + body);

describe('headings read without a parser', () => {
  it('are exactly the ones remark finds, whenever the plain reader takes the text (property)', () => {
    let taken = 0;
    fc.assert(
      fc.property(withFrontmatter, (text) => {
        const plain = scanHeadsPlain(text);
        if (plain === null) return;
        taken++;
        expect(plain).toEqual(parsedHeads(text));
      }),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(300); // the plain reader is not just declining everything
  });

  it("reads Distill's own notes and pages without remark, and agrees with remark on every real file it takes", () => {
    const repo = path.resolve(import.meta.dirname, '../..');
    const own = [
      'test/approvals/entity-page.approved.md',
      'test/approvals/source-note.approved.md',
      'test/approvals/task-lines.approved.md',
      'src/outputs/approvals/digest.approved.md',
    ];
    for (const f of own) expect(scanHeadsPlain(readFileSync(path.join(repo, f), 'utf8')), f).not.toBeNull();
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.md')) files.push(p);
      }
    };
    for (const d of ['demo/vault', 'test/approvals', 'test/fixtures']) walk(path.join(repo, d));
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const plain = scanHeadsPlain(text);
      if (plain !== null) expect(plain, f).toEqual(parsedHeads(text));
    }
  });
});
