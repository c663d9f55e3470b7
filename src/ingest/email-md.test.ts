import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeEmailMarkdown, parseEmailMarkdown } from './email-md.ts';
import { IngestError } from './envelope.ts';
import { normaliseNewlines } from './normalise.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures');
const raw = (rel: string) => readFileSync(path.join(FIXTURES, rel), 'utf8');
const source = (id: string) => raw(`sources/${id}/source.md`);
const parse = (text: string, file = 'Inbox/x.md') => parseEmailMarkdown(normaliseNewlines(text), file);
/** Apple Mail keeps the sender's non-breaking spaces; compare wording, not space characters. */
const fold = (s: string | undefined) => (s ?? '').replace(/[\s\u00a0]+/g, ' ');

const labels = new Map<string, { email_messages?: number; date?: string }>(
  raw('labels.dev.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; email_messages?: number; date?: string })
    .map((l) => [l.id, l]),
);

/** The three shapes the same export reaches us in: CR (fresh), LF, and with every line break deleted. */
function variants(text: string) {
  const lf = normaliseNewlines(text);
  return { cr: lf.replace(/\n/g, '\r'), lf, flat: lf.replace(/\n/g, '') };
}

const summary = (text: string) =>
  parse(text).messages.map((m) => ({ from: m.from, date: m.date, subject: m.subject, body: m.body }));

describe('parseEmailMarkdown on the dev fixtures', () => {
  it('e-20251211-34d7d8: two messages, the reply cut before its quoted copy of the first', () => {
    const env = parse(source('e-20251211-34d7d8'));
    expect(env.messages.map((m) => [m.from.name, m.from.email, m.date, m.subject])).toEqual([
      ['Ray Coetzee', 'ray.coetzee@vastdata.com', '2025-12-11T09:00:38', 'Azure VoC for MSFT testing'],
      ['Lior Genzel', 'lior.genzel@vastdata.com', '2025-12-11T09:13:23', 'Re: Azure VoC for MSFT testing'],
    ]);
    expect(env.messages.length).toBe(labels.get('e-20251211-34d7d8')?.email_messages);
    expect(env.title).toBe('Re: Azure VoC for MSFT testing');
    expect(env.date).toBe('2025-12-11');
    expect(env.date_source).toBe('content');
    expect(env.kind).toBe('email');
    expect(env.format).toBe('email-md');
    const reply = env.messages[1]?.body ?? '';
    expect(reply.startsWith('Ray,\nCan you please suggest a follow up call')).toBe(true);
    expect(reply.endsWith('Thank you,\nLior')).toBe(true);
    expect(reply).not.toContain('wrote:');
    expect(reply).not.toContain('physical POC system');
    // The first message's text appears once in the rendering, not again as quoted history.
    expect(env.text.split('we have a physical POC system').length - 1).toBe(1);
    expect(fold(env.messages[0]?.body)).toContain(
      '@Karl Vietmeier what is the performance profile we expect of the Azure VoC?',
    );
    expect(env.messages[0]?.body).not.toContain('\uFFFC');
  });

  it('e-20251215-745714: the owner appears only in a quoted attribution and still becomes a participant', () => {
    const env = parse(source('e-20251215-745714'));
    expect(env.messages.map((m) => [m.from.name, m.date])).toEqual([
      ['Alon Horev', '2025-12-15T17:47:47'],
      ['Tomer Hagay', '2025-12-15T18:32:01'],
    ]);
    expect(env.messages.length).toBe(labels.get('e-20251215-745714')?.email_messages);
    expect(env.messages[0]?.body).toBe('You should be working with Violet on these matters.');
    expect(env.messages[1]?.body).toMatch(/^Violet is indeed the expert\.[\s\S]*\n\nTomer$/);
    expect(env.participants.map((p) => [p.name, p.email, p.roles])).toEqual([
      ['Alon Horev', 'alon@vastdata.com', ['from']],
      ['Tomer Hagay', 'tomer.hagay@vastdata.com', ['from']],
      ['Jason Vallery', 'jason.vallery@vastdata.com', ['from']],
    ]);
    // Jason's original questions exist only as quoted history: kept once, under the earlier-messages heading.
    expect(env.text).toContain('## Earlier messages quoted in this thread');
    expect(env.text.split('Do we have a FIPS-certified QLC option?').length - 1).toBe(1);
  });

  it('e-20260105-3f084f: a calendar acceptance, one message', () => {
    const env = parse(source('e-20260105-3f084f'));
    expect(env.messages).toHaveLength(1);
    expect(env.messages[0]).toMatchObject({
      from: { name: 'Erik Wolf', email: 'erik@vastdata.com' },
      date: '2026-01-05T13:17:09',
      subject: 'Accepted: Erik/Jason - Sync on MAI pricing @ Mon Jan 5, 2026 2pm - 3pm (MST) (Jason Vallery)',
      automated: false,
    });
    expect(env.messages[0]?.body).toContain('Erik Wolf has accepted this invitation.');
    expect(env.date).toBe(labels.get('e-20260105-3f084f')?.date);
  });

  it('e-20260105-a67371: a Salesforce alert with an HTML fragment keeps its whole body', () => {
    const env = parse(source('e-20260105-a67371'));
    expect(env.messages.map((m) => [m.from.name, m.from.email, m.date])).toEqual([
      ['Chris Bisson', 'chris.bisson@vastdata.com', '2026-01-05T07:38:26'],
    ]);
    expect(env.title).toBe('Loss Alert: $500,000.00 - NATO has been updated to stage 14 Closed No Decision');
    expect(env.messages[0]?.body).toContain('Closed Lost Reason Detail: Not real');
    expect(env.messages[0]?.body).toContain('Alert ID: https://www.google.com/url?q=');
  });

  it('e-20260105-cf0ae7: three messages, each reply cut at its Gmail attribution', () => {
    const env = parse(source('e-20260105-cf0ae7'));
    expect(env.messages.map((m) => [m.from.name, m.date, m.subject])).toEqual([
      ['Itzik Reich', '2026-01-05T11:35:20', 'Transport Layer Security (TLS) Support for Block'],
      ['Noa Cohen', '2026-01-05T12:07:36', 'Re: Transport Layer Security (TLS) Support for Block'],
      ['Itzik Reich', '2026-01-05T12:10:19', 'Re: Transport Layer Security (TLS) Support for Block'],
    ]);
    expect(env.messages.length).toBe(labels.get('e-20260105-cf0ae7')?.email_messages);
    expect(env.messages[1]?.body.endsWith('Thanks,\nNoa')).toBe(true);
    expect(env.messages[2]?.body).toMatch(/^@jason, can you please take it with google/);
    expect(env.messages[2]?.body).not.toContain('It was indeed in 5.6');
    expect(env.participants.map((p) => p.name)).toEqual(['Itzik Reich', 'Noa Cohen']);
    expect(env.text).not.toContain('## Earlier messages quoted');
  });

  it('message counts and dates agree with labels.dev.jsonl', () => {
    for (const id of [
      'e-20251211-34d7d8',
      'e-20251215-745714',
      'e-20260105-3f084f',
      'e-20260105-a67371',
      'e-20260105-cf0ae7',
    ]) {
      const env = parse(source(id));
      expect([id, env.messages.length, env.date]).toEqual([id, labels.get(id)?.email_messages, labels.get(id)?.date]);
    }
  });

  it('every fixture body appears verbatim in the canonical text', () => {
    for (const id of [
      'e-20251211-34d7d8',
      'e-20251215-745714',
      'e-20260105-3f084f',
      'e-20260105-a67371',
      'e-20260105-cf0ae7',
    ]) {
      const env = parse(source(id));
      for (const m of env.messages) expect(env.text).toContain(m.body);
      expect(env.warnings).toEqual([]);
    }
  });
});

describe('the flattened export (seeds/002)', () => {
  const seed = raw('seeds/002_7b284906b5ea58a2.txt');

  it('recovers the message, its subject and the quoted chain from one line', () => {
    expect(seed.includes('\n')).toBe(false);
    const env = parse(seed);
    expect(env.title).toBe('Re: MAI & VAST: December 8th EoD update');
    expect(env.messages.map((m) => [m.from.name, m.from.email, m.date, m.subject])).toEqual([
      ['Jeff Denworth', 'jeff@vastdata.com', '2025-12-21T07:52:42', 'Re: MAI & VAST: December 8th EoD update'],
    ]);
    expect(fold(env.messages[0]?.body)).toBe(
      fold(
        [
          'Is the expectation that they’d use our supply chain for any of this?',
          'I want to be crystal clear… we’re quickly selling out of everything as fast as we can - lead times are skyrocketing.',
          '',
          'I’m to the point where I don’t care much about any of the internal politics.',
          'If they want to deploy in April, May, June, etc. we need to have a plan now - and there’s nothing reserved for Microsoft.',
          '',
          'We will talk tomorrow, but this is serious.',
        ].join('\n'),
      ),
    );
    expect(env.messages[0]?.body.split('\n')).toHaveLength(7);
    expect(env.warnings).toContain('export had no line breaks: messages recovered from the export markers');
  });

  it('harvests recipients from the quoted Outlook headers', () => {
    const env = parse(seed);
    const roles = Object.fromEntries(env.participants.map((p) => [p.email, p.roles]));
    expect(roles['jeff@vastdata.com']).toContain('from');
    expect(roles['jason.vallery@vastdata.com']).toEqual(expect.arrayContaining(['from', 'cc']));
    expect(roles['lior.genzel@vastdata.com']).toEqual(expect.arrayContaining(['from', 'to']));
    expect(roles['rick.scurfield@vastdata.com']).toEqual(['cc']);
    expect(roles['jonsi@vastdata.com']).toEqual(['cc']);
    // No address fragments from the lost line breaks (`Lior Genzel <lior.genzel@vastdata.com`).
    expect(env.participants.every((p) => !p.name.includes('<'))).toBe(true);
    expect(env.participants).toHaveLength(9);
  });

  it('keeps the quoted chain, which holds the substance, in the text', () => {
    const env = parse(seed);
    expect(fold(env.text)).toContain('Kushal made it clear that MAI will decide on the storage deployment.');
    expect(fold(env.text)).toContain('- Karén Simonyan (Yunchao\'s boss, "chief scientist", direct report of Mustafa');
    expect(fold(env.text)).toContain(
      '### Friday, December 12, 2025 at 12:18 PM — Jason Vallery <jason.vallery@vastdata.com>',
    );
  });
});

describe('line-break variants of one export', () => {
  it.each(['e-20251211-34d7d8', 'e-20251215-745714', 'e-20260105-3f084f', 'e-20260105-a67371', 'e-20260105-cf0ae7'])(
    '%s parses the same with CR, LF and no line breaks',
    (id) => {
      const v = variants(source(id));
      const cr = parse(v.cr);
      const lf = parse(v.lf);
      const flat = parse(v.flat);
      expect(cr.source_id).toBe(lf.source_id);
      expect(flat.source_id).toBe(lf.source_id);
      expect(flat.title).toBe(lf.title);
      expect(summary(v.flat)).toEqual(summary(v.lf));
      expect(flat.participants).toEqual(lf.participants);
    },
  );

  it('the seed gives the same messages when its lines are put back', () => {
    // Re-inserting the line breaks the flattening removed gives the ordinary export.
    const seed = raw('seeds/002_7b284906b5ea58a2.txt');
    const lined = seed
      .replace(/- Exported:/, '\n\n- Exported:')
      .replace(/- Messages:/, '\n- Messages:')
      .replace(/---## /, '\n---\n\n## ')
      .replace(/\*\*Subject:\*\*/, '\n**Subject:**')
      .replace(/(?<! [-=]|<[^<>\s]{1,254})> /g, '\n> ')
      .replace(/> ---$/, '> \n\n---\n');
    expect(lined.split('\n').length).toBeGreaterThan(100);
    expect(summary(lined)).toEqual(summary(seed));
    expect(parse(lined).source_id).toBe(parse(seed).source_id);
  });

  it('a flattened export without **Subject:** lines still splits into its messages', () => {
    const flat =
      '# Walmart - Unsettled- Exported: 2026-01-05 17:30:10- Messages: 2---' +
      '## 2025-12-23 06:19:31 — Jeff Denworth <jeff@vastdata.com>> Hi - > > Walmart met this week.> ---' +
      '## 2025-12-23 08:00:00 — jason.vallery@vastdata.com> Thanks, on it.> ---';
    const env = parse(flat);
    expect(env.title).toBe('Walmart - Unsettled');
    expect(env.messages.map((m) => [m.from.email, m.date, m.body])).toEqual([
      ['jeff@vastdata.com', '2025-12-23T06:19:31', 'Hi -\n\nWalmart met this week.'],
      ['jason.vallery@vastdata.com', '2025-12-23T08:00:00', 'Thanks, on it.'],
    ]);
  });

  it('different threads get different ids', () => {
    expect(parse(source('e-20251211-34d7d8')).source_id).not.toBe(parse(source('e-20260105-cf0ae7')).source_id);
  });
});

describe('any export survives losing its line breaks (property)', () => {
  // Words that cannot end a line ambiguously once line breaks are gone: `>` only closing an address, no lone `-`/`=`, no `---`.
  const word = fc.constantFrom(
    'Hi',
    'team',
    'the',
    'deal',
    'is',
    'NO',
    '5.6',
    'GPU',
    '$500,000.00',
    'Karén',
    '—',
    'we’re',
    '(tight)',
    'e.g.,',
    '@Lior',
    'x-amz-*',
    'https://support.vastdata.com/s/doc?a=1&b=2',
    '1)',
    '#',
    '**bold**',
    'EoD:',
    '“quoted”',
    '日本',
    'self-encrypting',
    '<jeff@vastdata.com>',
    'Thx,',
    '📅',
  );
  const line = fc.array(word, { maxLength: 8 }).map((ws) => ws.join(' '));
  const body = fc.array(line, { minLength: 1, maxLength: 6 }).filter((ls) => ls.some((l) => l !== ''));
  const sender = fc.constantFrom(
    'Jeff Denworth <jeff@vastdata.com>',
    'Karén Simonyan <karen@example.com>',
    'noa@vastdata.com',
    '"Horev, Alon" <alon@vastdata.com>',
  );
  const subject = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => `Re: ${ws.join(' ')}`);
  const thread = fc.array(fc.record({ sender, subject, body }), { minLength: 1, maxLength: 4 });

  function render(msgs: { sender: string; subject: string; body: string[] }[]): string {
    const blocks = msgs.map((m, i) =>
      [
        `## 2025-12-${String(10 + i).padStart(2, '0')} 09:0${i}:38 — ${m.sender}`,
        `**Subject:** ${m.subject}`,
        '',
        ...m.body.map((l) => `> ${l}`),
        '> ',
        '',
        '---',
        '',
      ].join('\n'),
    );
    const title = msgs.at(-1)?.subject ?? '';
    return [
      `# ${title}`,
      '',
      '- Exported: 2026-01-05 17:30:21',
      `- Messages: ${msgs.length}`,
      '---',
      '',
      ...blocks,
    ].join('\n');
  }

  it('CR, LF and flattened copies give the same messages, bodies and source_id', () => {
    fc.assert(
      fc.property(thread, (msgs) => {
        const v = variants(render(msgs));
        const lf = parse(v.lf);
        const flat = parse(v.flat);
        const cr = parse(v.cr);
        expect(lf.messages.map((m) => m.body)).toEqual(msgs.map((m) => m.body.join('\n').replace(/^\n+|\n+$/g, '')));
        expect(summary(v.flat)).toEqual(summary(v.lf));
        expect(flat.source_id).toBe(lf.source_id);
        expect(cr.source_id).toBe(lf.source_id);
        expect(flat.title).toBe(msgs.at(-1)?.subject);
      }),
      { numRuns: 300 },
    );
  });
});

describe('quoted history forms inside an export', () => {
  const thread = (body: string[]) =>
    [
      '# Re: Pricing',
      '',
      '- Exported: 2026-01-05 17:30:21',
      '- Messages: 1',
      '---',
      '',
      '## 2026-01-05 13:17:09 — "Wolf, Erik" <Erik@VastData.com>',
      '**Subject:** Re: Pricing',
      '',
      ...body.map((l) => `> ${l}`),
      '> ',
      '',
      '---',
      '',
    ].join('\n');

  it('cuts at an Outlook header block and reads its To/Cc as recipients', () => {
    const env = parse(
      thread([
        'Agreed, let us go with option B.',
        '',
        '________________________________',
        'From: Jason Vallery <jason.vallery@vastdata.com>',
        'Sent: Monday, January 5, 2026 11:02 AM',
        'To: Wolf, Erik <erik@vastdata.com>; Dana Whitfield <dana@contoso.com>',
        'Cc: Lior Genzel <lior.genzel@vastdata.com>',
        'Subject: Pricing',
        '',
        'Option A or option B?',
      ]),
    );
    const m = env.messages[0];
    expect(m?.from).toEqual({ name: 'Erik Wolf', email: 'erik@vastdata.com' });
    expect(m?.body).toBe('Agreed, let us go with option B.');
    expect(env.participants.map((p) => [p.name, p.email, p.roles])).toEqual([
      ['Erik Wolf', 'erik@vastdata.com', ['from', 'to']],
      ['Jason Vallery', 'jason.vallery@vastdata.com', ['from']],
      ['Dana Whitfield', 'dana@contoso.com', ['to']],
      ['Lior Genzel', 'lior.genzel@vastdata.com', ['cc']],
    ]);
    expect(env.text).toContain('Option A or option B?');
  });

  it('cuts at a wrapped Gmail attribution and at -----Original Message-----', () => {
    const wrapped = parse(
      thread([
        'Yes.',
        '',
        'On Mon, Jan 5, 2026 at 11:02 AM Jason Vallery <jason.vallery@vastdata.com>',
        'wrote:',
        'Option A?',
      ]),
    );
    expect(wrapped.messages[0]?.body).toBe('Yes.');
    expect(wrapped.participants.map((p) => p.email)).toContain('jason.vallery@vastdata.com');
    const original = parse(
      thread(['No.', '-----Original Message-----', 'From: Jason Vallery', 'Subject: Pricing', 'A?']),
    );
    expect(original.messages[0]?.body).toBe('No.');
  });

  it('accepts a bare address as the sender', () => {
    const env = parse(thread(['Ok']).replace('"Wolf, Erik" <Erik@VastData.com>', 'erik@vastdata.com'));
    expect(env.messages[0]?.from).toEqual({ name: 'erik@vastdata.com', email: 'erik@vastdata.com' });
  });

  it('marks a no-reply sender as automated', () => {
    const env = parse(
      thread(['Your invoice is ready']).replace('"Wolf, Erik" <Erik@VastData.com>', 'Paddle <no-reply@paddle.com>'),
    );
    expect(env.messages[0]?.automated).toBe(true);
  });

  it('warns when the header count disagrees with the messages found', () => {
    const env = parse(thread(['Ok']).replace('- Messages: 1', '- Messages: 3'));
    expect(env.warnings).toContain('export says 3 messages, found 1');
  });
});

describe('legacy **From:** form', () => {
  const legacy = [
    '# Q4 bookings to date in context',
    '**From:** Denworth, Jeff <jeff@vastdata.com>',
    '**To:** Jason Vallery <jason.vallery@vastdata.com>, Renen Hallak <renen@vastdata.com>',
    '**Cc:** Lior Genzel <lior.genzel@vastdata.com>',
    '**Date:** 2026-01-01',
    '',
    'Q4 bookings to date exceed FY24 gross bookings.',
    '',
    'Jeff',
  ].join('\n');

  it('is recognised and parsed with recipients', () => {
    expect(looksLikeEmailMarkdown(legacy)).toBe(true);
    const env = parseEmailMarkdown(legacy, 'Inbox/q4.md');
    expect(env.format).toBe('email-md-legacy');
    expect(env.title).toBe('Q4 bookings to date in context');
    expect(env.date).toBe('2026-01-01');
    expect(env.messages).toEqual([
      {
        from: { name: 'Jeff Denworth', email: 'jeff@vastdata.com' },
        to: [
          { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' },
          { name: 'Renen Hallak', email: 'renen@vastdata.com' },
        ],
        cc: [{ name: 'Lior Genzel', email: 'lior.genzel@vastdata.com' }],
        date: '2026-01-01',
        subject: 'Q4 bookings to date in context',
        body: 'Q4 bookings to date exceed FY24 gross bookings.\n\nJeff',
        automated: false,
      },
    ]);
    expect(env.participants.map((p) => [p.name, p.roles])).toEqual([
      ['Jeff Denworth', ['from']],
      ['Jason Vallery', ['to']],
      ['Renen Hallak', ['to']],
      ['Lior Genzel', ['cc']],
    ]);
  });
});

describe('looksLikeEmailMarkdown', () => {
  it('recognises every fixture export and the flattened seed', () => {
    for (const id of [
      'e-20251211-34d7d8',
      'e-20251215-745714',
      'e-20260105-3f084f',
      'e-20260105-a67371',
      'e-20260105-cf0ae7',
    ]) {
      expect(looksLikeEmailMarkdown(normaliseNewlines(source(id)))).toBe(true);
    }
    expect(looksLikeEmailMarkdown(raw('seeds/002_7b284906b5ea58a2.txt'))).toBe(true);
  });

  it('rejects transcripts and notes', () => {
    expect(looksLikeEmailMarkdown(normaliseNewlines(source('t-20251215-d01b6d')))).toBe(false);
    expect(looksLikeEmailMarkdown(raw('seeds/000_8fb0a3b3e53b5a74.txt'))).toBe(false);
    expect(looksLikeEmailMarkdown('# Notes\n\n## 2025-12-11 09:00:38 — standup\n\nnothing else')).toBe(false);
  });

  it('an export without any message is a one-line error naming the file', () => {
    expect(() => parseEmailMarkdown('# Subject only', 'Inbox/none.md')).toThrow(IngestError);
  });
});
