import { describe, expect, it } from 'vitest';
import type { KnownEntity } from '../extract/extractor.ts';
import { mentions, relevantEntities } from './context.ts';

const known: KnownEntity[] = [
  { kind: 'account', name: 'OpenAI', aliases: [], emails: [] },
  { kind: 'account', name: 'Microsoft', aliases: ['MSFT', 'Azure'], emails: [] },
  { kind: 'person', name: 'Jonsi Stefansson', aliases: ['Jonsi Stephenson'], emails: ['jonsi@vastdata.com'] },
  { kind: 'person', name: 'Jeff Denworth', aliases: [], emails: ['jeff@vastdata.com'] },
  { kind: 'project', name: 'AI', aliases: [], emails: [] },
  { kind: 'person', name: 'Erik Wolf', aliases: [], emails: ['erik@vastdata.com'] },
];

describe('relevantEntities', () => {
  const text =
    'Jonsi Stephenson said the Azure MAI deal needs pricing; cc jeff@vastdata.com. OpenAI was not discussed.';

  it('keeps only entities whose name, alias or email occurs, on word boundaries', () => {
    const names = relevantEntities(known, text).map((e) => e.name);
    expect(names).toEqual(['Jeff Denworth', 'Jonsi Stefansson', 'Microsoft', 'OpenAI']);
  });

  it('never matches inside a longer word (AI in OpenAI or MAI)', () => {
    expect(relevantEntities(known, 'OpenAI and MAI').map((e) => e.name)).toEqual(['OpenAI']);
    expect(mentions('the ai team', 'AI')).toBe(true);
  });

  it('records which spelling matched and is independent of registry order', () => {
    const a = relevantEntities(known, text);
    const b = relevantEntities([...known].reverse(), text);
    expect(a).toEqual(b);
    expect(a.find((e) => e.name === 'Jonsi Stefansson')?.matched).toEqual(['Jonsi Stephenson']);
  });

  it('ignores accents, case and line breaks inside names', () => {
    expect(
      relevantEntities(
        [{ kind: 'person', name: 'Eirikur Hrafnsson', aliases: [], emails: [] }],
        'EIRÍKUR\nHrafnsson joined',
      ),
    ).toHaveLength(1);
  });

  it('caps the list, keeping the entities with most matched spellings', () => {
    const many: KnownEntity[] = Array.from({ length: 10 }, (_, i) => ({
      kind: 'person',
      name: `Person${i}`,
      aliases: [],
      emails: [],
    }));
    many.push({ kind: 'person', name: 'Zed Zulu', aliases: ['Zed'], emails: [] });
    const text2 = `${many.map((e) => e.name).join(' ')} Zed`;
    const top = relevantEntities(many, text2, 3).map((e) => e.name);
    expect(top).toHaveLength(3);
    expect(top).toContain('Zed Zulu');
  });
});
