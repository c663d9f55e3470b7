/**
 * Escaping for every string Distill writes into markdown, by the place it goes. Source text and model output are
 * data: a subject, a name or a summary must never add a heading, a task, a link, a tag the Tasks queries count, an
 * HTML element or a comment that hides the rest of the note.
 *
 * | place                               | function      |
 * |-------------------------------------|---------------|
 * | a heading (`# title`), one line     | `mdHeading`   |
 * | a bullet, a bold label, a table cell| `mdInline`    |
 * | the text of a link `[[target|text]]`| `mdLinkText`  |
 * | the target of a link                | `mdLinkTarget`|
 * | a block of paragraphs (a summary)   | `mdBlock`     |
 *
 * Frontmatter never goes through these: it is written through the YAML document model, which quotes what it must.
 * Every function is idempotent.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed here.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const BREAKS = /[\r\n\u0085\u2028\u2029]+/g;

/** Raw HTML elements whose content is code or hidden, removed with what they enclose. */
const HTML_BLOCKS =
  /<(script|style|iframe|object|embed|template|noscript|svg|math|textarea|title|xmp)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/**
 * An HTML tag: `<name …>` or `</name>` where the name is a letter run followed by a space, `/` or `>`. `<a@b.c>`
 * and `<https://…>` (an address, an autolink) are not tags.
 */
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;
/** A tag cut short at the end of the text, or an opening `<script` without its `>`. */
const HTML_OPEN_TAIL = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?$/;

/** `once` applied until nothing changes (removing one marker can expose another), so every function is idempotent. */
function fix(text: string, once: (t: string) => string): string {
  let out = text;
  for (let prev: string | null = null, n = 0; prev !== out && n < 50; n++) {
    prev = out;
    out = once(out);
  }
  return out;
}

/** HTML removed: comments (closed or not), script-like elements with their content, every other tag. */
export function stripHtml(text: string): string {
  return fix(text, (t) =>
    t
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(HTML_BLOCKS, '')
      .replace(HTML_TAG, '')
      .replace(HTML_OPEN_TAIL, ''),
  );
}

/** One line: control characters and line breaks become spaces, whitespace runs one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, '').replace(BREAKS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Inline text (a bullet, a label): one line, no HTML, no wikilink brackets (`[[`, `]]`), no Obsidian comment
 * markers (`%%`), no leading `#` or `>` that would turn the line into something else.
 */
export function mdInline(text: string): string {
  return fix(text, (t) =>
    oneLine(
      stripHtml(t)
        .replace(/\[{2,}|\]{2,}/g, '')
        .replace(/%{2,}/g, '%'),
    )
      // After `- ` a leading `[ ]` would make the bullet a task, a `#` a heading, a `>` a quote.
      .replace(/^\[(.)\]/, '\\[$1\\]')
      .replace(/^(#{1,6})(?=\s|$)/, '\\$1')
      .replace(/^>/, '\\>'),
  );
}

/** A heading's text: inline text whose own leading `#`s would not change the heading level. */
export function mdHeading(text: string): string {
  return fix(text, (t) => mdInline(t.replace(/^[\s#\\]+/, '')).replace(/(?:\s+#+)+$/, '')) || '(untitled)';
}

/** The display text of `[[target|text]]`: inline text without `[`, `]` or `|`, which would end the link early. */
export function mdLinkText(text: string): string {
  return fix(text, (t) =>
    oneLine(
      stripHtml(t)
        .replace(/[[\]|]+/g, ' ')
        .replace(/%{2,}/g, '%'),
    ),
  );
}

/** The target of a wikilink: no brackets, `|`, `#`, `^` (they end or redirect the link), one line. */
export function mdLinkTarget(target: string): string {
  return fix(target, (t) => oneLine(t.replace(/[[\]|#^]+/g, ' ')));
}

/**
 * A span of source text inside a line that Distill starts (a transcript turn after its `**Speaker**:` label): one
 * line, no wikilink brackets or `%%`, HTML comments and script-like elements removed; other tags (`<inaudible>`)
 * kept as written.
 */
export function mdSpan(text: string): string {
  return fix(text, (t) =>
    oneLine(
      t
        .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
        .replace(HTML_BLOCKS, '')
        .replace(/\[{2,}|\]{2,}/g, '')
        .replace(/%{2,}/g, '%'),
    ),
  );
}

/** One line of a block: its start may not open a heading, a fence, a setext underline or a task. */
function neutraliseLine(raw: string): string {
  let line = raw.replace(/%{2,}/g, '%').replace(/\[{2,}|\]{2,}/g, '');
  line = line.replace(/^(\s*)(#{1,6})(?=\s|$)/, '$1\\$2');
  line = line.replace(/^(\s*)(`{3,}|~{3,})/, '$1\\$2');
  line = line.replace(/^(\s*)(=+|-{2,}|\*{3,}|_{3,})\s*$/, '$1\\$2');
  line = line.replace(/^(\s*(?:[-*+]|\d+[.)])\s+)\[(.)\]/, '$1\\[$2\\]');
  return line;
}

function lines(text: string): string[] {
  return text
    .replace(CONTROL, '')
    .replace(/\r\n?|\u0085|\u2028|\u2029/g, '\n')
    .split('\n');
}

/**
 * A block of text (a summary, a drafted reply): paragraphs kept; HTML stripped; and no line may start a heading
 * (`#`, or a setext `===` / `---` underline), a task or checklist (`- [ ]`) or a code fence that would swallow the
 * rest of the note: each such start is backslash-escaped, so it reads as written but is only text. No wikilink
 * brackets, no `%%` comments.
 */
export function mdBlock(text: string): string {
  return fix(text, (t) =>
    lines(stripHtml(t))
      .map(neutraliseLine)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
}

/**
 * Source text shown verbatim inside a `> ` quote (a mail body, a document). Inside a quote a heading or a fence stays
 * in the quote, but a task line is still a task to the Tasks plugin and `%%` still opens a comment that hides the
 * rest of the note: those are escaped, and HTML comments and script-like elements are removed. Everything else
 * (headings, links, `<address@example.com>`, ordinary tags) stays as written.
 */
export function mdQuoted(text: string): string {
  return fix(text, (t) =>
    lines(t.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(HTML_BLOCKS, ''))
      .map((line) => line.replace(/%{2,}/g, '%').replace(/^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+)\[(.)\]/, '$1\\[$2\\]'))
      .join('\n'),
  );
}
