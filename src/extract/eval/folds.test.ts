import { describe, expect, it } from 'vitest';
import type { Extractor } from '../extractor.ts';
import { foldsOf, heldOutExtractors } from './folds.ts';
import { GoldLabel } from './labels.ts';

const ids = Array.from({ length: 23 }, (_, i) => ({ id: `s-${i}` }));
const idsOf = (folds: { id: string }[][]) => folds.map((f) => f.map((l) => l.id));

describe('foldsOf', () => {
  it('splits into k folds whose sizes differ by at most one, covering every label once', () => {
    const folds = foldsOf(ids, 5);
    expect(folds.map((f) => f.length).sort()).toEqual([4, 5, 5, 5, 4].sort());
    expect(
      folds
        .flat()
        .map((l) => l.id)
        .sort(),
    ).toEqual(ids.map((l) => l.id).sort());
  });

  it('gives the same split on every run and whatever the input order', () => {
    expect(idsOf(foldsOf(ids, 4))).toEqual(idsOf(foldsOf(ids, 4)));
    expect(idsOf(foldsOf([...ids].reverse(), 4))).toEqual(idsOf(foldsOf(ids, 4)));
    // A fixed expectation, so a change of hash shows up as a change of split.
    expect(idsOf(foldsOf(ids.slice(0, 5), 2))).toEqual([
      ['s-2', 's-4', 's-3'],
      ['s-1', 's-0'],
    ]);
  });

  it('splits differently with another seed', () => {
    expect(idsOf(foldsOf(ids, 4, 1))).not.toEqual(idsOf(foldsOf(ids, 4)));
  });

  it('refuses a k that is not a positive whole number', () => {
    expect(() => foldsOf(ids, 0)).toThrow(RangeError);
    expect(() => foldsOf(ids, 2.5)).toThrow(RangeError);
  });
});

describe('heldOutExtractors', () => {
  const labels = ids.slice(0, 9).map((l) =>
    GoldLabel.parse({
      ...l,
      source_path: `${l.id}.md`,
      kind: 'notes',
      title: 'Notes',
      date: null,
      participants: [],
      tasks: [],
      decisions: [],
      facts: [],
      reply_needed: null,
    }),
  );

  it('gives each source an extractor trained on the other folds, training each fold once', async () => {
    const trainedOn: string[][] = [];
    const extractorFor = heldOutExtractors(labels, 3, async (train, fold) => {
      trainedOn.push(train.map((l) => l.id));
      return { name: `fold-${fold}`, extract: async () => Promise.reject(new Error('unused')) } satisfies Extractor;
    });
    for (const [i, label] of labels.entries()) {
      const ex = await extractorFor(label, i);
      const fold = Number(ex.name.slice('fold-'.length));
      expect(foldsOf(labels, 3)[fold]?.map((l) => l.id)).toContain(label.id);
    }
    expect(trainedOn).toHaveLength(3);
    for (const train of trainedOn) expect(train).toHaveLength(6);
    // Every label is left out of exactly one training set.
    for (const l of labels) expect(trainedOn.filter((t) => !t.includes(l.id))).toHaveLength(1);
  });
});
