import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError, ingestFile } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures');
const dir = mkdtempSync(path.join(tmpdir(), 'distill-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Every refusal is an IngestError whose one-line message starts with the file it is about. */
async function refusal(p: string): Promise<IngestError> {
  const err = await ingestFile(p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  const e = err as IngestError;
  expect(e.file).toBe(p);
  expect(e.message.startsWith(`${p}: `)).toBe(true);
  expect(e.message).not.toContain('\n');
  return e;
}

describe('ingestFile refuses what cannot be a source', () => {
  it('an empty file', async () => {
    expect((await refusal(file('empty.md', ''))).reason).toBe('empty file');
  });

  it('a whitespace-only file', async () => {
    expect((await refusal(file('blank.md', ' \r\n\t\r\r\n  '))).reason).toBe('empty file (only whitespace)');
  });

  it('a binary file', async () => {
    const bytes = randomBytes(4096);
    bytes[10] = 0;
    bytes[2000] = 0;
    expect((await refusal(file('photo.md', bytes))).reason).toBe('binary file (not text, .eml or .mbox)');
  });

  it('a 50 MB file, by its size and without reading it', async () => {
    const p = file('huge.txt', 'x');
    truncateSync(p, 50 * 1024 * 1024);
    const started = Date.now();
    expect((await refusal(p)).reason).toBe('file too large (50.0 MB > 25 MB limit)');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an unsupported extension', async () => {
    expect((await refusal(file('notes.rtf', '{\\rtf1 hello}'))).reason).toMatch(/^unsupported file type "\.rtf"/);
  });

  it('a file that does not exist', async () => {
    expect((await refusal(path.join(dir, 'missing.md'))).reason).toBe('cannot read: ENOENT');
  });

  it('an .eml that has no mail headers at all', async () => {
    const p = path.join(dir, 'garbage.eml');
    copyFileSync(path.join(FIXTURES, 'eml/garbage-headers.eml'), p);
    expect((await refusal(p)).reason).toBe('not an email: no From, Date, Subject or Message-ID header');
  });

  it('binary bytes named .eml', async () => {
    const bytes = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + (i >> 3)) % 256));
    expect((await refusal(file('scan.eml', bytes))).reason).toBe(
      'not an email: no From, Date, Subject or Message-ID header',
    );
  });

  it('an .mbox without messages', async () => {
    expect((await refusal(file('empty.mbox', 'no separator here\n'))).reason).toBe(
      'not an mbox: no "From " separator line',
    );
  });
});

describe('ingestFile reads damaged but usable input', () => {
  it('an export in windows-1252 instead of UTF-8, with a warning', async () => {
    const lf = readFileSync(path.join(FIXTURES, 'sources/e-20251215-745714/source.md'), 'utf8');
    const p = file('cp1252.md', iconv.encode(lf.replace(/\u00a0/g, ' '), 'win1252'));
    const [env] = await ingestFile(p);
    expect(env?.format).toBe('email-md');
    expect(env?.warnings).toContain('not valid UTF-8: decoded as windows-1252');
    expect(env?.messages.map((m) => m.from.name)).toEqual(['Alon Horev', 'Tomer Hagay']);
    expect(env?.text).toContain('Customer Managed Keys can be configured as “Encryption Groups”');
  });

  it('an export whose UTF-8 was once read as cp1252, repaired with a warning', async () => {
    const lf = readFileSync(path.join(FIXTURES, 'sources/e-20251215-745714/source.md'), 'utf8');
    // As a cp1252 reader shows it; the bytes cp1252 leaves undefined (”'s 0x9D) survive as C1 controls.
    const garbled = [...Buffer.from(lf, 'utf8')]
      .map((b) =>
        [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b) ? String.fromCharCode(b) : iconv.decode(Buffer.from([b]), 'win1252'),
      )
      .join('');
    expect(garbled).toContain('â€œEncryption Groupsâ€');
    const [env] = await ingestFile(file('mojibake.md', garbled));
    expect(env?.warnings).toContain('repaired mojibake (UTF-8 read as cp1252/MacRoman)');
    expect(env?.text).toContain('“Encryption Groups”');
  });

  it('a truncated multipart .eml becomes an envelope with a warning', async () => {
    const p = path.join(dir, 'broken.eml');
    copyFileSync(path.join(FIXTURES, 'eml/broken-mime.eml'), p);
    const [env] = await ingestFile(p, { displayPath: 'Inbox/broken.eml' });
    expect(env?.path).toBe('Inbox/broken.eml');
    expect(env?.warnings).toContain('truncated MIME: multipart has no closing boundary');
    expect(env?.messages[0]?.body).toMatch(/^The Redmond POC finished/);
  });
});

describe('ingestFile dispatches email formats', () => {
  it('a CR export and its LF copy are the same source', async () => {
    const cr = readFileSync(path.join(FIXTURES, 'sources/e-20260105-cf0ae7/source.md'), 'utf8');
    expect(cr).toContain('\r');
    const [a] = await ingestFile(file('cr.md', cr));
    const [b] = await ingestFile(file('lf.md', cr.replace(/\r/g, '\n')));
    const [c] = await ingestFile(file('flat.txt', cr.replace(/\r/g, '')));
    expect(a?.kind).toBe('email');
    expect(a?.messages).toHaveLength(3);
    expect(b?.source_id).toBe(a?.source_id);
    expect(c?.source_id).toBe(a?.source_id);
  });

  it('the flattened seed export is read as email', async () => {
    const [env] = await ingestFile(path.join(FIXTURES, 'seeds/002_7b284906b5ea58a2.txt'));
    expect(env?.format).toBe('email-md');
    expect(env?.messages[0]?.from.name).toBe('Jeff Denworth');
  });

  it('an mbox gives one envelope per thread', async () => {
    const envs = await ingestFile(path.join(FIXTURES, 'eml/two-threads.mbox'));
    expect(envs.map((e) => e.messages.length)).toEqual([3, 2]);
  });
});
