/**
 * A hand-written RFC 5322 message writer for approved drafts: CRLF lines, RFC 2047 encoded-words for non-ASCII
 * headers, a quoted-printable UTF-8 body, Message-ID, Date and threading headers. `X-Unsent: 1` makes Outlook and
 * Apple Mail open the file as an editable draft rather than a received message, which is what an approved draft is
 * until the user presses send.
 */
import { createHash } from 'node:crypto';
import type { Address } from '../ingest/envelope.ts';

export interface MailMessage {
  from: Address;
  to: Address[];
  cc: Address[];
  subject: string;
  body: string;
  date: Date;
  /** Without angle brackets; generated from the content when absent. */
  messageId?: string;
  inReplyTo?: string | null;
  references?: string[];
}

const CRLF = '\r\n';

const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

function stripBrackets(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

/** `=?UTF-8?B?…?=` words of at most 75 characters, split on character (never mid-UTF-8-sequence) boundaries. */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  const max = 75 - '=?UTF-8?B??='.length;
  for (const ch of text) {
    const next = chunk + ch;
    if (Math.ceil(Buffer.byteLength(next) / 3) * 4 > max && chunk) {
      words.push(chunk);
      chunk = ch;
    } else chunk = next;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`);
}

/** An unstructured header value (Subject): plain when ASCII, encoded-words otherwise. */
function unstructured(value: string): string {
  const v = value.replace(/[\r\n]+/g, ' ');
  return isAscii(v) ? v : encodeWords(v).join(' ');
}

function displayName(name: string): string {
  const n = name.replace(/[\r\n]+/g, ' ').trim();
  if (!isAscii(n)) return encodeWords(n).join(' ');
  // RFC 5322 `atext` plus spaces may go bare; anything else (",", ".", "@", quotes) needs a quoted-string.
  return /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(n) ? n : `"${n.replace(/(["\\])/g, '\\$1')}"`;
}

export function formatAddress(a: Address): string {
  if (!a.email) throw new Error(`no email address for ${a.name}`);
  const email = a.email.trim();
  return a.name && a.name.trim() !== email ? `${displayName(a.name)} <${email}>` : email;
}

/** RFC 5322 date-time in UTC: `Mon, 05 Jan 2026 19:10:19 +0000`. */
export function formatDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Fold a header at whitespace so no line exceeds 78 characters where the value allows it. */
function foldHeader(name: string, value: string): string {
  const tokens = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const t of tokens) {
    if (line.length + 1 + t.length > 78 && line.trim() !== `${name}:`) {
      lines.push(line);
      line = ` ${t}`;
    } else line += ` ${t}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text with CRLF line breaks and soft breaks at 76 characters. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bytes = Buffer.from(rawLine, 'utf8');
    const enc: string[] = [];
    bytes.forEach((b, i) => {
      const last = i === bytes.length - 1;
      const printable = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
      enc.push(printable ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
    });
    let line = '';
    for (const e of enc) {
      if (line.length + e.length > 75) {
        out.push(`${line}=`);
        line = '';
      }
      line += e;
    }
    out.push(line);
  }
  return out.join(CRLF);
}

/** A Message-ID from the content, in the sender's domain, so approving the same draft twice names the same message. */
export function makeMessageId(m: Omit<MailMessage, 'messageId'>): string {
  const h = createHash('sha256')
    .update([m.subject, m.body, m.to.map((a) => a.email).join(','), m.date.toISOString()].join('\n'))
    .digest('hex')
    .slice(0, 24);
  const domain = m.from.email?.split('@')[1] ?? 'distill.local';
  return `distill.${h}@${domain}`;
}

export function writeEml(m: MailMessage): string {
  if (m.to.length === 0) throw new Error('a message needs at least one recipient');
  const messageId = stripBrackets(m.messageId ?? makeMessageId(m));
  const refs = [...(m.references ?? []), ...(m.inReplyTo ? [m.inReplyTo] : [])].map(stripBrackets).filter(Boolean);
  const uniqueRefs = refs.filter((r, i) => refs.indexOf(r) === i);
  const headers: [string, string][] = [
    ['From', formatAddress(m.from)],
    ['To', m.to.map(formatAddress).join(', ')],
    ...(m.cc.length > 0 ? ([['Cc', m.cc.map(formatAddress).join(', ')]] as [string, string][]) : []),
    ['Subject', unstructured(m.subject)],
    ['Date', formatDate(m.date)],
    ['Message-ID', `<${messageId}>`],
    ...(m.inReplyTo ? ([['In-Reply-To', `<${stripBrackets(m.inReplyTo)}>`]] as [string, string][]) : []),
    ...(uniqueRefs.length > 0
      ? ([['References', uniqueRefs.map((r) => `<${r}>`).join(' ')]] as [string, string][])
      : []),
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', 'quoted-printable'],
    ['X-Unsent', '1'],
    ['X-Mailer', 'Distill'],
  ];
  const head = headers.map(([k, v]) => foldHeader(k, v)).join(CRLF);
  return `${head}${CRLF}${CRLF}${quotedPrintable(m.body)}${CRLF}`;
}
