import esm from 'compromise';
import { describe, expect, it } from 'vitest';
import { nlp } from './compromise.ts';

describe('nlp (compromise, loaded on first use)', () => {
  const text = 'Hi John Smith, can Maria Garcia send the Acme Corp report to Dana on Friday?';

  it('reads text as the ESM build does', () => {
    expect(nlp(text).people().out('array')).toEqual(esm(text).people().out('array'));
    expect(nlp(text).people().out('array')).toEqual(['John Smith,', 'Maria Garcia', 'Dana']);
    expect(nlp('Maria').has('#FirstName')).toBe(true);
    expect(nlp(text).out('tags')).toEqual(esm(text).out('tags'));
  });
});
