/**
 * Single RFC 5322 messages (.eml). mailparser does the MIME work because it decodes legacy charsets with iconv-lite
 * (Node 20's TextDecoder gets windows-1252 wrong); HTML-only mail becomes Markdown through turndown; the new text is
 * cut from its quoted history by email-reply-parser, with our own attribution reader for the history itself.
 */
import EmailReplyParser from 'email-reply-parser';
import iconv from 'iconv-lite';
import type { AddressObject, EmailAddress, ParsedMail } from 'mailparser';
import TurndownService from 'turndown';
import { oneLine } from '../vault/escape.ts';
import { buildEmailEnvelope, type QuotedMessage, splitQuotedHistory } from './email-common.ts';
import { type Address, type EmailMessage, IngestError, type SourceEnvelope } from './envelope.ts';
import { fixMojibake, hasMojibake } from './mojibake.ts';
import { isAutomatedSender, normalisePersonName } from './names.ts';
import { normaliseNewlines } from './normalise.ts';

export interface MailMessage {
  message: EmailMessage;
  quoted: QuotedMessage[];
  warnings: string[];
}

function addresses(obj: AddressObject | AddressObject[] | undefined): Address[] {
  const list = obj === undefined ? [] : Array.isArray(obj) ? obj : [obj];
  const flat: EmailAddress[] = list.flatMap((o) => o.value.flatMap((v) => (v.group ? v.group : [v])));
  return flat
    .filter((v) => v.address || v.name)
    .map((v) => {
      const email = v.address?.toLowerCase();
      // An encoded word may decode to line breaks or control characters: a name is one line.
      const name = normalisePersonName(oneLine(v.name ?? '')) || email || '';
      return email ? { name, email } : { name };
    });
}

function rawHeader(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === key)?.line;
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).trim();
}

/** ISO local time with the offset the Date header states (`2026-01-05T11:35:20-08:00`); UTC when it states none. */
function isoWithOffset(date: Date, rawDate: string | undefined): string {
  const m = /([+-])(\d{2})(\d{2})\s*(?:\([^)]*\))?\s*$/.exec(rawDate ?? '');
  const sign = m?.[1] === '-' ? -1 : 1;
  const minutes = m ? sign * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 19);
  if (!m) return `${local}Z`;
  return `${local}${m[1]}${m[2]}:${m[3]}`;
}

function htmlToMarkdown(html: string): string {
  try {
    const td = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced' });
    td.remove(['style', 'script', 'head', 'title']);
    return td.turndown(html);
  } catch {
    // Markup turndown cannot walk still has its words.
    return html
      .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>|<\/(?:p|div|li|tr|h\d)>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
}

/** Mailing lists, auto-responders and bulk senders mark themselves in headers even when the address looks human. */
function automatedByHeaders(mail: ParsedMail): boolean {
  const h = mail.headers;
  if (h.has('list-id') || h.has('list-unsubscribe')) return true;
  const auto = String(h.get('auto-submitted') ?? '').toLowerCase();
  if (auto !== '' && auto !== 'no') return true;
  const precedence = String(h.get('precedence') ?? '').toLowerCase();
  return /^(?:bulk|list|junk|auto_reply)$/.test(precedence);
}

/** A multipart whose closing boundary never comes was cut off in transit: keep what arrived, say so. */
function truncatedMultipart(raw: string): boolean {
  const ct = /^content-type:[^\n]*multipart\/[^\n]*(?:\n[ \t][^\n]*)*/im.exec(raw)?.[0] ?? '';
  const boundary = /boundary\s*=\s*"?([^";\s]+)"?/i.exec(ct)?.[1];
  return boundary !== undefined && !raw.includes(`--${boundary}--`);
}

/** email-reply-parser's reading of a plain-text body; null if it fails, so a library bug costs only the refinement. */
function readReply(text: string): { visible: string; quoted: string } | null {
  try {
    const email = new EmailReplyParser().read(text);
    const quoted = email
      .getFragments()
      .filter((f) => f.isQuoted())
      .map((f) => f.getContent())
      .join('\n');
    return { visible: normaliseNewlines(email.getVisibleText()).trim(), quoted };
  } catch {
    return null;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function validUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Raw 8-bit bytes in the header block (a subject or name written in windows-1252 without encoded words) are not
 * UTF-8, and the MIME parser turns each into U+FFFD. Header lines that are not valid UTF-8 are read as
 * windows-1252 (which every ISO-8859-1 text also is) and handed on as UTF-8; valid UTF-8 and the body are untouched.
 */
export function headersAsUtf8(bytes: Buffer): { bytes: Buffer; fixed: boolean } {
  const limit = Math.min(bytes.length, 1 << 20);
  let end = -1;
  for (let i = 0; i + 1 < limit; i++) {
    if (bytes[i] === 0x0a && (bytes[i + 1] === 0x0a || (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a))) {
      end = i + 1;
      break;
    }
  }
  if (end < 0) end = limit;
  const head = bytes.subarray(0, end);
  if (!head.some((b) => b >= 0x80) || validUtf8(head)) return { bytes, fixed: false };
  const lines: Buffer[] = [];
  for (let start = 0; start < head.length; ) {
    let nl = head.indexOf(0x0a, start);
    nl = nl < 0 ? head.length : nl + 1;
    const line = head.subarray(start, nl);
    lines.push(validUtf8(line) ? line : Buffer.from(iconv.decode(line, 'win1252'), 'utf8'));
    start = nl;
  }
  return { bytes: Buffer.concat([...lines, bytes.subarray(end)]), fixed: true };
}

/** Parses one message; shared with the mbox adapter. Throws IngestError when the bytes are not an email at all. */
export async function parseMailMessage(raw: Buffer, file: string): Promise<MailMessage> {
  let mail: ParsedMail;
  const { bytes, fixed: headerCharset } = headersAsUtf8(raw);
  // Imported here, on the first .eml or .mbox message: a run over Markdown exports, or with nothing new, never loads it.
  const { simpleParser } = await import('mailparser');
  try {
    // HTML-only mail is converted by turndown below (Markdown keeps links and emphasis), not by html-to-text.
    mail = await simpleParser(bytes, { skipTextToHtml: true, skipImageLinks: true, skipHtmlToText: true });
  } catch (e) {
    throw new IngestError(file, `unreadable MIME: ${(e as Error).message.split('\n')[0]}`);
  }
  const warnings: string[] = [];
  if (headerCharset) warnings.push('headers with raw 8-bit text: read as windows-1252');
  const hasFrom = mail.from !== undefined && addresses(mail.from).length > 0;
  if (!hasFrom && !mail.headers.has('date') && !mail.headers.has('subject') && !mail.messageId) {
    throw new IngestError(file, 'not an email: no From, Date, Subject or Message-ID header');
  }
  const head = bytes.subarray(0, 1 << 20).toString('latin1');
  if (truncatedMultipart(head.replace(/\r\n?/g, '\n')))
    warnings.push('truncated MIME: multipart has no closing boundary');

  let text = mail.text ?? '';
  if (text.trim() === '' && typeof mail.html === 'string' && mail.html.trim() !== '') text = htmlToMarkdown(mail.html);
  text = normaliseNewlines(text);
  if (hasMojibake(text)) {
    const fixed = fixMojibake(text);
    if (fixed !== text) warnings.push('repaired mojibake (UTF-8 read as cp1252/MacRoman)');
    text = fixed;
  }
  if (text.trim() === '') warnings.push('message has no readable text body');

  const split = splitQuotedHistory(text);
  const reply = readReply(text);
  let body = split.body;
  let quoted = split.quoted;
  // email-reply-parser also drops a trailing signature; its shorter text is taken only when all it dropped is a
  // short tail of ours (it treats a bare `--` or `__` line as a signature and would hide everything below it).
  if (reply && reply.visible !== '' && reply.visible.length < body.length) {
    const dropped = body.slice(reply.visible.length);
    if (body.startsWith(reply.visible) && dropped.split('\n').length <= 12) body = reply.visible;
  }
  if (quoted.length === 0 && reply && reply.quoted.trim() !== '') {
    const q = splitQuotedHistory(reply.quoted.replace(/^(?:>\s?)+/gm, ''));
    quoted = q.body ? [{ header: '', to: [], cc: [], body: q.body }, ...q.quoted] : q.quoted;
  }

  const from = addresses(mail.from)[0] ?? { name: 'Unknown sender' };
  if (!hasFrom) warnings.push('message has no From header');
  let date = '';
  if (mail.date && !Number.isNaN(mail.date.getTime())) date = isoWithOffset(mail.date, rawHeader(mail, 'date'));
  else warnings.push('message has no readable Date header');
  const references =
    mail.references === undefined
      ? []
      : Array.isArray(mail.references)
        ? mail.references
        : mail.references.split(/\s+/);

  const message: EmailMessage = {
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date,
    subject: oneLine(mail.subject ?? ''),
    body,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo.trim() } : {}),
    ...(references.length ? { references: references.filter(Boolean) } : {}),
    automated: isAutomatedSender(from.email ?? '', from.name) || automatedByHeaders(mail),
  };
  return { message, quoted, warnings };
}

export async function parseEml(bytes: Buffer, file: string): Promise<SourceEnvelope> {
  const { message, quoted, warnings } = await parseMailMessage(bytes, file);
  return buildEmailEnvelope({
    format: 'eml',
    path: file,
    title: message.subject || '(no subject)',
    messages: [message],
    quoted: [quoted],
    warnings,
  });
}
