import { describe, expect, it } from 'vitest';
import { jsonMemberLines, narrowJson } from './json-text.ts';

describe('narrowJson', () => {
  it('reads back as the same data, with only Latin-1 characters left in the text', () => {
    const data = { title: 'Q3 review — “final” 📅', name: 'José Ñúñez', plain: 'a\\u2014b' };
    const text = narrowJson(JSON.stringify(data, null, 1));
    expect(JSON.parse(text)).toEqual(data);
    expect([...text].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    expect(text).toContain('José Ñúñez');
    expect(text).toContain('\\u2014');
  });

  it('leaves text with nothing to escape as it is', () => {
    const text = JSON.stringify({ a: 'plain ascii', b: 'café' });
    expect(narrowJson(text)).toBe(text);
  });
});

describe('jsonMemberLines', () => {
  it('writes a member one entry a line, commas between, and reads back as JSON', () => {
    const lines = [
      '{',
      ...jsonMemberLines(' ', 'files', '[]', ['{"path":"a.md"}', '{"path":"b.md"}']),
      ...jsonMemberLines(' ', 'empty', '{}', [], true),
      '}',
    ];
    expect(lines).toEqual(['{', ' "files": [', '  {"path":"a.md"},', '  {"path":"b.md"}', ' ],', ' "empty": {}', '}']);
    expect(JSON.parse(lines.join('\n'))).toEqual({ files: [{ path: 'a.md' }, { path: 'b.md' }], empty: {} });
  });
});
