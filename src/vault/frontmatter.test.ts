import { describe, expect, it } from 'vitest';
import { frontmatterBlock, readFrontmatter } from './frontmatter.ts';

describe('frontmatterBlock', () => {
  const pages = [
    '---\nname: Acme\naliases: [ACME]\n---\n# Acme\n\n## Timeline\n- 2025-01-02 a call\n',
    '---\r\nname: Acme\r\n---\r\n# Acme\r\n',
    '---\nname: Acme\n---',
    '---\n---\n# Empty frontmatter\n',
    '# No frontmatter\n\nname: not this\n',
    '---\nname: [unclosed\n---\nbody\n',
  ];

  it('is what a reader of the frontmatter needs: the page cut there reads as the whole page does', () => {
    for (const page of pages) {
      const block = frontmatterBlock(page);
      expect(page.startsWith(block)).toBe(true);
      expect(readFrontmatter(block)).toEqual(readFrontmatter(page));
    }
    expect(frontmatterBlock(pages[0]!)).toBe('---\nname: Acme\naliases: [ACME]\n---\n');
    expect(frontmatterBlock(pages[4]!)).toBe('');
  });
});
