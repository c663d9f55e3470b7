import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isNearDuplicate } from '../extract/fact-identity.ts';
import { getSection } from '../vault/markdown.ts';
import { clusterItems, parseBullet, renderFactBullet } from './facts.ts';

const seed = readFileSync(new URL('../../test/fixtures/seeds/004_b5e8e54e5df0c078.txt', import.meta.url), 'utf8');

describe('clusterItems', () => {
  it("collapses the seed account page's duplicate facts to one bullet each", () => {
    const lines = (getSection(seed, 'Key Facts') ?? '').split('\n').filter((l) => l.startsWith('- '));
    const items = lines.map((l, i) => ({ text: parseBullet(l)!.text, date: null, source_id: `s${i}`, note: null }));
    const clusters = clusterItems(items);
    expect(lines).toHaveLength(46);
    expect(clusters).toHaveLength(34);
    const reps = clusters.map((c) => c.text);
    for (let i = 0; i < reps.length; i++)
      for (let j = i + 1; j < reps.length; j++) expect(isNearDuplicate(reps[i]!, reps[j]!)).toBe(false);
  });

  it('gives the same clusters and texts for any input order', () => {
    const items = [
      { text: 'Jeff said MAI needs storage soon.', date: '2025-12-21', source_id: 'b', note: 'n/b' },
      { text: 'Jeff said MAI needs storage very soon.', date: '2025-12-11', source_id: 'a', note: 'n/a' },
      { text: 'Kushal moved the GPU drop to February.', date: '2025-12-15', source_id: 'c', note: 'n/c' },
    ];
    const one = clusterItems(items).map(renderFactBullet);
    const two = clusterItems([...items].reverse()).map(renderFactBullet);
    expect(one).toEqual(two);
    expect(one[0]).toBe('- Jeff said MAI needs storage very soon. (2025-12-11, [[n/a]]; 2025-12-21, [[n/b]])');
  });

  it('marks the older of two contradicting statements as superseded', () => {
    const clusters = clusterItems([
      { text: 'MAI needs 100 EB of capacity on the floor.', date: '2026-01-05', source_id: 'b', note: 'n/b' },
      { text: 'MAI needs 2 EB of capacity on the floor.', date: '2025-12-11', source_id: 'a', note: 'n/a' },
    ]).map(renderFactBullet);
    expect(clusters).toEqual([
      '- ~~MAI needs 2 EB of capacity on the floor.~~ (superseded 2026-01-05) (2025-12-11, [[n/a]])',
      '- MAI needs 100 EB of capacity on the floor. (2026-01-05, [[n/b]])',
    ]);
  });
});

describe('parseBullet', () => {
  it('reads back what renderFactBullet writes', () => {
    expect(
      parseBullet('- ~~MAI needs 2 EB.~~ (superseded 2026-01-05) (2025-12-11, [[Meetings/2025/a]]; 2025-12-15, [[b]])'),
    ).toEqual({
      text: 'MAI needs 2 EB.',
      sources: [
        { date: '2025-12-11', note: 'Meetings/2025/a' },
        { date: '2025-12-15', note: 'b' },
      ],
    });
    expect(parseBullet('- [ ] a task is not a fact')).toBeNull();
  });
});
