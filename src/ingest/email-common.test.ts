import { describe, expect, it } from 'vitest';
import {
  buildEmailEnvelope,
  compareDates,
  normaliseSubject,
  parseAddress,
  parseAddressList,
  quotedMessagesOf,
  splitQuotedHistory,
} from './email-common.ts';

describe('parseAddressList', () => {
  it('reads quoted, unquoted "Last, First" and bare forms', () => {
    expect(
      parseAddressList(
        '"Denworth, Jeff" <Jeff@VastData.com>, Horev, Alon <alon@vastdata.com>; renen@vastdata.com, Lior Genzel',
      ),
    ).toEqual([
      { name: 'Jeff Denworth', email: 'jeff@vastdata.com' },
      { name: 'Alon Horev', email: 'alon@vastdata.com' },
      { name: 'renen@vastdata.com', email: 'renen@vastdata.com' },
      { name: 'Lior Genzel' },
    ]);
  });

  it('ignores empty pieces', () => {
    expect(parseAddressList(' , ;')).toEqual([]);
    expect(parseAddress('<mailto:Avery@VastData.com>')).toEqual({
      name: 'avery@vastdata.com',
      email: 'avery@vastdata.com',
    });
    expect(parseAddress('Renen Hallak <renen@vastdata.com')).toEqual({
      name: 'Renen Hallak',
      email: 'renen@vastdata.com',
    });
  });
});

describe('normaliseSubject', () => {
  it.each([
    ['RE: [EXTERNAL] Re: Azure VoC for MSFT testing', 'azure voc for msft testing'],
    ['Fwd: AW: WG: Pricing', 'pricing'],
    ['Re[2]: (External) Block TLS', 'block tls'],
    ['Accepted: Sync on MAI pricing', 'accepted: sync on mai pricing'],
    ['RE: [External] : Re: Connecting with VAST', 'connecting with vast'],
    ['EXTERNAL: Re: Connecting with VAST', 'connecting with vast'],
    ['EXTERNAL Fwd: Connecting with VAST', 'connecting with vast'],
    ['Re: Re: [EXTERNAL] [EXTERNAL] Re: OA Alert', 'oa alert'],
    ['External storage review', 'external storage review'],
  ])('%j -> %j', (subject, expected) => {
    expect(normaliseSubject(subject)).toBe(expected);
  });
});

describe('splitQuotedHistory', () => {
  it('keeps a body without history whole', () => {
    expect(splitQuotedHistory('\nHello\n\nThanks,\nNoa  \n\n')).toEqual({ body: 'Hello\n\nThanks,\nNoa', quoted: [] });
  });

  it('cuts at a one-line Outlook header (the way Apple Mail flattens it) and reads the recipients', () => {
    const { body, quoted } = splitQuotedHistory(
      'Fine by me.\nFrom: Lior Genzel <lior.genzel@vastdata.com> Sent: Tuesday, December 9, 2025 4:31 PM To: Renen Hallak <renen@vastdata.com> Cc: Avery Pham <avery@vastdata.com> Subject: MAI update\nAll, good morning.',
    );
    expect(body).toBe('Fine by me.');
    expect(quoted).toEqual([
      {
        header: expect.stringContaining('From: Lior Genzel'),
        from: { name: 'Lior Genzel', email: 'lior.genzel@vastdata.com' },
        to: [{ name: 'Renen Hallak', email: 'renen@vastdata.com' }],
        cc: [{ name: 'Avery Pham', email: 'avery@vastdata.com' }],
        date: 'Tuesday, December 9, 2025 4:31 PM',
        subject: 'MAI update',
        body: 'All, good morning.',
      },
    ]);
  });

  it('cuts at a German attribution and at a trailing block of > lines', () => {
    expect(
      splitQuotedHistory('Danke.\n\nAm 05.01.2026 um 10:00 schrieb Jeff Denworth <jeff@vastdata.com>:\n> Frage').body,
    ).toBe('Danke.');
    const trailing = splitQuotedHistory('Agreed.\n\n> Shall we ship it?\n> Jeff');
    expect(trailing.body).toBe('Agreed.');
    expect(trailing.quoted.map((q) => q.body)).toEqual(['Shall we ship it?\nJeff']);
  });

  it('reads Apple Mail attributions (`On <date>, at <time>, Name <addr> wrote:`)', () => {
    const { body, quoted } = splitQuotedHistory(
      'Yes.\n\nOn Jan 5, 2026, at 8:35 PM, Itzik Reich <Itzik.Reich@vastdata.com> wrote:\n\n> TLS?',
    );
    expect(body).toBe('Yes.');
    expect(quoted).toEqual([
      {
        header: 'On Jan 5, 2026, at 8:35 PM, Itzik Reich <Itzik.Reich@vastdata.com> wrote:',
        from: { name: 'Itzik Reich', email: 'itzik.reich@vastdata.com' },
        to: [],
        cc: [],
        date: 'Jan 5, 2026, at 8:35 PM',
        body: 'TLS?',
      },
    ]);
  });

  it('does not treat a sentence starting with "On" as an attribution', () => {
    const text = 'On Monday we ship.\nFrom now on, tests first.';
    expect(splitQuotedHistory(text).body).toBe(text);
  });

  it('splits a chain of attributions into one quoted message each, newest first', () => {
    const { quoted } = splitQuotedHistory(
      [
        'Top.',
        'On Mon, 5 Jan 2026 at 21:07 Noa Cohen <noa@vastdata.com> wrote:',
        '> Middle.',
        '>',
        '> On Mon, 5 Jan 2026 at 20:35 Itzik Reich <itzik.reich@vastdata.com> wrote:',
        '>> Bottom.',
      ].join('\n'),
    );
    expect(quoted.map((q) => [q.from?.name, q.date, q.body])).toEqual([
      ['Noa Cohen', 'Mon, 5 Jan 2026 at 21:07', 'Middle.'],
      ['Itzik Reich', 'Mon, 5 Jan 2026 at 20:35', 'Bottom.'],
    ]);
  });
});

describe('compareDates', () => {
  it('orders offset dates as instants and naive dates as text', () => {
    expect(compareDates('2025-12-11T09:00:00-08:00', '2025-12-11T12:00:00-05:00')).toBe(0);
    expect(compareDates('2025-12-11T18:00:00+01:00', '2025-12-11T09:30:00-08:00')).toBeLessThan(0);
    expect(compareDates('2025-12-11T09:00:38', '2025-12-11T09:13:23')).toBeLessThan(0);
  });
});

describe('"Last, First" directory names', () => {
  it("reads Outlook's plain-text address forms", () => {
    expect(parseAddress('Berube, Sebastien <sberube@amazon.com<mailto:sberube@amazon.com>>')).toEqual({
      name: 'Sebastien Berube',
      email: 'sberube@amazon.com',
    });
    expect(parseAddress('Berube, Sebastien [mailto:sberube@amazon.com]')).toEqual({
      name: 'Sebastien Berube',
      email: 'sberube@amazon.com',
    });
  });

  it('keeps the commas of a semicolon-separated list inside its names, and pairs a bare "Last, First"', () => {
    expect(parseAddressList('Vallery, Jason; Imming, Peter')).toEqual([
      { name: 'Jason Vallery' },
      { name: 'Peter Imming' },
    ]);
    expect(parseAddressList('Berube, Sebastien')).toEqual([{ name: 'Sebastien Berube' }]);
  });

  it('reads the sender of an attribution without a time', () => {
    const split = splitQuotedHistory(
      'Thanks\n\nOn Jan 5, 2026, Berube, Sebastien <sberube@amazon.com> wrote:\n> Coffee?',
    );
    expect(split.quoted[0]?.from).toEqual({ name: 'Sebastien Berube', email: 'sberube@amazon.com' });
  });
});

describe('quotedMessagesOf', () => {
  it('reads back the quoted earlier messages the canonical text holds', () => {
    // e-20251219-cb9cce: Mohamad's ask survives only as quoted history.
    const split = splitQuotedHistory(
      'Mohamad and Kurt,\nWhat is a good day?\n\nOn Tue, Dec 16, 2025 at 12:50 PM Mohamad Al Jazaery <maljazaery@microsoft.com> wrote:\nHi Vast team,\n\n@Chris & @jason.vallery, please share the slides.',
    );
    const env = buildEmailEnvelope({
      format: 'email-md',
      path: 'x.md',
      title: 'AKS AI Roadshow',
      messages: [
        {
          from: { name: 'Tiffany Stonehill', email: 'tiffany.stonehill@vastdata.com' },
          to: [],
          cc: [],
          date: '2025-12-19T14:30:58',
          subject: 'AKS AI Roadshow',
          body: split.body,
        },
      ],
      quoted: [split.quoted],
      warnings: [],
    });
    expect(quotedMessagesOf(env)).toEqual([
      {
        header: 'Tue, Dec 16, 2025 at 12:50 PM — Mohamad Al Jazaery <maljazaery@microsoft.com>',
        from: { name: 'Mohamad Al Jazaery', email: 'maljazaery@microsoft.com' },
        date: 'Tue, Dec 16, 2025 at 12:50 PM',
        to: [],
        cc: [],
        body: 'Hi Vast team,\n\n@Chris & @jason.vallery, please share the slides.',
      },
    ]);
  });
});
