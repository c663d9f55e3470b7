import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyLinePatch, linePatch, revertLinePatch } from './line-patch.ts';

const ledgerLike = (ids: number[]) =>
  `{\n  "sources": {\n${ids.map((i) => `    "s${i}": {\n      "title": "Thread ${i}",\n      "outputs": []\n    },`).join('\n')}\n  },\n  "runs": []\n}\n`;

describe('line patches in run records', () => {
  it('records a source added to a large ledger as a few lines, and takes it back out exactly', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => i * 2);
    const before = ledgerLike(ids);
    const after = ledgerLike([...ids.slice(0, 2500), 4999, ...ids.slice(2500)]).replace('"runs": []', '"runs": ["r1"]');
    const patch = linePatch(before, after)!;
    expect(patch).toHaveLength(2);
    expect(JSON.stringify(patch).length).toBeLessThan(600);
    expect(revertLinePatch(after, patch)).toBe(before);
  });

  it('records a batch of 600 sources (2,400 lines) spread over a ledger of 20,000 as their lines, not the file', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => i * 2);
    const before = ledgerLike(ids);
    const added = Array.from({ length: 600 }, (_, k) => k * 16 + 1); // odd ids fall between the even ones
    const after = ledgerLike([...ids, ...added].sort((x, y) => x - y));
    const patch = linePatch(before, after)!;
    expect(patch.reduce((n, h) => n + h.ins.length - h.del.length, 0)).toBe(600 * 4);
    expect(JSON.stringify(patch).length * 8).toBeLessThan(before.length + after.length);
    expect(revertLinePatch(after, patch)).toBe(before);
  });

  it('takes a change back out of a file later runs changed elsewhere, and refuses when its own lines changed', () => {
    const base = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    const before = base.join('\n');
    const after = [...base.slice(0, 100), 'added by the run', ...base.slice(100)].join('\n');
    const patch = linePatch(before, after)!;
    const later = [
      'a later run wrote this',
      ...after.split('\n').slice(0, 150),
      'and this',
      ...after.split('\n').slice(150),
    ];
    expect(revertLinePatch(later.join('\n'), patch)).toBe(
      ['a later run wrote this', ...base.slice(0, 149), 'and this', ...base.slice(149)].join('\n'),
    );
    expect(revertLinePatch(after.replace('added by the run', 'edited by you'), patch)).toBeNull();
  });

  it('gives no patch for a change too large to be worth one', () => {
    const a = Array.from({ length: 100 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 100 }, (_, i) => `b${i}`).join('\n');
    expect(linePatch(a, b, 50)).toBeNull();
    expect(linePatch(a, a)).toEqual([]);
  });

  it('reverses any edit exactly (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '', '}', '  x'), { maxLength: 60 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const before = a.join('\n');
        const after = b.join('\n');
        const patch = linePatch(before, after, 1000)!;
        expect(revertLinePatch(after, patch)).toBe(before);
      }),
      { numRuns: 3000 },
    );
  });

  it('makes any edit again from the text before it, exactly (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '', '}', '  x'), { maxLength: 60 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const before = a.join('\n');
        const after = b.join('\n');
        expect(applyLinePatch(before, linePatch(before, after, 1000)!)).toBe(after);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses to make a patch on a text it was not made from', () => {
    const before = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const patch = linePatch(before, before.replace('line 20', 'line twenty'))!;
    expect(applyLinePatch(before.replace('line 19', 'line nineteen'), patch)).toBeNull();
  });

  it('reverses a few edits to a long text exactly, and under later edits elsewhere (property)', () => {
    const line = fc.constantFrom('{', '}', '  "a": 1,', '  "b": [],', '', 'x', 'y');
    const edit = fc.record({ at: fc.nat(), drop: fc.nat({ max: 3 }), add: fc.array(line, { maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 200 }), fc.array(edit, { maxLength: 5 }), (base, es) => {
        const after = [...base];
        for (const e of es) after.splice(e.at % (after.length + 1), e.drop, ...e.add);
        const patch = linePatch(base.join('\n'), after.join('\n'))!;
        expect(revertLinePatch(after.join('\n'), patch)).toBe(base.join('\n'));
      }),
      { numRuns: 2000 },
    );
  });
});
