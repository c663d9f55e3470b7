import { describe, expect, it } from 'vitest';
import { merge3 } from './merge3.ts';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('merge3', () => {
  const before = lines('# Jeff', '', '## Timeline', '- 2025-12-01 call', '', '## Notes', 'mine');
  const afterRun = lines(
    '# Jeff',
    '',
    '## Timeline',
    '- 2025-12-01 call',
    '- 2026-01-05 TLS thread',
    '',
    '## Notes',
    'mine',
  );

  it("takes a run's line out of a page the user edited elsewhere since", () => {
    const edited = afterRun.replace('mine', 'mine\nand a thought I added later');
    const r = merge3(afterRun, edited, before);
    expect(r).toEqual({
      ok: true,
      text: lines(
        '# Jeff',
        '',
        '## Timeline',
        '- 2025-12-01 call',
        '',
        '## Notes',
        'mine',
        'and a thought I added later',
      ),
    });
  });

  it('keeps both sides when they change different lines, at the start and the end', () => {
    const base = lines('a', 'b', 'c', 'd', 'e');
    expect(merge3(base, lines('A', 'b', 'c', 'd', 'e'), lines('a', 'b', 'c', 'd', 'E', 'f'))).toEqual({
      ok: true,
      text: lines('A', 'b', 'c', 'd', 'E', 'f'),
    });
  });

  it('keeps one side when only it changed, and agrees when both made the same change', () => {
    const base = lines('a', 'b', 'c');
    expect(merge3(base, base, lines('a', 'c'))).toEqual({ ok: true, text: lines('a', 'c') });
    expect(merge3(base, lines('a', 'x', 'c'), lines('a', 'x', 'c'))).toEqual({ ok: true, text: lines('a', 'x', 'c') });
  });

  it('refuses when both sides changed the same line differently', () => {
    const base = lines('a', 'b', 'c');
    expect(merge3(base, lines('a', 'mine', 'c'), lines('a', 'theirs', 'c'))).toEqual({ ok: false });
  });

  it('refuses when the user edited the very line the run added (the edit would be lost)', () => {
    const edited = afterRun.replace('- 2026-01-05 TLS thread', '- 2026-01-05 TLS thread (follow up!)');
    expect(merge3(afterRun, edited, before)).toEqual({ ok: false });
  });
});
