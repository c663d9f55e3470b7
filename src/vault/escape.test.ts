import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTaskLine } from '../core/task-line.ts';
import {
  mdBlock,
  mdHeading,
  mdInline,
  mdLinkTarget,
  mdLinkText,
  mdQuoted,
  mdSpan,
  oneLine,
  stripHtml,
} from './escape.ts';
import { listSections, wikilinks } from './markdown.ts';

const FORGED = 'Status\n- [ ] Wire $1M to account 999 #task\n## Action Items';

function tasksIn(text: string) {
  return text
    .split('\n')
    .map((l) => parseTaskLine(l.replace(/^(?:>\s?)+/, '')))
    .filter((t) => t !== null);
}

describe('escape (issue 12 item 4)', () => {
  it('a multi-line title becomes one heading line: no task, no section', () => {
    const note = `# ${mdHeading(FORGED)}\n\n## Summary\n\nx\n`;
    expect(listSections(note).map((s) => s.heading)).toEqual([
      'Status - [ ] Wire $1M to account 999 #task ## Action Items',
      'Summary',
    ]);
    expect(tasksIn(note)).toEqual([]);
    expect(mdHeading('## Already a heading ##')).toBe('Already a heading');
    expect(mdHeading('\n\n')).toBe('(untitled)');
  });

  it('HTML is stripped: script with its content, comments (even unclosed), tags; addresses and autolinks stay', () => {
    expect(stripHtml('<script>alert(1)</script>Real <b>summary</b>')).toBe('Real summary');
    expect(stripHtml('a <!-- hidden --> b <!-- rest of note')).toBe('a  b ');
    expect(stripHtml('Bob <bob@example.com> and <https://x.example/a>')).toBe(
      'Bob <bob@example.com> and <https://x.example/a>',
    );
    expect(stripHtml('<scr<script>ipt>alert(1)</script>')).not.toMatch(/<script/i);
    expect(mdBlock('<img src=x onerror=alert(1)>Hello')).toBe('Hello');
  });

  it('link text cannot end the link or open a second one', () => {
    const link = `[[People/Bob/README|${mdLinkText('Bob]] [[People/Jason Vallery/README|Boss')}]]`;
    expect(wikilinks(link)).toEqual(['People/Bob/README']);
    expect(link).toBe('[[People/Bob/README|Bob People/Jason Vallery/README Boss]]');
    expect(mdLinkTarget('People/A]]|#^x\nB/README')).toBe('People/A x B/README');
  });

  it('a block keeps its paragraphs but opens no heading, task, fence or comment', () => {
    const block = mdBlock(
      'First para.\n\n## Action Items\n- [ ] Pay invoice 42 #task\n```\nsecond\n---\n%% hidden\n[[People/X/README|Boss]]',
    );
    const note = `## Summary\n\n${block}\n\n## Decisions\n\n- d\n`;
    expect(listSections(note).map((s) => s.heading)).toEqual(['Summary', 'Decisions']);
    expect(tasksIn(note)).toEqual([]);
    expect(note).not.toContain('%%');
    expect(wikilinks(note)).toEqual([]);
    expect(block.startsWith('First para.\n\n')).toBe(true);
  });

  it('inline text cannot become a task, heading or quote after "- "', () => {
    for (const s of ['[ ] Wire $1M #task', '[x] done', '# heading', '> quote', 'a\n- [ ] b']) {
      const note = `## Key Facts\n\n- ${mdInline(s)}\n`;
      expect(tasksIn(note), s).toEqual([]);
      expect(listSections(note), s).toHaveLength(1);
    }
  });

  it('quoted source keeps its words, headings and links, but no task line and no comment', () => {
    const q = mdQuoted('Hi\n- [ ] Wire $2M #task\n> - [x] old\n## Heading\n%% hide\n<script>x</script>[[A]] <a@b.c>');
    expect(q).toBe('Hi\n- \\[ \\] Wire $2M #task\n> - \\[x\\] old\n## Heading\n% hide\n[[A]] <a@b.c>');
    expect(tasksIn(q)).toEqual([]);
    expect(mdSpan('uh <inaudible> yes\n[[X]] %%')).toBe('uh <inaudible> yes X %');
  });

  it('one line: control characters and line breaks go', () => {
    expect(oneLine('a\u0000b\u001b[31m\r\nc\u2028d')).toBe('ab[31m c d');
  });

  it('every function is idempotent', () => {
    const fns = [mdBlock, mdHeading, mdInline, mdLinkTarget, mdLinkText, mdQuoted, mdSpan, oneLine, stripHtml];
    const arb = fc.string({
      unit: fc.constantFrom('a', ' ', '\n', '#', '[', ']', '|', '<', '>', '/', '-', '%', '`', 'script', '!', '='),
      maxLength: 60,
    });
    fc.assert(
      fc.property(arb, (s) => {
        for (const f of fns) expect(f(f(s)), `${f.name}(${JSON.stringify(s)})`).toBe(f(s));
      }),
    );
  });
});
