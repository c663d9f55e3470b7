import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evidenceFound, groundExtraction, locateEvidence } from './grounding.ts';
import { Extraction, emptyExtraction } from './schema.ts';

const mail = `## 2026-01-05 12:10:19 — Itzik Reich <itzik.reich@vastdata.com>
> @jason, can you please take it with google once maroun will come
> with the suggested tests timing ?
> It’s a “must-have” for them.`;

describe('evidenceFound', () => {
  it('ignores whitespace, case, quote style and the > markers of a mail export', () => {
    expect(
      evidenceFound(mail, 'can you please take it with Google once maroun will come with the suggested tests timing ?'),
    ).toBe(true);
    expect(evidenceFound(mail, 'It\'s a "must-have" for them.')).toBe(true);
    expect(evidenceFound(mail, '  @JASON,   can you ')).toBe(true);
  });

  it('accepts a quote that joins two quoted lines with their > marker, but no > glued to a word', () => {
    const export_ = '> Important Reminders:\n> Partial Licensing is no longer an option\n> All POCs must be paid';
    expect(evidenceFound(export_, 'Partial Licensing is no longer an option > All POCs must be paid')).toBe(true);
    expect(locateEvidence(export_, 'an option > All POCs')).toBe('an option\n> All POCs');
    // The adapter's text has no markers at all: the same quote still matches.
    expect(evidenceFound('Isabella Lista\nAssociate', 'Isabella Lista > Associate')).toBe(true);
    // A comparison stays a comparison where it is not standing alone.
    expect(evidenceFound('latency >2 ms', 'latency 2 ms')).toBe(false);
    expect(evidenceFound('latency 2 ms', 'latency >2 ms')).toBe(false);
  });

  it('rejects words that are not in the source or not in that order', () => {
    expect(evidenceFound(mail, 'can you please take it with Microsoft')).toBe(false);
    expect(evidenceFound(mail, 'timing suggested the')).toBe(false);
    expect(evidenceFound(mail, '   ')).toBe(false);
  });

  it('finds every substring of a text in that text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.nat(), fc.nat(), (text, a, b) => {
        const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [number, number];
        const quote = text.slice(from, to);
        if (quote.trim() === '' || /[>\r\n]/.test(quote)) return true;
        return evidenceFound(text, quote);
      }),
    );
  });
});

describe('locateEvidence', () => {
  it('returns the verbatim span of the source, markers and line breaks included', () => {
    expect(locateEvidence(mail, 'will come with the suggested')).toBe('will come\n> with the suggested');
    expect(locateEvidence(mail, 'not there')).toBeNull();
  });
});

describe('groundExtraction', () => {
  const base: Extraction = emptyExtraction('s1', {
    title: 'TLS for Block',
    date: '2026-01-05',
    tasks: [
      {
        id: 't1',
        text: 'Take it with Google.',
        owner: 'Myself',
        due: null,
        priority: null,
        status: 'proposed',
        evidence: 'can you please take it with google',
      },
      {
        id: 't2',
        text: 'Invented.',
        owner: 'TBD',
        due: null,
        priority: null,
        status: 'proposed',
        evidence: 'we will ship on Friday',
      },
    ],
    decisions: [{ text: 'Deferred.', evidence: 'It was deferred to 5.7' }],
    facts: [{ text: 'Must-have.', about: null, evidence: 'It’s a “must-have”', date: null }],
  });

  it('drops items without evidence, keeps the rest with the exact source span', () => {
    const { extraction, dropped } = groundExtraction(base, mail);
    expect(Extraction.parse(extraction)).toBeTruthy();
    expect(extraction.tasks.map((t) => t.id)).toEqual(['t1']);
    expect(extraction.tasks[0]?.evidence).toBe('can you please take it with google');
    expect(extraction.decisions).toEqual([]);
    expect(extraction.facts[0]?.evidence).toBe('It’s a “must-have”');
    expect(dropped).toEqual([
      { kind: 'task', text: 'Invented.' },
      { kind: 'decision', text: 'Deferred.' },
    ]);
  });
});
