import { describe, expect, it } from 'vitest';
import { emptyExtraction } from '../schema.ts';
import { LabelLine } from './labels.ts';
import { renderReport } from './report.ts';
import { buildReport, failedSource, scoreSource } from './score.ts';

describe('renderReport', () => {
  it('prints a row per source, totals per kind and overall, and the targets', () => {
    const label = LabelLine.parse({
      id: 'e-1',
      source_path: 'a.md',
      kind: 'email',
      title: 'Pricing',
      date: '2026-01-05',
      participants: ['Noa Cohen'],
    });
    const ok = scoreSource(
      label,
      emptyExtraction('s', {
        title: 'Pricing',
        date: '2026-01-05',
        participants: [{ name: 'Noa Cohen', email: null }],
      }),
      { ownerNames: [], doneTasks: [], ms: 12.4 },
    );
    const bad = failedSource({ ...label, id: 'e-2' }, 'e-2.md: empty file', 1);
    const text = renderReport(buildReport('offline', [ok, bad]));
    const lines = text.split('\n');
    expect(lines[0]).toBe('extractor: offline');
    expect(lines[1]).toMatch(/^source\s+kind\s+part P\s+part R\s+part F1/);
    expect(lines.find((l) => l.startsWith('e-1'))).toMatch(/1\.00\s+1\.00\s+1\.00.*ok\s+ok\s+12$/);
    expect(lines.find((l) => l.startsWith('e-2'))).toContain('e-2.md: empty file');
    expect(lines.find((l) => l.startsWith('TOTAL email'))).toMatch(/^TOTAL email\s+2\s+1\.00\s+0\.50\s+0\.67/);
    expect(text).toMatch(/MISS\s+participants F1 \(email\)\s+0\.67\s+\(>= 0\.95\)/);
    expect(text).toMatch(/MISS\s+task recall\s+n\/a/);
  });

  it('says when a task-recall miss is below what any quoting extractor could reach', () => {
    const label = LabelLine.parse({
      id: 't-1',
      source_path: 't.md',
      kind: 'transcript',
      tasks: [{ text: 'Prepare a detailed competitive pricing analysis versus Pure and NetApp for the board.' }],
    });
    const s = scoreSource(label, emptyExtraction('s'), {
      ownerNames: [],
      doneTasks: [],
      ms: 1,
      sourceSentences: ['We talked about pricing for a while.', 'Pure came up once.'],
    });
    const text = renderReport(buildReport('offline', [s]));
    expect(text).toMatch(/MISS\s+task recall\s+0\s+\(>= 0\.50\)\s+the best quoting extractor reaches 0\.00/);
  });
});
