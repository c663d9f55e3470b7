import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { encodeWords, formatDate, quotedPrintable, writeEml } from './eml.ts';

const base = {
  from: { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' },
  to: [{ name: 'Itzik Reich', email: 'itzik.reich@vastdata.com' }],
  cc: [{ name: 'Cohen, Noa', email: 'noa@vastdata.com' }],
  subject: 'Re: Transport Layer Security (TLS) Support for Block',
  body: 'Hi Itzik,\n\nI will take it with Google once Maroun has the test timing.\n\nJason',
  date: new Date('2026-01-06T15:04:05Z'),
  inReplyTo: '<CAF1234@mail.gmail.com>',
  references: ['<CAF1000@mail.gmail.com>'],
};

describe('writeEml', () => {
  it('parses back with mailparser: addresses, subject, date, threading, body', async () => {
    const eml = writeEml(base);
    expect(eml).toMatch(/^From: Jason Vallery <jason.vallery@vastdata.com>\r\n/);
    expect(eml).toContain('\r\nCc: "Cohen, Noa" <noa@vastdata.com>\r\n');
    expect(eml).toContain('\r\nDate: Tue, 06 Jan 2026 15:04:05 +0000\r\n');
    expect(eml).toContain('\r\nX-Unsent: 1\r\n');
    expect(eml.replace(/\r\n/g, '')).not.toContain('\n');
    const m = await simpleParser(eml);
    expect(m.subject).toBe(base.subject);
    expect(m.from?.value).toEqual([{ name: 'Jason Vallery', address: 'jason.vallery@vastdata.com' }]);
    expect((Array.isArray(m.to) ? m.to[0] : m.to)?.value).toEqual([
      { name: 'Itzik Reich', address: 'itzik.reich@vastdata.com' },
    ]);
    expect((Array.isArray(m.cc) ? m.cc[0] : m.cc)?.value).toEqual([
      { name: 'Cohen, Noa', address: 'noa@vastdata.com' },
    ]);
    expect(m.date?.toISOString()).toBe('2026-01-06T15:04:05.000Z');
    expect(m.inReplyTo).toBe('<CAF1234@mail.gmail.com>');
    expect(m.references).toEqual(['<CAF1000@mail.gmail.com>', '<CAF1234@mail.gmail.com>']);
    expect(m.messageId).toMatch(/^<distill\.[0-9a-f]{24}@vastdata\.com>$/);
    expect(m.text?.trimEnd()).toBe(base.body);
  });

  it('encodes non-ASCII names and subjects as RFC 2047 words and the body as UTF-8 quoted-printable', async () => {
    const eml = writeEml({
      ...base,
      to: [{ name: 'Jónsi Stefánsson', email: 'jonsi@example.org' }],
      subject:
        'Re: Microsoft’s proposal — €12,000 für Q1 ✅ and a long tail that forces the encoder to split the words apart',
      body: `Thanks — Microsoft’s offer is €12,000.\nA line with = sign and trailing space \n${'x'.repeat(200)}`,
    });
    expect(eml).toMatch(/\r\nTo: =\?UTF-8\?B\?/);
    expect(eml).toContain('Content-Transfer-Encoding: quoted-printable');
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const m = await simpleParser(eml);
    expect(m.subject).toBe(
      'Re: Microsoft’s proposal — €12,000 für Q1 ✅ and a long tail that forces the encoder to split the words apart',
    );
    expect((Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.name).toBe('Jónsi Stefánsson');
    expect(m.text?.trimEnd()).toBe(
      `Thanks — Microsoft’s offer is €12,000.\nA line with = sign and trailing space \n${'x'.repeat(200)}`,
    );
  });

  it('refuses a message without a recipient or a recipient without an address', () => {
    expect(() => writeEml({ ...base, to: [] })).toThrow(/at least one recipient/);
    expect(() => writeEml({ ...base, to: [{ name: 'Maroun' }] })).toThrow(/no email address for Maroun/);
  });

  it('quoted-printable survives any text (property, decoded by mailparser)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: a mail body carries no control characters but tab and newline.
        const text = s.replace(/\r/g, '').replace(/[\u0000-\u0008\u000b-\u001f\ud800-\udfff]/g, '');
        const qp = quotedPrintable(text);
        for (const line of qp.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
        const m = await simpleParser(writeEml({ ...base, body: text }));
        expect((m.text ?? '').replace(/\n+$/, '')).toBe(text.replace(/\n+$/, ''));
      }),
      { numRuns: 150 },
    );
  });

  it('splits encoded words on character boundaries under 75 characters', () => {
    const words = encodeWords('€'.repeat(60));
    for (const w of words) {
      expect(w.length).toBeLessThanOrEqual(75);
      const b64 = /^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1]!;
      expect(Buffer.from(b64, 'base64').toString('utf8')).toMatch(/^€+$/);
    }
    expect(formatDate(new Date('2025-12-31T23:59:59Z'))).toBe('Wed, 31 Dec 2025 23:59:59 +0000');
  });
});
