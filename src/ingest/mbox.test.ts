import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError } from './envelope.ts';
import { parseMbox } from './mbox.ts';

const FILE = path.resolve(import.meta.dirname, '../../test/fixtures/eml/two-threads.mbox');

describe('parseMbox', () => {
  it('returns one envelope per thread, messages in date order whatever the file order', async () => {
    const envs = await parseMbox(readFileSync(FILE), 'Inbox/two-threads.mbox');
    expect(envs).toHaveLength(2);
    expect(envs.map((e) => e.format)).toEqual(['mbox', 'mbox']);
    const [voc, walmart] = envs;
    expect(voc?.messages.map((m) => [m.from.name, m.date])).toEqual([
      ['Ray Coetzee', '2025-12-11T09:00:38-08:00'],
      ['Lior Genzel', '2025-12-11T09:13:23-08:00'],
      ['Karl Vietmeier', '2025-12-11T10:30:00-08:00'],
    ]);
    expect(walmart?.messages.map((m) => [m.from.name, m.subject])).toEqual([
      ['Jeff Denworth', 'Walmart - Unsettled'],
      ['Jason Vallery', 'Re: Walmart - Unsettled'],
    ]);
    expect(walmart?.date).toBe('2025-12-20');
    expect(voc?.source_id).not.toBe(walmart?.source_id);
  });

  it('joins a reply without reference headers by its subject (RE: [EXTERNAL] Re: …)', async () => {
    const [voc] = await parseMbox(readFileSync(FILE), 'Inbox/two-threads.mbox');
    const karl = voc?.messages[2];
    expect(karl?.subject).toBe('RE: [EXTERNAL] Re: Azure VoC for MSFT testing');
    expect(karl?.inReplyTo).toBeUndefined();
    expect(karl?.from.name).toBe('Karl Vietmeier');
  });

  it('un-escapes mboxrd ">From " lines and strips quoted history', async () => {
    const [voc] = await parseMbox(readFileSync(FILE), 'Inbox/two-threads.mbox');
    expect(voc?.messages[0]?.body).toContain('\nFrom the lab we need an Azure VoC instance');
    expect(voc?.messages[1]?.body).toBe('Ray,\nThe answer will be NO, but let me communicate it my way.\n\nLior');
    expect(voc?.text).not.toContain('## Earlier messages quoted');
  });

  it('collects participants with their roles across the thread', async () => {
    const [voc] = await parseMbox(readFileSync(FILE), 'Inbox/two-threads.mbox');
    expect(voc?.participants.map((p) => [p.email, p.roles])).toEqual([
      ['ray.coetzee@vastdata.com', ['from', 'to']],
      ['lior.genzel@vastdata.com', ['from', 'cc', 'to']],
      ['karl.vietmeier@vastdata.com', ['from', 'to', 'cc']],
      ['jason.vallery@vastdata.com', ['cc']],
    ]);
  });

  it('threads by references even when subjects differ', async () => {
    const mbox = [
      'From a@x Mon Jan  5 10:00:00 2026',
      'From: A <a@x.com>',
      'Subject: Plan',
      'Message-ID: <p1@x>',
      'Date: Mon, 5 Jan 2026 10:00:00 +0000',
      '',
      'first',
      '',
      'From b@x Mon Jan  5 11:00:00 2026',
      'From: B <b@x.com>',
      'Subject: totally different words',
      'Message-ID: <p2@x>',
      'References: <p1@x>',
      'Date: Mon, 5 Jan 2026 11:00:00 +0000',
      '',
      'second',
      '',
    ].join('\n');
    const envs = await parseMbox(Buffer.from(mbox), 'Inbox/refs.mbox');
    expect(envs).toHaveLength(1);
    expect(envs[0]?.messages.map((m) => m.body)).toEqual(['first', 'second']);
  });

  it('keeps same-subject messages months apart as separate threads', async () => {
    const msg = (day: string, id: string) => [
      `From x@y ${day}`,
      'From: A <a@x.com>',
      'Subject: Weekly sync',
      `Message-ID: <${id}@x>`,
      `Date: ${day}`,
      '',
      id,
      '',
    ];
    const mbox = [
      ...msg('Mon, 2 Mar 2026 10:00:00 +0000', 'march'),
      ...msg('Mon, 9 Mar 2026 10:00:00 +0000', 'march2'),
      ...msg('Mon, 1 Jun 2026 10:00:00 +0000', 'june'),
    ].join('\n');
    const envs = await parseMbox(Buffer.from(mbox), 'Inbox/weekly.mbox');
    expect(envs.map((e) => e.messages.map((m) => m.body))).toEqual([['march', 'march2'], ['june']]);
  });

  it('a file that is not an mbox is a one-line IngestError naming the file', async () => {
    await expect(parseMbox(Buffer.from('just some text\nwith lines\n'), 'Inbox/not.mbox')).rejects.toThrow(
      new IngestError('Inbox/not.mbox', 'not an mbox: no "From " separator line'),
    );
  });
});
