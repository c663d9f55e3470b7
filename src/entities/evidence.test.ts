import { describe, expect, it } from 'vitest';
import { MentionHistory } from './evidence.ts';

const stored = (sourceId: string, ...names: string[]) =>
  JSON.stringify({
    extraction: { source_id: sourceId, mentions: names.map((name) => ({ kind: 'person', name, email: null })) },
  });

describe('MentionHistory', () => {
  it('reads the stored extractions only when a count is first asked for, one at a time', () => {
    const read: string[] = [];
    function* earlier() {
      for (const id of ['a', 'b']) {
        read.push(id);
        yield stored(id, 'Kurt Vonnegut');
      }
    }
    const history = new MentionHistory(earlier);
    expect(read).toEqual([]);
    expect(history.named('person', 'Kurt Vonnegut', 'c')).toBe(3);
    expect(history.named('person', 'Kurt Vonnegut', 'c')).toBe(3);
    expect(read).toEqual(['a', 'b']);
  });

  it('counts a name up to what settles the question, and keeps no more of its sources than that', () => {
    const history = new MentionHistory(
      () => ['a', 'b', 'c', 'd'].map((id) => stored(id, 'Kurt Vonnegut')),
      new Set(),
      2,
    );
    expect(history.named('person', 'Kurt Vonnegut', 'e')).toBe(2);
    expect(history.named('person', 'Ada Lovelace', 'e')).toBe(1);
    expect(history.named('person', 'Ada Lovelace', 'e')).toBe(1);
    expect(history.named('person', 'Ada Lovelace', 'f')).toBe(2);
  });
});
