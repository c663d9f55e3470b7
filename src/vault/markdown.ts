/**
 * Surgical markdown edits (the frontmatter half lives in frontmatter.ts). remark is used only to *locate* headings (so a `## x` inside a code fence is not a
 * heading); edits splice the original string, so every byte outside the edited region is kept. Frontmatter is
 * edited through the yaml Document API so comments, key order and quoting survive.
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { memoLast } from './memo.ts';

export {
  mergeFrontmatter,
  type NoteParts,
  readFrontmatter,
  splitNote,
  upsertFrontmatter,
} from './frontmatter.ts';

export interface Section {
  heading: string;
  depth: number;
  /** Offset of the `#` that starts the heading line. */
  start: number;
  /** Offset just after the heading line's newline. */
  bodyStart: number;
  /** Offset where the next heading of the same or higher level starts (or the end of the text). */
  end: number;
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

interface MdNode {
  type: string;
  depth?: number;
  children?: MdNode[];
  value?: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
}

function nodeText(n: MdNode): string {
  if (typeof n.value === 'string') return n.value;
  return (n.children ?? []).map(nodeText).join('');
}

/** Every ATX/setext heading in document order, with the extent of its section. Several patches in a row locate
 * sections in the same text; parsing it once is what keeps big pages cheap. */
export const listSections: (text: string) => Section[] = memoLast(32, scanSections);

export interface Head {
  heading: string;
  depth: number;
  start: number;
  lineEnd: number;
}

/**
 * Markdown where a heading can only be a `#` line at the start of a line, read without a parser: code fences only
 * at the start of a line, no HTML blocks, no setext underlines (`---`, `===`), no indented `#` or fence lines (they
 * may belong to a list item), no inline markup in a heading. Distill's own notes and pages are this; remark takes
 * 20 ms for a page with a long timeline, a run patches every page it touches several times over, and a large run
 * spent most of its time there. Anything else (null) goes to remark, which stays the judge: a property test holds
 * the two to the same answer.
 */
const NEEDS_PARSER = /^(?: {0,3}(?:<|=+[ \t]*$|-+[ \t]*$)| {1,3}(?:#|`{3}|~{3}))/;
const FENCE = /^(`{3,}|~{3,})([\s\S]*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const ATX = /^(#{1,6})(?:[ \t]+([\s\S]*?))?[ \t]*$/;
const FRONTMATTER = /^---[ \t]*\n(?:[^\n]*\n)*?---[ \t]*(?:\n|$)/;
const INLINE_MARKUP = /[\\`*_[\]<>&!~#|]/;

export function scanHeadsPlain(text: string): Head[] | null {
  if (text.includes('\r')) return null;
  let at = 0;
  if (text.startsWith('---')) {
    // frontmatter as remark-frontmatter reads it: fences alone on their lines; anything else is left to remark
    const fm = FRONTMATTER.exec(text);
    if (!fm) return null;
    at = fm[0].length;
  }
  const heads: Head[] = [];
  let fence: { mark: string; len: number } | null = null;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(at, end);
    const next = nl === -1 ? text.length : nl + 1;
    if (fence) {
      const close = CLOSING_FENCE.exec(line);
      if (close && close[1]![0] === fence.mark && close[1]!.length >= fence.len) fence = null;
    } else if (line.startsWith('```') || line.startsWith('~~~')) {
      const open = FENCE.exec(line)!;
      // a backtick "fence" whose info string has a backtick is inline code in a paragraph
      if (open[1]![0] === '`' && open[2]!.includes('`')) return null;
      fence = { mark: open[1]![0]!, len: open[1]!.length };
    } else if (line.startsWith('#')) {
      const m = ATX.exec(line);
      if (m) {
        const content = m[2] ?? '';
        if (INLINE_MARKUP.test(content)) return null;
        heads.push({ heading: content.trim(), depth: m[1]!.length, start: at, lineEnd: next });
      }
    } else if (NEEDS_PARSER.test(line)) return null;
    at = next;
  }
  return heads;
}

function scanSections(text: string): Section[] {
  const heads = scanHeadsPlain(text) ?? parsedHeads(text);
  return sectionsOf(text, heads);
}

/** Headings as remark finds them (the judge of `scanHeadsPlain`). */
export function parsedHeads(text: string): Head[] {
  const tree = processor.parse(text) as MdNode;
  const heads: Head[] = [];
  for (const n of tree.children ?? []) {
    if (n.type !== 'heading' || !n.position) continue;
    const start = n.position.start.offset ?? 0;
    const endOfNode = n.position.end.offset ?? start;
    const nl = text.indexOf('\n', endOfNode);
    heads.push({ heading: nodeText(n).trim(), depth: n.depth ?? 1, start, lineEnd: nl === -1 ? text.length : nl + 1 });
  }
  return heads;
}

function sectionsOf(text: string, heads: Head[]): Section[] {
  return heads.map((h, i) => {
    let end = text.length;
    for (let j = i + 1; j < heads.length; j++) {
      if ((heads[j]?.depth ?? 9) <= h.depth) {
        end = heads[j]!.start;
        break;
      }
    }
    return { heading: h.heading, depth: h.depth, start: h.start, bodyStart: h.lineEnd, end };
  });
}

export function findSection(text: string, heading: string, depth = 2): Section | undefined {
  const want = heading.trim().toLowerCase();
  return listSections(text).find((s) => s.depth === depth && s.heading.toLowerCase() === want);
}

/** The body of `## heading` (without the heading line), or null when the section does not exist. */
export function getSection(text: string, heading: string, depth = 2): string | null {
  const s = findSection(text, heading, depth);
  return s ? text.slice(s.bodyStart, s.end) : null;
}

function normaliseBody(body: string): string {
  const trimmed = body.replace(/^\n+/, '').replace(/\s+$/, '');
  return trimmed === '' ? '\n' : `\n${trimmed}\n\n`;
}

/**
 * Replace the body of `## heading`. A missing section is appended at the end of the note. The body is written as
 * a blank line, the content, and a blank line before the next heading.
 */
export function replaceSection(text: string, heading: string, body: string, depth = 2): string {
  const s = findSection(text, heading, depth);
  const normalised = normaliseBody(body);
  if (!s) {
    const base = text.length === 0 || text.endsWith('\n\n') ? text : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
    return `${base}${'#'.repeat(depth)} ${heading}\n${normalised}`.replace(/\n\n$/, '\n');
  }
  const atEnd = s.end === text.length;
  const replacement = atEnd ? normalised.replace(/\n\n$/, '\n') : normalised;
  return text.slice(0, s.bodyStart) + replacement + text.slice(s.end);
}

/** Append lines that the section does not already contain (exact line match), keeping everything else. */
export function appendToSection(text: string, heading: string, lines: string[], depth = 2): string {
  const existing = getSection(text, heading, depth);
  const have = new Set((existing ?? '').split('\n').map((l) => l.trimEnd()));
  const add = lines.filter((l) => !have.has(l.trimEnd()));
  if (add.length === 0) return text;
  const current = (existing ?? '').replace(/\s+$/, '');
  return replaceSection(text, heading, current ? `${current}\n${add.join('\n')}` : add.join('\n'), depth);
}

/** `[[Target]]`, `[[Target|alias]]`, `[[Target#h]]` -> targets (without alias/heading). */
export function wikilinks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/!?\[\[([^\]\n]*)\]\]/g)) {
    const inner = m[1] ?? '';
    out.push(inner.split('|')[0]!.split('#')[0]!.trim());
  }
  return out;
}

export function wikilink(target: string, display?: string): string {
  const t = target.replace(/\.md$/, '');
  return display && display !== t ? `[[${t}|${display}]]` : `[[${t}]]`;
}
