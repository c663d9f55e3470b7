import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEml } from './eml.ts';
import { IngestError } from './envelope.ts';

const DIR = path.resolve(import.meta.dirname, '../../test/fixtures/eml');
const eml = (name: string) => parseEml(readFileSync(path.join(DIR, name)), `Inbox/${name}`);

describe('parseEml', () => {
  it('decodes windows-1252 quoted-printable and an encoded-word Subject without losing € ’ — é', async () => {
    const env = await eml('win1252-alternative.eml');
    const m = env.messages[0];
    expect(env.format).toBe('eml');
    expect(env.title).toBe('Re: Q1 deck – Microsoft’s proposal');
    expect(m?.subject).toBe('Re: Q1 deck – Microsoft’s proposal');
    expect(m?.body).toBe(
      'Thanks — Microsoft’s proposal is in, and the budget is €12,000 for the pilot.\n' +
        'José will send the revised deck by Friday; the café meeting moved to 10:00.\n\nDana',
    );
    expect(m?.from).toEqual({ name: 'Dana Whitfield', email: 'dana.whitfield@contoso.com' });
    expect(m?.cc).toEqual([{ name: 'José García', email: 'jose.garcia@contoso.com' }]);
    expect(m?.date).toBe('2026-01-06T09:15:02-05:00');
    expect(m?.messageId).toBe('<CA+dana.20260106.1@contoso.com>');
    expect(m?.inReplyTo).toBe('<CA+jason.20260105.7@vastdata.com>');
    expect(m?.references).toEqual(['<CA+jason.20260105.7@vastdata.com>']);
    expect(env.date).toBe('2026-01-06');
    expect(env.participants.map((p) => [p.name, p.roles])).toEqual([
      ['Dana Whitfield', ['from']],
      ['Jason Vallery', ['to']],
      ['José García', ['cc']],
    ]);
    expect(env.text).toContain(m?.body);
    expect(env.warnings).toEqual([]);
  });

  it('turns an HTML-only body into Markdown and cuts the Gmail quote', async () => {
    const env = await eml('html-only.eml');
    const body = env.messages[0]?.body ?? '';
    expect(body).toContain('We can ship **TLS for Block** in the first minor release after 5.6');
    expect(body).toMatch(/-\s+Design review: Jan 12\n-\s+Beta: March/);
    expect(body).toContain('[roadmap](https://example.com/roadmap)');
    expect(body).not.toContain('color: red');
    expect(body).not.toContain('still planned for 5.6');
    expect(env.text).toContain('Is TLS for Block still planned for 5.6?');
    expect(env.participants.find((p) => p.email === 'itzik.reich@vastdata.com')?.roles).toEqual(['to', 'from']);
    expect(env.messages[0]?.date).toBe('2026-01-05T21:40:00+02:00');
  });

  it('decodes a base64 UTF-8 body and a base64 encoded-word sender name', async () => {
    const env = await eml('base64-body.eml');
    expect(env.messages[0]?.from).toEqual({ name: 'Karén Simonyan', email: 'karen.simonyan@example.com' });
    expect(env.messages[0]?.body).toContain('Attached is the signed order form for the 2 EB expansion.');
    // A bare address as the recipient keeps the address as the name.
    expect(env.messages[0]?.to).toEqual([{ name: 'jason.vallery@vastdata.com', email: 'jason.vallery@vastdata.com' }]);
  });

  it('keeps only the new text of a Gmail reply and files the quoted sender as a participant', async () => {
    const env = await eml('gmail-reply.eml');
    const m = env.messages[0];
    expect(m?.body).toBe('Jeff,\n\nI will have the supply plan for the 2 EB order by Monday.\n\nLior');
    expect(m?.references).toEqual(['<CAJ-jeff-0@vastdata.com>', '<CAJ-jeff-1@vastdata.com>']);
    expect(m?.cc.map((a) => a.name)).toEqual(['Jason Vallery', 'Alon Horev']);
    expect(env.participants.find((p) => p.email === 'jeff@vastdata.com')?.roles).toEqual(['to', 'from']);
    expect(env.text).toContain('### Fri, Dec 12, 2025 at 8:37 AM — Jeff Denworth <jeff@vastdata.com>');
    expect(env.text).toContain('Do we know how to source their 2 EB?');
    expect(m?.automated).toBe(false);
  });

  it('marks a no-reply bulk sender as automated', async () => {
    const env = await eml('no-reply-digest.eml');
    expect(env.messages[0]?.automated).toBe(true);
    expect(env.messages[0]?.from.email).toBe('no-reply@slice.com');
  });

  it('marks list mail as automated even from a human-looking address', async () => {
    const raw = readFileSync(path.join(DIR, 'no-reply-digest.eml'), 'latin1').replace(
      'Slice Notifications <no-reply@slice.com>',
      'Mia Chen <mia@slice.com>',
    );
    const env = await parseEml(Buffer.from(raw, 'latin1'), 'Inbox/list.eml');
    expect(env.messages[0]?.automated).toBe(true);
    const bulkOnly = raw.replace(/^(?:List-Unsubscribe|List-Id):.*\r\n/gm, '');
    expect((await parseEml(Buffer.from(bulkOnly, 'latin1'), 'Inbox/bulk.eml')).messages[0]?.automated).toBe(true);
    const autoReply = raw
      .replace(/^(?:List-Unsubscribe|List-Id|Precedence):.*\r\n/gm, '')
      .replace('MIME-Version', 'Auto-Submitted: auto-replied\r\nMIME-Version');
    expect((await parseEml(Buffer.from(autoReply, 'latin1'), 'Inbox/ooo.eml')).messages[0]?.automated).toBe(true);
    const plain = raw.replace(/^(?:List-Unsubscribe|List-Id|Precedence):.*\r\n/gm, '');
    expect((await parseEml(Buffer.from(plain, 'latin1'), 'Inbox/plain.eml')).messages[0]?.automated).toBe(false);
  });

  it('degrades a truncated multipart to what arrived, with a warning', async () => {
    const env = await eml('broken-mime.eml');
    expect(env.messages[0]?.body).toBe(
      'The Redmond POC finished the first performance run: 212 GB/s read on 8 nodes.\nThe rest of the numbers follow tomorrow.',
    );
    expect(env.warnings).toContain('truncated MIME: multipart has no closing boundary');
  });

  it('refuses garbage that has no mail headers with a one-line IngestError naming the file', async () => {
    const err = await eml('garbage-headers.eml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).message).toBe(
      'Inbox/garbage-headers.eml: not an email: no From, Date, Subject or Message-ID header',
    );
  });

  it('repairs mojibake that was already inside the message', async () => {
    const raw = [
      'From: Jeff Denworth <jeff@vastdata.com>',
      'Subject: fwd',
      'Date: Mon, 5 Jan 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Microsoftâ€™s team confirmed üìÖ 2026-01-05.',
      '',
    ].join('\r\n');
    const env = await parseEml(Buffer.from(raw, 'utf8'), 'Inbox/moji.eml');
    expect(env.messages[0]?.body).toBe('Microsoft’s team confirmed 📅 2026-01-05.');
    expect(env.warnings).toContain('repaired mojibake (UTF-8 read as cp1252/MacRoman)');
  });

  it('drops a short trailing signature but never a long text below a bare "--" line', async () => {
    const mail = (body: string[]) =>
      Buffer.from(
        [
          'From: Jason Vallery <jason.vallery@vastdata.com>',
          'Subject: plan',
          'Date: Mon, 5 Jan 2026 10:00:00 +0000',
          '',
          ...body,
        ].join('\r\n'),
      );
    const signed = await parseEml(
      mail(['Ship it on Friday.', '', '-- ', 'Jason Vallery', 'VP Product']),
      'Inbox/sig.eml',
    );
    expect(signed.messages[0]?.body).toBe('Ship it on Friday.');
    const lines = Array.from({ length: 15 }, (_, i) => `Point ${i + 1} of the plan.`);
    const long = await parseEml(mail(['Summary first.', '', '--', ...lines]), 'Inbox/long.eml');
    expect(long.messages[0]?.body).toContain('Point 15 of the plan.');
  });

  it('the same bytes always give the same source_id', async () => {
    const a = await eml('gmail-reply.eml');
    const b = await parseEml(readFileSync(path.join(DIR, 'gmail-reply.eml')), 'elsewhere/copy.eml');
    expect(a.source_id).toBe(b.source_id);
    expect(a.source_id).toMatch(/^[0-9a-f]{64}$/);
  });
});
