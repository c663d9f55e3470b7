import { describe, expect, it } from 'vitest';
import { emptyExtraction } from '../schema.ts';
import { GoldLabel } from './labels.ts';
import { renderReport } from './report.ts';
import { buildReport, failedSource, scoreSource } from './score.ts';

const label = GoldLabel.parse({
  id: 'e-1',
  source_path: 'a.md',
  kind: 'email',
  title: 'Pricing',
  date: '2026-01-05',
  participants: ['Noa Cohen'],
  tasks: [{ text: 'Send the pricing deck', owner: 'TBD', due: null, evidence: 'please send the pricing deck' }],
  decisions: [],
  facts: [],
  reply_needed: false,
});

function report() {
  const ok = scoreSource(
    label,
    emptyExtraction('s', {
      title: 'Pricing',
      date: '2026-01-05',
      participants: [{ name: 'Noa Cohen', email: null }],
      tasks: [
        {
          id: 't',
          text: 'I will send the pricing deck',
          owner: 'TBD',
          due: null,
          priority: null,
          status: 'proposed',
          evidence: 'please send the pricing deck',
        },
      ],
    }),
    { ownerNames: [], doneTasks: [], ms: 12.4 },
  );
  const bad = failedSource({ ...label, id: 'e-2' }, 'e-2.md: empty file', 1, []);
  return buildReport('offline', [ok, bad]);
}

describe('renderReport', () => {
  it('prints totals per kind and overall, then the targets', () => {
    const lines = renderReport(report()).split('\n');
    expect(lines[0]).toBe('extractor: offline');
    expect(lines[1]).toMatch(/^source\s+kind\s+part P\s+part R\s+part F1\s+task P\s+task R\s+owner\s+due\s+inv\s+pron/);
    expect(lines.some((l) => l.startsWith('e-1'))).toBe(false);
    expect(lines.find((l) => l.startsWith('TOTAL email'))).toMatch(
      /^TOTAL email\s+2\s+1\.00\s+0\.50\s+0\.67\s+1\.00 \(1\/1\)\s+0\.50 \(1\/2\)\s+1\.00\s+-\s+0\s+1\.00/,
    );
    expect(lines.find((l) => /^TOTAL\s/.test(l))).toMatch(/\s7$/);
    expect(lines).toContain('failed sources: 1 (e-2: e-2.md: empty file)');
    const text = lines.join('\n');
    expect(text).toMatch(/PASS\s+task precision\s+1\.00\s+\(>= 0\.60\)/);
    expect(text).toMatch(/MISS\s+task recall\s+0\.50\s+\(>= 0\.60\)/);
    expect(text).toMatch(/PASS\s+invented due dates\s+0\s+\(= 0\)/);
    expect(text).toMatch(/MISS\s+due-date accuracy \(matched tasks\)\s+n\/a/);
    expect(text).toMatch(/MISS\s+task pronoun rate\s+1\.00\s+\(<= 0\.10\)/);
  });

  it('adds a row per source on request, with the error of a failed one', () => {
    const lines = renderReport(report(), { perSource: true }).split('\n');
    expect(lines.find((l) => l.startsWith('e-1'))).toMatch(
      /^e-1\s+email\s+1\.00\s+1\.00\s+1\.00\s.*ok\s+ok\s+ok\s+12$/,
    );
    expect(lines.find((l) => l.startsWith('e-2'))).toMatch(/^e-2\s+email\s+error: e-2\.md: empty file$/);
    expect(lines.some((l) => l.startsWith('failed sources'))).toBe(false);
  });
});
