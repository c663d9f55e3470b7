import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabels, readLabels } from './labels.ts';

describe('parseLabels', () => {
  it('reads the dev labels with their flags and original names', () => {
    const labels = readLabels(path.resolve(import.meta.dirname, '../../../test/fixtures/labels.dev.jsonl'));
    expect(labels).toHaveLength(11);
    expect(new Set(labels.map((l) => l.kind))).toEqual(new Set(['email', 'transcript', 'notes']));
    expect(labels.some((l) => l.tasks.some((t) => t.flags.includes('echo_of_done_source_task')))).toBe(true);
    expect(labels.find((l) => l.id === 't-00000000-f954dc')?.original_path).toMatch(/Jason Lior Weekly Call\.md$/);
  });

  it('fills defaults for optional fields and names the line of a bad one', () => {
    const [l] = parseLabels('{"id":"x","source_path":"a.md","kind":"email"}\n\n');
    expect(l).toMatchObject({
      participants: [],
      tasks: [],
      decisions: [],
      facts: [],
      title: null,
      date: null,
      original_path: null,
    });
    expect(() => parseLabels('{"id":"x","source_path":"a.md","kind":"email"}\n{"id":"y"}', 'l.jsonl')).toThrow(
      /^l\.jsonl:2: source_path/,
    );
    expect(() => parseLabels('not json', 'l.jsonl')).toThrow(/^l\.jsonl:1: not valid JSON/);
  });
});
