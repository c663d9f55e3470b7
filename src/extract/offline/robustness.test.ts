/** Bad or odd input never crashes a batch: any envelope an adapter could produce yields a valid, grounded extraction. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Config } from '../../vault/config.ts';
import { evidenceFound } from '../grounding.ts';
import { Extraction } from '../schema.ts';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { extractOffline } from './index.ts';

const ctx = { config: Config.parse({ owner: { name: 'Jason Vallery' } }), known: [], today: '2026-01-10' };

const words = fc.constantFrom(
  'Can you',
  'please',
  'send',
  'the deck',
  'by Friday',
  "I'll",
  'follow up',
  'with',
  'Microsoft',
  'we decided to',
  'go with',
  '$5M',
  '3 PB',
  'Jan 5',
  'at 3pm',
  'call',
  '@jason',
  'Hi Noa,',
  '\n',
  '> ',
  '?',
  '.',
  '!',
  'Speaker 1',
  '—',
  '“',
  '”',
  'ü',
  '',
);
const text = fc.array(words, { maxLength: 40 }).map((ws) => ws.join(' '));
const date = fc.option(fc.constantFrom('2025-12-21T10:02:00', '2026-01-05', 'not a date', '2025-02-30T25:61:00'), {
  nil: undefined,
});

function check(ex: Extraction, source: string) {
  expect(() => Extraction.parse(ex)).not.toThrow();
  for (const item of [...ex.tasks, ...ex.decisions, ...ex.facts, ...ex.meetings])
    expect(evidenceFound(source, item.evidence)).toBe(true);
}

describe('extractOffline robustness', () => {
  it('handles any email thread', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, date), { minLength: 1, maxLength: 4 }), (msgs) => {
        const env = emailEnvelope(
          msgs[0]?.[0] ?? 'x',
          msgs.map(([name, body, d]) => ({ from: { name: name.slice(0, 30), email: 'a@b.com' }, date: d ?? '', body })),
        );
        check(extractOffline(env, ctx), env.text);
      }),
      { numRuns: 150 },
    );
  });

  it('handles any transcript, including generic speakers and no date', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('Speaker 1', 'Jason Vallery', 'Lior Genzel', '', 'Remote'), text), {
          maxLength: 12,
        }),
        date,
        (turns, d) => {
          const env = transcriptEnvelope(
            'Call',
            d ?? null,
            turns.map(([speaker, t]) => ({ speaker, text: t })),
          );
          check(extractOffline(env, ctx), env.text);
        },
      ),
      { numRuns: 150 },
    );
  });
});
