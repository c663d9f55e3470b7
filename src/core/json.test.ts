import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneByteJson } from './json.ts';

describe('oneByteJson', () => {
  it('reads back as the same data, whatever characters it holds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, 2), (value, indent) => {
        expect(JSON.parse(oneByteJson(value, indent))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
    const note = { gist: 'Jeff’s call — 📅 Friday, café' };
    expect(JSON.parse(oneByteJson(note))).toEqual(note);
  });

  it('writes nothing above U+00FF: Latin-1 stays as it is, the rest is escaped', () => {
    const text = oneByteJson({ gist: 'Jeff’s café 📅' });
    expect(text).toBe('{"gist":"Jeff\\u2019s café \\ud83d\\udcc5"}');
    expect([...text].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
  });

  it('is JSON.stringify when there is nothing to escape', () => {
    const value = { a: [1, 'two', { three: null }], é: 'ü' };
    expect(oneByteJson(value, 1)).toBe(JSON.stringify(value, null, 1));
  });
});
