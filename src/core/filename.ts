/**
 * The one file-name sanitiser: titles from sources (or a model) become file and folder names only through it, for
 * source notes, entity folders, outbox drafts and invites, and briefs alike.
 */

/** The longest prefix of `text` (cut on a code-point boundary) that is at most `maxBytes` UTF-8 bytes. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let size = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > maxBytes) break;
    out += ch;
    size += n;
  }
  return out;
}

/**
 * A file-name-safe version of a title: no `/ \ : * ? " < > |`, no control characters, no leading dots, no `[[`,
 * `]]`, `#`, `^` (they break wikilinks), whitespace collapsed, at most `maxBytes` UTF-8 bytes cut at a word (and
 * not left ending on a comma, a dash or an opened bracket).
 */
export function safeFileName(title: string, maxBytes = 120): string {
  let s = title
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed here
    .replace(/[\x00-\x1f\x7f]/g, ' ')
    .replace(/[/\\:*?"<>|#^[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[. ]+/, '')
    .replace(/[. ]+$/, '');
  if (Buffer.byteLength(s, 'utf8') > maxBytes) {
    let cut = '';
    for (const word of s.split(' ')) {
      const next = cut ? `${cut} ${word}` : word;
      if (Buffer.byteLength(next, 'utf8') > maxBytes) break;
      cut = next;
    }
    // one very long word: cut at a code-point boundary; a cut name does not end on a comma or an opened bracket
    s = (cut || cutToBytes(s, maxBytes)).replace(/[\s,;.\-–—(]+$/u, '');
  }
  return s || 'Untitled';
}
