import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linePatch } from '../apply/line-patch.ts';
import type { Entity } from './entity.ts';
import { type EntityContribution, type EntityState, parseState, stateEntity, stateText } from './state.ts';

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
    const text = stateText(state);
    expect(text).toContain('"- 2025-01-02 [[Meetings/2025/Call 1]]",\n');
    expect(parseState(text, 'acme.json')).toEqual(state);
  });

  it('is written with Latin-1 characters only (a task date 📅, an em dash), and reads back the same', () => {
    const state: EntityState = {
      entity: { ...acme, name: 'Acmé — Corp' },
      contributions: {},
      generated: { 'Open Tasks': '- [?] Send the BOM 📅 2026-01-05 ⏫ #task' },
    };
    const text = stateText(state);
    expect([...text].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    expect(parseState(text, 'acme.json')).toEqual(state);
  });

  it('reads a state written before, with a string per section, the same', () => {
    const old = JSON.stringify({ entity: acme, contributions: {}, generated: { Timeline: 'a\nb' } });
    expect(parseState(old, 'acme.json').generated).toEqual({ Timeline: 'a\nb' });
  });

  it('changes by one line when a run adds a line to a long Timeline (its run record keeps a line, not the section)', () => {
    const before = stateText({
      entity: acme,
      contributions: {},
      generated: { Timeline: timeline(2000).join('\n') },
    });
    const lines = timeline(2000);
    lines.splice(1000, 0, '- 2025-02-01 [[Meetings/2025/The new call]]');
    const after = stateText({ entity: acme, contributions: {}, generated: { Timeline: lines.join('\n') } });
    const patch = linePatch(before, after)!;
    expect(patch.flatMap((h) => [...h.del, ...h.ins])).toEqual(['   "- 2025-02-01 [[Meetings/2025/The new call]]",']);
  });
});

describe('the entity of a state file, read without its contributions', () => {
  const whatParseStateReads = (text: string) => {
    const st = parseState(text, 'x.json');
    return st.merged_into === undefined ? { entity: st.entity } : { entity: st.entity, merged_into: st.merged_into };
  };

  it('is what parsing the whole state gives, whatever the contributions hold and however the file is laid out', () => {
    const contribution = fc.dictionary(
      fc.string(),
      fc.oneof(
        fc.string(),
        fc.integer(),
        fc.constant(null),
        fc.array(fc.string()),
        fc.dictionary(fc.string(), fc.string()),
      ),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), contribution),
        fc.option(fc.string(), { nil: undefined }),
        fc.string(),
        fc.constantFrom(undefined, 1, 2, '\t'),
        (contributions, merged, name, indent) => {
          const state = {
            contributions,
            entity: { ...acme, name },
            generated: { Timeline: name },
            ...(merged === undefined ? {} : { merged_into: merged }),
          };
          const text = JSON.stringify(state, null, indent);
          expect(stateEntity(text, 'x.json')).toEqual(whatParseStateReads(text));
        },
      ),
    );
  });

  it('steps over strings with quotes, backslashes and brackets in them', () => {
    const text = stateText({
      entity: acme,
      contributions: { s1: { gist: 'He said "{[" and left \\', facts: [] } as never },
      generated: { Timeline: '- }]"\\' },
    });
    expect(stateEntity(text, 'acme.json')).toEqual({ entity: acme });
  });

  it('refuses what parseState refuses, with the same message', () => {
    for (const text of [
      '{"entity": {"id": 3}, "contributions": {}}',
      '{"contributions": {}}',
      '{"entity": ',
      '[]',
      '',
    ]) {
      expect(() => stateEntity(text, 'x.json')).toThrow(/^x\.json: /);
      expect(() => parseState(text, 'x.json')).toThrow(/^x\.json: /);
    }
  });
});

describe('the state a run writes', () => {
  const contribution = (i: number, extra: Partial<EntityContribution> = {}): EntityContribution => ({
    entity_id: acme.id,
    source_id: `s${i}`,
    date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
    note: `Meetings/2025/Call ${i}`,
    title: `Call ${i}`,
    gist: `We talked about pricing, call ${i}.`,
    facts: i % 2 ? [{ text: `Acme runs ${i} PB`, date: null }] : [],
    decisions: [],
    topics: [],
    related: [{ id: 'person:jeff', name: 'Jeff' }],
    emails: [],
    domains: ['acme.com'],
    role: null,
    organisation: null,
    names: [],
    review: [],
    ...extra,
  });
  const state = (n: number): EntityState => ({
    entity: acme,
    contributions: Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, contribution(i)])),
    generated: { Timeline: timeline(n).join('\n'), 'frontmatter.tags': '["distill/account"]' },
  });

  it('reads back as the very state written, ids and empty values included', () => {
    const st = state(3);
    st.contributions.s9 = contribution(9, { entity_id: 'account:globex', legacy: true, note: null, date: null });
    expect(parseState(stateText(st), 'acme.json')).toEqual(st);
    expect(stateEntity(stateText(st), 'acme.json')).toEqual({ entity: acme });
    const merged = { ...state(1), merged_into: 'account:acme-corp' };
    expect(parseState(stateText(merged), 'acme.json')).toEqual(merged);
    expect(
      parseState(stateText({ entity: acme, contributions: {}, generated: {} }), 'acme.json').contributions,
    ).toEqual({});
  });

  it('keeps a contribution on one line, without what the reader puts back, and grows by a line per source (and a comma)', () => {
    const text = stateText(state(2));
    expect(text).toContain(
      '  "s1": {"date":"2025-01-02","note":"Meetings/2025/Call 1","title":"Call 1","gist":"We talked about pricing, call 1.","facts":[{"text":"Acme runs 1 PB","date":null}],"related":[{"id":"person:jeff","name":"Jeff"}],"domains":["acme.com"]}',
    );
    const patch = linePatch(stateText(state(300)), stateText(state(301)))!;
    // the new contribution's line, and the one before it, which gains its comma
    expect(patch.flatMap((h) => h.ins).filter((l) => l.includes('"gist"'))).toEqual([
      expect.stringMatching(/^ {2}"s299": .*\},$/),
      expect.stringMatching(/^ {2}"s300": .*\}$/),
    ]);
    // under 70% of the same state written whole, one field per line
    const whole = `${JSON.stringify(parseState(stateText(state(300)), 'acme.json'), null, 2)}\n`;
    expect(stateText(state(300)).length).toBeLessThan(whole.length * 0.7);
  });
});
