/**
 * A note's frontmatter: split off, read as data, edited through the yaml Document API so comments, key order and
 * quoting survive. Apart from markdown.ts's section scanner because that one loads remark, and reading a source's
 * frontmatter (every ingest, every `distill extract`) must not pay for a markdown parser it never uses.
 */
import YAML, { isScalar, Scalar } from 'yaml';
import { ownString } from '../core/text.ts';

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
  return frontmatter === null ? {} : parseYamlObject(frontmatter);
}

function parseYamlObject(frontmatter: string): Record<string, unknown> {
  try {
    const v = YAML.parse(frontmatter);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Parses remembered by the frontmatter's text, so the thousand entity pages a run reads to know its entities are
 * parsed once per change, not once per run: the app keeps them between runs in a cache file (`remembered` /
 * `remember`). Frozen, since every reader of the same text shares one object.
 */
const shared = new Map<string, { key: string; value: Readonly<Record<string, unknown>> }>();
const usedKeys = new Set<string>();
let parsedSinceLoad = false;
const NONE: Readonly<Record<string, unknown>> = Object.freeze({});

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * The note cut after its frontmatter (fences included; '' without one), as a string of its own: a slice would keep
 * the whole note alive, and what reads only the frontmatter of a thousand pages need not hold their bodies.
 */
export function frontmatterBlock(text: string): string {
  return ownString(text.slice(0, splitNote(text).bodyStart));
}

/** `readFrontmatter` for readers that only read: the same value, shared and frozen. */
export function readFrontmatterShared(text: string): Readonly<Record<string, unknown>> {
  const { frontmatter } = splitNote(text);
  if (frontmatter === null) return NONE;
  let entry = shared.get(frontmatter);
  if (!entry) {
    const key = ownString(frontmatter);
    entry = { key, value: deepFreeze(parseYamlObject(key)) };
    shared.set(key, entry);
    parsedSinceLoad = true;
  }
  usedKeys.add(entry.key);
  return entry.value;
}

/**
 * Reads made in `fn` are what is remembered after it: a parse no one read (a page changed since, a page gone) is let
 * go, so a long process (a run in batches, `watch`) does not keep every version of every page it ever read.
 */
export function frontmatterRound<T>(fn: () => T): T {
  usedKeys.clear();
  const out = fn();
  for (const k of shared.keys()) if (!usedKeys.has(k)) shared.delete(k);
  return out;
}

/** The parses this process used, and whether any of them is new since `remember` (worth saving again). */
export function rememberedFrontmatter(): { entries: [string, Readonly<Record<string, unknown>>][]; changed: boolean } {
  const entries: [string, Readonly<Record<string, unknown>>][] = [];
  for (const k of usedKeys) {
    const e = shared.get(k);
    if (e) entries.push([k, e.value]);
  }
  return { entries, changed: parsedSinceLoad };
}

/** Parses saved by an earlier process (only plain JSON data reaches here). */
export function rememberFrontmatter(entries: [string, Record<string, unknown>][]): void {
  for (const [k, v] of entries) if (!shared.has(k)) shared.set(k, { key: k, value: deepFreeze(v) });
  parsedSinceLoad = false;
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
