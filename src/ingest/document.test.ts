import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, parsePerson, unwrapWikilink } from './document.ts';
import { normaliseNewlines, sourceIdOf } from './normalise.ts';

const MTIME = new Date('2026-03-04T10:00:00Z');

describe('parseDocument', () => {
  it('takes title, date and people from the note itself', () => {
    const text = [
      '---',
      'date: 2025-11-02',
      'author: Jason Vallery',
      'attendees: ["[[Jeff Denworth]]", "Speaker 1", "Tomer Hagay <tomer@vastdata.com>"]',
      'entities:',
      '  people:',
      "  - '[[People/Lior Genzel|Lior]]'",
      '---',
      '',
      'Some preamble.',
      '# Cloud pricing principles',
      '',
      'Capacity-only pricing for private offers.',
    ].join('\n');
    const env = parseDocument(text, 'Inbox/2025-10-01 - ignored name.md', MTIME);
    expect(env).toMatchObject({
      kind: 'document',
      format: 'document',
      title: 'Cloud pricing principles',
      date: '2025-11-02',
      date_source: 'frontmatter',
      prior_summary: null,
      turns: [],
      messages: [],
    });
    expect(env.participants).toEqual([
      { name: 'Jason Vallery', roles: ['author'] },
      { name: 'Jeff Denworth', roles: ['attendee'] },
      { name: 'Tomer Hagay', email: 'tomer@vastdata.com', roles: ['attendee'] },
      { name: 'Lior Genzel', roles: ['attendee'] },
    ]);
    expect(env.text.startsWith('Some preamble.')).toBe(true);
    expect(env.text).not.toContain('author:');
    expect(env.source_id).toBe(sourceIdOf(text));
  });

  it('falls back to the file name, then to the file time, saying so', () => {
    const named = parseDocument('Plain words.', 'Attachments/2025-09-30_Q3-review.md', MTIME);
    expect(named).toMatchObject({ title: 'Q3 review', date: '2025-09-30', date_source: 'filename', warnings: [] });

    const bare = parseDocument('Plain words.', 'Attachments/Q3_review.md', MTIME);
    expect(bare).toMatchObject({ title: 'Q3 review', date: '2026-03-04', date_source: 'file-time' });
    expect(bare.warnings[0]).toContain('file time');

    const monthOnly = parseDocument('Plain words.', '2025-10 - Jeff Denworth.md', MTIME);
    expect(monthOnly.date_source).toBe('file-time');
    expect(monthOnly.title).toBe('Jeff Denworth');
    expect(monthOnly.warnings.join(' ')).toContain('2025-10');
  });

  it('reads the n-20251001-afc765 task record as the note itself: its ticked items stay text, not an earlier summary', () => {
    const text = normaliseNewlines(
      readFileSync(new URL('../../test/fixtures/sources/n-20251001-afc765/source.md', import.meta.url), 'utf8'),
    );
    const env = parseDocument(text, 'Inbox/_archive/2026-01-04/2026-01-04 - 2025-10 - Pricing Tasks.md', MTIME);
    expect(env.kind).toBe('document');
    expect(env.date).toBe('2025-10-01');
    expect(env.date_source).toBe('frontmatter');
    expect(env.title).toBe('Pricing Tasks');
    expect(env.prior_summary).toBeNull();
    expect(env.text.match(/^- \[x\]/gm)).toHaveLength(23);
    expect(env.text).toContain('Draft pricing/consumption model write-up and share with Jeff and Yancey');
  });
});

describe('people helpers', () => {
  it('unwraps wikilinks and reads addresses', () => {
    expect(unwrapWikilink('[[Tomer Hagay]]')).toBe('Tomer Hagay');
    expect(unwrapWikilink('[[People/Tomer Hagay/README|Tomer]]')).toBe('Tomer Hagay');
    expect(unwrapWikilink('[[Tomer Hagay#Facts|T]]')).toBe('Tomer Hagay');
    expect(parsePerson('bengit@google.com')).toEqual({ name: 'bengit@google.com', email: 'bengit@google.com' });
    expect(parsePerson('"Denworth, Jeff" <Jeff@VastData.com>')).toEqual({
      name: 'Denworth, Jeff',
      email: 'jeff@vastdata.com',
    });
    expect(parsePerson('  ')).toBeNull();
  });
});

describe('properties', () => {
  it('parseDocument never throws and always dates a document (file time as the last resort)', () => {
    const frontmatter = fc.constantFrom(
      '',
      '---\ndate: 2025-01-02\n---\n',
      '---\n: : [\n---\n',
      '---\nattendees: 7\nauthor: [1, 2]\n---\n',
    );
    fc.assert(
      fc.property(frontmatter, fc.string({ maxLength: 2000 }), (fm, body) => {
        const env = parseDocument(fm + body, 'note.md', MTIME);
        expect(env.kind).toBe('document');
        expect(env.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(env.title).not.toBe('');
      }),
      { numRuns: 300 },
    );
  });
});
