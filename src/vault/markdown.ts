/**
 * Surgical markdown edits. remark is used only to *locate* headings (so a `## x` inside a code fence is not a
 * heading); edits splice the original string, so every byte outside the edited region is kept. Frontmatter is
 * edited through the yaml Document API so comments, key order and quoting survive.
 */
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import YAML, { isScalar, Scalar } from 'yaml';
import { memoLast } from './memo.ts';

export interface NoteParts {
  /** Raw YAML between the `---` fences, or null when the note has no frontmatter. */
  frontmatter: string | null;
  /** Offset where the body starts (after the closing fence and its newline). */
  bodyStart: number;
  body: string;
}

const FM = /^---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

export function splitNote(text: string): NoteParts {
  const m = FM.exec(text);
  if (!m) return { frontmatter: null, bodyStart: 0, body: text };
  return { frontmatter: m[1] ?? '', bodyStart: m[0].length, body: text.slice(m[0].length) };
}

/** Frontmatter as plain data; invalid YAML reads as {} (the note is still usable, and is never rewritten blindly). */
export function readFrontmatter(text: string): Record<string, unknown> {
  const { frontmatter } = splitNote(text);
  if (frontmatter === null) return {};
  try {
    const v = YAML.parse(frontmatter);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Strings YAML 1.1 readers (Obsidian plugins, PyYAML) would read as something else are written quoted. */
const AMBIGUOUS = /^(?:y|n|yes|no|on|off|true|false|null|~|[-+]?\d+(?::\d+)+(?:\.\d*)?)$/i;

function toNode(doc: YAML.Document, value: unknown): unknown {
  if (typeof value === 'string' && (AMBIGUOUS.test(value) || value.startsWith('[[') || value.includes(': '))) {
    const s = new Scalar(value);
    s.type = Scalar.QUOTE_DOUBLE;
    return s;
  }
  if (Array.isArray(value)) {
    const seq = doc.createNode([]) as YAML.YAMLSeq;
    for (const v of value) seq.items.push(toNode(doc, v) as never);
    return seq;
  }
  return doc.createNode(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const absent = (v: unknown) => v === undefined || v === null;

/**
 * Three-way merge of frontmatter values: `values` is what Distill writes now, `previous` what it wrote last time,
 * `current` what the note has. A key the user left alone takes the new value; a key the user changed keeps the
 * user's value, and for lists (tags, participants) the user's additions and removals are applied to the new list;
 * a key the user deleted stays deleted. Keys Distill never wrote are the user's and are not in the result.
 */
export function mergeFrontmatter(
  current: Record<string, unknown>,
  values: Record<string, unknown>,
  previous: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const p = absent(previous[key]) ? undefined : previous[key];
    const c = key in current ? current[key] : undefined;
    if (same(c ?? null, p ?? null)) {
      out[key] = value; // untouched by the user
      continue;
    }
    if (p !== undefined && c === undefined) continue; // the user deleted it
    if (Array.isArray(c) && (Array.isArray(p) || p === undefined) && Array.isArray(value)) {
      const old = (p as unknown[] | undefined) ?? [];
      const added = c.filter((x) => !old.some((y) => same(x, y)));
      const removed = old.filter((x) => !c.some((y) => same(x, y)));
      out[key] = [
        ...value.filter((x) => !removed.some((y) => same(x, y))),
        ...added.filter((x) => !value.some((y) => same(x, y))),
      ];
    }
    // any other value the user changed stays as the user left it
  }
  return out;
}

/**
 * Set frontmatter keys (null deletes). Existing keys keep their position and comments; new keys are appended in
 * the order given. A note without frontmatter gets one. An unchanged value leaves the text byte-identical. With
 * `previous` (what Distill wrote last time), keys the user has changed since are merged (see `mergeFrontmatter`).
 */
export function upsertFrontmatter(
  text: string,
  valuesIn: Record<string, unknown>,
  previous?: Record<string, unknown>,
): string {
  const values = previous ? mergeFrontmatter(readFrontmatter(text), valuesIn, previous) : valuesIn;
  const parts = splitNote(text);
  const doc = parts.frontmatter === null ? new YAML.Document({}) : YAML.parseDocument(parts.frontmatter);
  if (doc.errors.length > 0) throw new Error(`frontmatter is not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  let changed = false;
  for (const [key, value] of Object.entries(values)) {
    const current = doc.get(key, true);
    const currentJs = isScalar(current)
      ? current.value
      : (current as { toJSON?: () => unknown } | undefined)?.toJSON?.();
    if (value === null || value === undefined) {
      if (doc.has(key)) {
        doc.delete(key);
        changed = true;
      }
      continue;
    }
    if (JSON.stringify(currentJs) === JSON.stringify(value)) continue;
    if (isScalar(current) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      // Edit the scalar in place so a comment on it (`title: x # mine`) and its quoting survive.
      current.value = value;
      if (typeof value === 'string' && (AMBIGUOUS.test(value) || value.startsWith('[[') || value.includes(': '))) {
        current.type = Scalar.QUOTE_DOUBLE;
      } else if (typeof value !== 'string' && current.type !== 'PLAIN') {
        current.type = 'PLAIN';
      }
    } else {
      doc.set(key, toNode(doc, value));
    }
    changed = true;
  }
  if (!changed && parts.frontmatter !== null) return text;
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = parts.frontmatter === null ? text : parts.body;
  return `---${eol}${yaml.replace(/\n/g, eol)}${eol}---${eol}${body}`;
}

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

function scanSections(text: string): Section[] {
  const tree = processor.parse(text) as MdNode;
  const heads: { heading: string; depth: number; start: number; lineEnd: number }[] = [];
  for (const n of tree.children ?? []) {
    if (n.type !== 'heading' || !n.position) continue;
    const start = n.position.start.offset ?? 0;
    const endOfNode = n.position.end.offset ?? start;
    const nl = text.indexOf('\n', endOfNode);
    heads.push({ heading: nodeText(n).trim(), depth: n.depth ?? 1, start, lineEnd: nl === -1 ? text.length : nl + 1 });
  }
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
