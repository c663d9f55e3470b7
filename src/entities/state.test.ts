import { describe, expect, it } from 'vitest';
import { linePatch } from '../apply/line-patch.ts';
import type { Entity } from './entity.ts';
import { type EntityState, parseState, serialiseState } from './state.ts';

const acme: Entity = {
  id: 'account:acme',
  kind: 'account',
  name: 'Acme',
  aliases: [],
  emails: [],
  domains: ['acme.com'],
  organisation: null,
  role: null,
  folder: 'Accounts/Acme',
};

const timeline = (n: number) =>
  Array.from({ length: n }, (_, i) => `- 2025-01-${String((i % 28) + 1).padStart(2, '0')} [[Meetings/2025/Call ${i}]]`);

describe('entity state on disk', () => {
  it('keeps each generated section as lines, and reads back the very strings the page code wrote', () => {
    const state: EntityState = {
      entity: acme,
      contributions: {},
      generated: { Timeline: timeline(3).join('\n'), Profile: '- Domains: acme.com', 'frontmatter.tags': '["a"]' },
    };
    const text = serialiseState(state);
    expect(text).toContain('"- 2025-01-02 [[Meetings/2025/Call 1]]",\n');
    expect(parseState(text, 'acme.json')).toEqual(state);
  });

  it('reads a state written before, with a string per section, the same', () => {
    const old = JSON.stringify({ entity: acme, contributions: {}, generated: { Timeline: 'a\nb' } });
    expect(parseState(old, 'acme.json').generated).toEqual({ Timeline: 'a\nb' });
  });

  it('changes by one line when a run adds a line to a long Timeline (its run record keeps a line, not the section)', () => {
    const before = serialiseState({
      entity: acme,
      contributions: {},
      generated: { Timeline: timeline(2000).join('\n') },
    });
    const lines = timeline(2000);
    lines.splice(1000, 0, '- 2025-02-01 [[Meetings/2025/The new call]]');
    const after = serialiseState({ entity: acme, contributions: {}, generated: { Timeline: lines.join('\n') } });
    const patch = linePatch(before, after)!;
    expect(patch.flatMap((h) => [...h.del, ...h.ins])).toEqual([
      '      "- 2025-02-01 [[Meetings/2025/The new call]]",',
    ]);
  });
});
