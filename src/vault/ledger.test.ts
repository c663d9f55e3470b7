import { describe, expect, it } from 'vitest';
import { emptyLedger, type LedgerSource, parseLedger, serialiseLedger } from './ledger.ts';

const entry: LedgerSource = {
  source_id: 'abc',
  inbox_name: 'thread.eml',
  archived_path: 'Sources/Email/2026/thread.eml',
  note_path: 'Meetings/2026/2026-01-02 - Thread.md',
  kind: 'email',
  title: 'Thread',
  date: '2026-01-02',
  extractor: 'offline',
  run_id: 'r1',
  processed_at: '2026-01-02T10:00:00Z',
  outputs: [],
  entities: ['person__ana'],
  duplicates: [],
  conversation_keys: ['m:<a@b>'],
};

describe('parseLedger', () => {
  it('reads back what serialiseLedger wrote', () => {
    const ledger = { ...emptyLedger(), sources: { abc: entry } };
    ledger.runs.push({
      run_id: 'r1',
      started: 'x',
      finished: 'y',
      sources: ['abc'],
      failed: [],
      files: ['a.md'],
      commit: null,
      status: 'applied',
    });
    expect(parseLedger(serialiseLedger(ledger))).toEqual(ledger);
  });

  it('writes titles beyond Latin-1 as escapes (a large ledger stays one byte a character in memory)', () => {
    const ledger = { ...emptyLedger(), sources: { abc: { ...entry, title: 'Q3 — “final” plan' } } };
    const text = serialiseLedger(ledger);
    expect([...text].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    expect(parseLedger(text).sources.abc?.title).toBe('Q3 — “final” plan');
  });

  it('writes a line per source and per run, so a run that adds a source adds a line (and a comma)', () => {
    const run = {
      run_id: 'r1',
      started: 'x',
      finished: 'y',
      sources: ['abc'],
      failed: [],
      files: ['a.md', 'b.md'],
      commit: null,
      status: 'applied' as const,
    };
    const one = { ...emptyLedger(), sources: { abc: entry }, runs: [run] };
    const two = { ...one, sources: { ...one.sources, abd: { ...entry, source_id: 'abd', title: 'Other' } } };
    const a = serialiseLedger(one).split('\n');
    const b = serialiseLedger(two).split('\n');
    expect(a).toHaveLength(10);
    expect(b.filter((l) => !a.includes(l))).toEqual([
      `    "abc": ${JSON.stringify(entry)},`,
      `    "abd": ${JSON.stringify(two.sources.abd)}`,
    ]);
    expect(parseLedger(b.join('\n'))).toEqual(two);
    expect(serialiseLedger(emptyLedger())).toBe('{\n  "version": 1,\n  "sources": {},\n  "runs": []\n}\n');
  });

  it('fills in the defaults an older ledger lacks', () => {
    const { outputs: _o, duplicates: _d, ...old } = entry;
    const parsed = parseLedger(JSON.stringify({ version: 1, sources: { abc: old } }));
    expect(parsed.sources.abc?.outputs).toEqual([]);
    expect(parsed.sources.abc?.duplicates).toEqual([]);
    expect(parsed.runs).toEqual([]);
  });

  it('refuses an entry of the wrong shape', () => {
    expect(() =>
      parseLedger(JSON.stringify({ version: 1, sources: { abc: { ...entry, title: 7 } }, runs: [] })),
    ).toThrow();
    expect(() => parseLedger(JSON.stringify({ version: 1, sources: {}, runs: [{ run_id: 'r' }] }))).toThrow();
  });
});
