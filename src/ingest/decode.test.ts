/** Issue 12 item 15: inputs that used to fail or lose characters are read. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEml } from './eml.ts';
import { ingestFile } from './index.ts';
import { parseSubtitles } from './subtitles.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'distill-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

const TRANSCRIPT = [
  '**Jeff Denworth** (00:01): Did the marketplace SKU change go in? Réunion à 10h.',
  '',
  '**Jason Vallery** (00:09): Not yet, I will send it by Friday.',
  '',
].join('\n');

describe('UTF-16 files', () => {
  it('reads UTF-16LE and UTF-16BE with a byte-order mark as the same source as UTF-8', async () => {
    const [utf8] = await ingestFile(file('t8.md', Buffer.from(TRANSCRIPT, 'utf8')));
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TRANSCRIPT, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TRANSCRIPT, 'utf16le').swap16()]);
    const [fromLe] = await ingestFile(file('tle.md', le));
    const [fromBe] = await ingestFile(file('tbe.txt', be));
    for (const env of [fromLe, fromBe]) {
      expect(env?.kind).toBe('transcript');
      expect(env?.source_id).toBe(utf8?.source_id);
      expect(env?.text).toContain('Réunion à 10h');
      expect(env?.warnings.join('\n')).toMatch(/UTF-16/);
    }
  });

  it('reads UTF-16LE without a byte-order mark, and captions in UTF-16', async () => {
    const [env] = await ingestFile(file('nobom.md', Buffer.from(TRANSCRIPT, 'utf16le')));
    expect(env?.turns.map((t) => t.speaker)).toEqual(['Jeff Denworth', 'Jason Vallery']);
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jeff Denworth>Hello there.\n';
    const [captions] = await ingestFile(
      file('c.vtt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(vtt, 'utf16le')])),
    );
    expect(captions?.turns[0]?.text).toBe('Hello there.');
  });

  it('still refuses real binary', async () => {
    await expect(
      ingestFile(file('b.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 0, 0, 3, 0]))),
    ).rejects.toThrow(/binary/);
  });
});

describe('captions with an arrow but no times', () => {
  const vtt =
    'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jeff Denworth>Hello there.\n\n-->\n<v Jason Vallery>Hi Jeff.\n\n00:00:06.000 --> 00:00:08.000\n<v Jeff Denworth>Bye.\n';
  const srt =
    '1\n00:00:01,000 --> 00:00:04,000\nJeff: Hello there.\n\n2\n--> \nJason: Hi.\n\n3\n00:00:06,000 --> 00:00:08,000\nJeff: Bye.\n';

  it('keeps the untimed cue as text at the previous cue time instead of failing the file', () => {
    const v = parseSubtitles(vtt, 'a.vtt', 'vtt', new Date());
    expect(v.turns.map((t) => [t.speaker, t.text, t.start])).toEqual([
      ['Jeff Denworth', 'Hello there.', 1],
      ['Jason Vallery', 'Hi Jeff.', 4],
      ['Jeff Denworth', 'Bye.', 6],
    ]);
    expect(v.warnings.join('\n')).toMatch(/without a readable timing line/);
    const s = parseSubtitles(srt, 'a.srt', 'srt', new Date());
    expect(s.turns.map((t) => t.text)).toEqual(['Hello there.', 'Hi.', 'Bye.']);
  });

  it('keeps speech that contains an arrow', () => {
    const v = parseSubtitles(
      'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Jeff Denworth>A --> B is the flow.\n',
      'a.vtt',
      'vtt',
      new Date(),
    );
    expect(v.turns[0]?.text).toBe('A --> B is the flow.');
  });
});

describe('raw windows-1252 bytes in .eml headers', () => {
  it('decodes the subject and the sender name instead of writing U+FFFD', async () => {
    const eml = Buffer.concat([
      Buffer.from('From: '),
      iconv.encode('José Müller', 'win1252'),
      Buffer.from(' <jose@example.com>\r\nTo: jason@vastdata.com\r\nSubject: '),
      iconv.encode('Réunion – “budget” €5', 'win1252'),
      Buffer.from(
        '\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody ü\r\n',
      ),
    ]);
    const env = await parseEml(eml, 'x.eml');
    expect(env.title).toBe('Réunion – “budget” €5');
    expect(env.messages[0]?.from.name).toBe('José Müller');
    expect(env.messages[0]?.body).toBe('Body ü');
    expect(JSON.stringify(env)).not.toContain('\ufffd');
  });

  it('leaves UTF-8 headers alone', async () => {
    const eml = Buffer.from(
      'From: José <j@example.com>\r\nSubject: Réunion €5\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\n\r\nx\r\n',
      'utf8',
    );
    expect((await parseEml(eml, 'y.eml')).title).toBe('Réunion €5');
  });

  it('makes a multi-line encoded subject one line', async () => {
    const subject = Buffer.from('Status\n- [ ] Wire #task\n## Action Items', 'utf8').toString('base64');
    const eml = Buffer.from(
      `From: =?UTF-8?B?${Buffer.from('Bob\nSmith').toString('base64')}?= <b@example.com>\r\nSubject: =?UTF-8?B?${subject}?=\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\n\r\nx\r\n`,
    );
    const env = await parseEml(eml, 'z.eml');
    expect(env.title).toBe('Status - [ ] Wire #task ## Action Items');
    expect(env.messages[0]?.from.name).toBe('Bob Smith');
  });
});

describe('UTF-16 detection is not fooled by binary', () => {
  it('a few bytes of binary, or binary behind an FF FE, are still binary', async () => {
    await expect(ingestFile(file('blob.md', Buffer.from([0, 1, 2, 3, 0, 255, 0, 7])))).rejects.toThrow(/binary/);
    const fake = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Array.from({ length: 200 }, (_, i) => i % 7))]);
    await expect(ingestFile(file('fake.md', fake))).rejects.toThrow(/binary/);
  });
});
