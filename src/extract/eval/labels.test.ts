import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabels, readLabels } from './labels.ts';

const goldFile = path.resolve(import.meta.dirname, '../../../test/fixtures/gold/gold.dev.jsonl');

const line = {
  id: 'x',
  source_path: 'a.md',
  kind: 'email',
  title: 'Pricing',
  date: '2026-01-05',
  participants: ['Jason Vallery'],
  tasks: [{ text: 'Send the deck', owner: 'TBD', due: null, evidence: 'please send the deck' }],
  decisions: [],
  facts: [],
  reply_needed: true,
};

describe('parseLabels', () => {
  it('reads every line of the gold dev labels', () => {
    const labels = readLabels(goldFile);
    expect(labels).toHaveLength(93);
    expect(new Set(labels.map((l) => l.id)).size).toBe(93);
    const kinds = labels.map((l) => l.kind);
    expect(['email', 'transcript', 'notes'].map((k) => kinds.filter((x) => x === k).length)).toEqual([46, 38, 9]);
    const items = labels.flatMap((l) => [...l.tasks, ...l.decisions, ...l.facts]);
    expect(items.length).toBeGreaterThan(900);
    expect(items.every((i) => i.evidence.length >= 5)).toBe(true);
    expect(labels.every((l) => (l.kind === 'email') === (l.reply_needed !== null))).toBe(true);
  });

  it('fills defaults for the optional fields', () => {
    const [l] = parseLabels(`${JSON.stringify(line)}\n\n`);
    expect(l).toMatchObject({ summary: '', reply_reason: null, prior_summary_present: false, original_path: null });
  });

  it('names the file, line and field of a bad line', () => {
    const noEvidence = { ...line, tasks: [{ text: 'Send the deck', owner: 'TBD', due: null }] };
    expect(() => parseLabels(`${JSON.stringify(line)}\n${JSON.stringify(noEvidence)}`, 'l.jsonl')).toThrow(
      /^l\.jsonl:2: tasks\.0\.evidence/,
    );
    // The old format's plain-string decisions are not gold labels.
    expect(() => parseLabels(JSON.stringify({ ...line, decisions: ['We ship'] }), 'l.jsonl')).toThrow(
      /^l\.jsonl:1: decisions\.0/,
    );
    expect(() => parseLabels(JSON.stringify({ ...line, kind: 'chat' }), 'l.jsonl')).toThrow(/^l\.jsonl:1: kind/);
    expect(() => parseLabels('not json', 'l.jsonl')).toThrow(/^l\.jsonl:1: not valid JSON/);
  });
});
