/**
 * What every email adapter shares: addresses, cutting a body at its quoted history, reading that history into the
 * earlier messages it repeats, and building the envelope (canonical text, participants, dates) from messages.
 * The canonical text is rendered from the parsed messages, never copied from the file, so the same thread exported
 * with CR, LF or no line breaks at all gets the same `source_id`.
 */
import type { Address, EmailMessage, Participant, ParticipantRole, SourceEnvelope, SourceFormat } from './envelope.ts';
import { normalisePersonName } from './names.ts';
import { sourceIdOf } from './normalise.ts';

/** The heading of the canonical text's section of quoted earlier messages (see `quotedMessagesOf`). */
export const QUOTED_SECTION = '## Earlier messages quoted in this thread';

const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[^\s<>"'(),;:]+/;

/** `Name <addr>`, `"Last, First" <addr>`, `<addr>`, `addr` or a bare name. */
export function parseAddress(raw: string): Address | null {
  const s = raw
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(/^mailto:/i, '')
    // Outlook's plain text writes `Name <a@x<mailto:a@x>>` and `Name [mailto:a@x]`.
    .replace(/<([^<>\s]+@[^<>\s]+?)\s*<mailto:[^<>]*>\s*>/gi, '<$1>')
    .replace(/\[mailto:([^\]\s]+@[^\]\s]+)\]/gi, '<$1>');
  if (s === '') return null;
  // The closing `>` is optional: copies that lost their line breaks can lose it too.
  const angle = /^(.*?)\s*<\s*(?:mailto:)?([^<>\s]+@[^<>\s]+?)\s*>?\s*$/i.exec(s);
  if (angle) {
    const email = (angle[2] ?? '').toLowerCase();
    const name = normalisePersonName(angle[1] ?? '');
    return { name: name || email, email };
  }
  const bare = s.replace(/^\[|\]$/g, '');
  if (new RegExp(`^${EMAIL.source}$`).test(bare)) return { name: bare.toLowerCase(), email: bare.toLowerCase() };
  const name = normalisePersonName(s);
  return name ? { name } : null;
}

/** Characters of `raw` that stand outside quotes and angle brackets. */
function outsideQuotes(raw: string): string {
  let out = '';
  let quoted = false;
  let angle = 0;
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<') angle++;
    else if (ch === '>') angle = Math.max(0, angle - 1);
    else if (!quoted && angle === 0) out += ch;
  }
  return out;
}

/**
 * A header list (`a <x>, "Last, First" <y>; z@w`): commas inside quotes or angle brackets are not separators. A list
 * separated by semicolons (Outlook's: `Vallery, Jason; Imming, Peter`) keeps its commas inside the names.
 */
export function parseAddressList(raw: string): Address[] {
  const pieces: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = 0;
  const bare = outsideQuotes(raw);
  const separators =
    bare.includes(';') &&
    bare.split(';').every((piece) => !piece.includes(',') || /^\s*[\p{L}'’-]+\s*,\s*[\p{L}'’. -]+$/u.test(piece))
      ? ';'
      : ',;';
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<') angle++;
    else if (ch === '>') angle = Math.max(0, angle - 1);
    if (separators.includes(ch) && !quoted && angle === 0) {
      pieces.push(cur);
      cur = '';
    } else cur += ch;
  }
  pieces.push(cur);
  // `Doe, John` or `Doe, John, Roe, Jane` with no addresses at all: directory names, two pieces a person.
  const words = pieces.map((p) => p.trim());
  if (separators !== ';' && words.length % 2 === 0 && words.every((w) => /^[\p{Lu}][\p{L}'’-]+$/u.test(w))) {
    const pairs: Address[] = [];
    for (let i = 0; i < words.length; i += 2) {
      const a = parseAddress(`${words[i]}, ${words[i + 1]}`);
      if (a) pairs.push(a);
    }
    return pairs;
  }
  const out: Address[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i] ?? '';
    const next = pieces[i + 1];
    // Unquoted `Denworth, Jeff <jeff@x>`: a lone surname the next piece completes belongs to it.
    if (
      next !== undefined &&
      !EMAIL.test(piece) &&
      /^\s*[\p{L}'’-]+\s*$/u.test(piece) &&
      /^\s*[\p{L}'’ -]+<[^>]+>\s*$/u.test(next)
    ) {
      piece = `${piece},${next}`;
      i++;
    }
    const a = parseAddress(piece);
    if (a) out.push(a);
  }
  return out;
}

/**
 * Subject without reply/forward prefixes and tags, for threading by subject: `Re:`, `Fwd:`, `AW:`… (also
 * `Re[2]:`), `[EXTERNAL]`-style tags, `(External)`, an upper-case `EXTERNAL` or `EXTERNAL:` marker, and the colon
 * a tag can leave behind (`RE: [External] : Re: …`). Lower case.
 */
export function normaliseSubject(subject: string): string {
  let s = subject.replace(/[\s\u00a0]+/g, ' ').trim();
  for (;;) {
    const next = s
      .replace(
        /^(?:(?:re|fwd?|aw|wg|sv|vs|tr|rif|antw)(?:\[\d+\])?\s*:|\[[^\]]{1,30}\]|\((?:external|ext)\)|:)\s*/i,
        '',
      )
      // upper case only: "External storage review" is a subject, "EXTERNAL Re: …" a mail gateway's mark
      .replace(/^(?:EXTERNAL\b\s*:?|\*{1,2}EXTERNAL\*{1,2}|External:)\s*/, '');
    if (next === s) break;
    s = next;
  }
  return s.toLowerCase();
}

/** One earlier message as a later one quotes it. */
export interface QuotedMessage {
  /** The attribution as written (`On Fri, Dec 12, 2025 at 10:15 AM Lior Genzel <…> wrote:`). */
  header: string;
  from?: Address;
  to: Address[];
  cc: Address[];
  /** The date as the quoting client wrote it (free text, not parsed). */
  date?: string;
  subject?: string;
  body: string;
}

interface Attribution {
  /** Index of the first line after the attribution. */
  end: number;
  quoted: Omit<QuotedMessage, 'body'>;
}

const HEADER_FIELD = /^\*{0,2}(From|Sent|Date|To|Cc|Subject)\*{0,2}:\*{0,2}\s*(.*)$/i;
const SEPARATORS =
  /^(?:-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}|Begin forwarded message:|_{10,})\s*$/i;
const FOREIGN_WROTE = /^(?:Am\s.+\sschrieb\s.+|Le\s.+\sa écrit\s*|El\s.+\sescribió\s*|Op\s.+\sschreef\s.+)\s*:\s*$/i;
const FLAT_OUTLOOK = /^From:\s*(.+?)\s+(?:Sent|Date):\s*(.+?)\s+To:\s*(.+?)(?:\s+Cc:\s*(.+?))?\s+Subject:\s*(.*)$/i;
const TIME = /\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?/g;

/** `On <date> <Name> <addr> wrote:` (Gmail, Apple Mail): sender and date. */
function parseOnWrote(line: string): Omit<QuotedMessage, 'body'> | null {
  const m = /^On\s+(.+?)\s*wrote:\s*$/i.exec(line);
  if (!m?.[1]) return null;
  let inner = m[1].replace(/,\s*$/, '');
  let email: string | undefined;
  const addr = /\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(inner);
  if (addr) {
    email = addr[1]?.toLowerCase();
    inner = inner.slice(0, addr.index);
  }
  let date = inner;
  let name = '';
  const times = [...inner.matchAll(TIME)];
  const t = times.at(-1);
  if (t?.index !== undefined) {
    date = inner.slice(0, t.index + t[0].length);
    name = inner.slice(t.index + t[0].length);
  } else {
    // No time: the date ends at its year (`On Jan 5, 2026, Berube, Sebastien <…> wrote:`), else at the last comma.
    const years = [...inner.matchAll(/\b(?:19|20)\d{2}\b/g)];
    const year = years.at(-1);
    const comma = inner.lastIndexOf(',');
    if (year?.index !== undefined) {
      date = inner.slice(0, year.index + year[0].length);
      name = inner.slice(year.index + year[0].length);
    } else if (comma > 0) {
      date = inner.slice(0, comma);
      name = inner.slice(comma + 1);
    }
  }
  name = name.replace(/^[\s,]+|[\s,]+$/g, '');
  const from = email
    ? { name: normalisePersonName(name) || email, email }
    : name
      ? { name: normalisePersonName(name) }
      : undefined;
  return { header: line, ...(from ? { from } : {}), to: [], cc: [], date: date.trim() };
}

/** Reads an Outlook header block (`From:` then `Sent:`/`Date:`, `To:`, `Cc:`, `Subject:`) starting at `i`. */
function parseHeaderBlock(lines: string[], i: number): Attribution | null {
  const first = lines[i] ?? '';
  const flat = FLAT_OUTLOOK.exec(first.replace(/\*\*/g, ''));
  if (flat) {
    const [, from, date, to, cc, subject] = flat;
    const sender = parseAddress(from ?? '');
    return {
      end: i + 1,
      quoted: {
        header: first,
        ...(sender ? { from: sender } : {}),
        to: parseAddressList(to ?? ''),
        cc: parseAddressList(cc ?? ''),
        date: (date ?? '').trim(),
        subject: (subject ?? '').trim(),
      },
    };
  }
  if (!/^\*{0,2}From\*{0,2}:/i.test(first)) return null;
  const fields = new Map<string, string>();
  let j = i;
  let last = '';
  for (; j < lines.length && j < i + 12; j++) {
    const line = lines[j] ?? '';
    const f = HEADER_FIELD.exec(line.trim());
    if (f) {
      last = (f[1] ?? '').toLowerCase();
      if (!fields.has(last)) fields.set(last, f[2] ?? '');
      continue;
    }
    // Long To:/Cc: lists wrap onto indented or address-bearing lines.
    if (line.trim() !== '' && (last === 'to' || last === 'cc') && EMAIL.test(line) && !/[.!?]$/.test(line.trim())) {
      fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    break;
  }
  if (!fields.has('sent') && !fields.has('date') && !fields.has('subject')) return null;
  if (!fields.has('to') && !fields.has('subject')) return null;
  const sender = parseAddress(fields.get('from') ?? '');
  const date = fields.get('sent') ?? fields.get('date');
  const subject = fields.get('subject');
  return {
    end: j,
    quoted: {
      header: lines.slice(i, j).join('\n'),
      ...(sender ? { from: sender } : {}),
      to: parseAddressList(fields.get('to') ?? ''),
      cc: parseAddressList(fields.get('cc') ?? ''),
      ...(date !== undefined ? { date: date.trim() } : {}),
      ...(subject !== undefined ? { subject: subject.trim() } : {}),
    },
  };
}

/** The attribution that starts at line `i`, if any: where the quoted history of a message begins. */
function attributionAt(lines: string[], i: number): Attribution | null {
  const line = (lines[i] ?? '').trim();
  if (line === '') return null;
  if (/^On\s/i.test(line)) {
    const one = parseOnWrote(line);
    if (one) return { end: i + 1, quoted: one };
    // Clients wrap a long attribution: `On …, Name <addr>` / `wrote:`.
    const next = (lines[i + 1] ?? '').trim();
    if (/\d/.test(line) && /wrote:\s*$/i.test(next) && next.length < 120) {
      const two = parseOnWrote(`${line} ${next}`);
      if (two) return { end: i + 2, quoted: two };
    }
    return null;
  }
  if (FOREIGN_WROTE.test(line)) return { end: i + 1, quoted: { header: line, to: [], cc: [] } };
  if (SEPARATORS.test(line)) {
    let k = i + 1;
    while (k < lines.length && (lines[k] ?? '').trim() === '') k++;
    const block = parseHeaderBlock(lines, k);
    if (block) return { end: block.end, quoted: { ...block.quoted, header: `${line}\n${block.quoted.header}` } };
    return { end: i + 1, quoted: { header: line, to: [], cc: [] } };
  }
  return parseHeaderBlock(lines, i);
}

function trimBlankEdges(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] ?? '').trim() === '') a++;
  while (b > a && (lines[b - 1] ?? '').trim() === '') b--;
  return lines.slice(a, b);
}

/** Body lines tidied the same way whatever the export: no trailing spaces, no inline-image placeholders. */
export function tidyLines(lines: string[]): string[] {
  return lines.map((l) => l.replace(/\uFFFC/g, '').trimEnd());
}

export interface SplitBody {
  /** The new text of the message. */
  body: string;
  /** Earlier messages it quotes, newest first as they appear. */
  quoted: QuotedMessage[];
}

/**
 * Cuts a message body where its quoted history starts (`On … wrote:`, an Outlook `From:/Sent:/To:/Subject:`
 * block, `-----Original Message-----`, a trailing run of `>` lines) and reads the history into messages.
 */
export function splitQuotedHistory(text: string): SplitBody {
  const lines = tidyLines(text.split('\n'));
  let cut = -1;
  let first: Attribution | null = null;
  for (let i = 0; i < lines.length; i++) {
    const a = attributionAt(lines, i);
    if (a) {
      cut = i;
      first = a;
      break;
    }
  }
  if (cut < 0) {
    // No attribution: only a trailing block made entirely of `>` lines counts as quoted.
    let k = lines.length;
    while (k > 0 && ((lines[k - 1] ?? '').trim() === '' || (lines[k - 1] ?? '').startsWith('>'))) k--;
    const tail = lines.slice(k).filter((l) => l.trim() !== '');
    if (k > 0 && tail.length > 0) {
      const body = trimBlankEdges(lines.slice(0, k)).join('\n');
      const quotedBody = trimBlankEdges(tail.map((l) => l.replace(/^(?:>\s?)+/, ''))).join('\n');
      return { body, quoted: [{ header: '', to: [], cc: [], body: quotedBody }] };
    }
    return { body: trimBlankEdges(lines).join('\n'), quoted: [] };
  }
  const body = trimBlankEdges(lines.slice(0, cut)).join('\n');
  // Nested `>` levels are flattened so the history reads as one list of messages, newest first.
  const history = lines.slice(first?.end ?? cut + 1).map((l) => l.replace(/^(?:>\s?)+/, ''));
  const quoted: QuotedMessage[] = [];
  let current: Omit<QuotedMessage, 'body'> = first?.quoted ?? { header: '', to: [], cc: [] };
  let acc: string[] = [];
  for (let i = 0; i < history.length; i++) {
    const a = attributionAt(history, i);
    if (a) {
      quoted.push({ ...current, body: trimBlankEdges(acc).join('\n') });
      current = a.quoted;
      acc = [];
      i = a.end - 1;
      continue;
    }
    acc.push(history[i] ?? '');
  }
  quoted.push({ ...current, body: trimBlankEdges(acc).join('\n') });
  return { body, quoted };
}

function key(text: string): string {
  return text
    .replace(/[\s\u00a0>]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A quoted message already present as a message of the export (or already kept) is not rendered twice. */
function alreadyKnown(body: string, known: string[]): boolean {
  const k = key(body);
  if (k === '') return true;
  return known.some((m) => {
    if (m === '' || k === '') return false;
    const [short, long] = m.length <= k.length ? [m, k] : [k, m];
    return short.length >= 20 ? long.startsWith(short.slice(0, 300)) : short === long;
  });
}

export interface ParsedThread {
  format: SourceFormat;
  path: string;
  title: string;
  messages: EmailMessage[];
  /** Quoted earlier messages, per message, in the order of `messages`. */
  quoted: QuotedMessage[][];
  warnings: string[];
}

/** Dates with different offsets compare as instants; naive local times (one export, one clock) as text. */
export function compareDates(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (/[zZ]|[+-]\d{2}:\d{2}$/.test(a) && /[zZ]|[+-]\d{2}:\d{2}$/.test(b) && !Number.isNaN(ta) && !Number.isNaN(tb))
    return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function addressLine(a: Address): string {
  return a.email && a.email !== a.name ? `${a.name} <${a.email}>` : (a.email ?? a.name);
}

function mergeParticipant(list: Participant[], a: Address | undefined, role: ParticipantRole): void {
  if (!a) return;
  const email = a.email?.toLowerCase();
  const name = normalisePersonName(a.name);
  if (!email && (name === '' || /^(?:undisclosed|unknown)/i.test(name))) return;
  const found = list.find(
    (p) =>
      (email !== undefined && p.email === email) ||
      (email === undefined && p.name.toLowerCase() === name.toLowerCase()) ||
      (p.email === undefined && p.name.toLowerCase() === name.toLowerCase()),
  );
  if (found) {
    if (!found.roles.includes(role)) found.roles.push(role);
    if (!found.email && email) found.email = email;
    // A real name beats an address used as a name.
    if (found.name.includes('@') && !name.includes('@') && name !== '') found.name = name;
    return;
  }
  list.push({ name: name || email || '', ...(email ? { email } : {}), roles: [role] });
}

/**
 * The envelope for a thread: messages oldest first, the newest message's day as the date, participants from senders,
 * recipients and quoted headers, and a canonical text holding every body verbatim plus the quoted earlier messages
 * the export does not contain (a forwarded chain is often the whole substance of a thread).
 */
export function buildEmailEnvelope(thread: ParsedThread): SourceEnvelope {
  const order = thread.messages.map((m, i) => ({ m, q: thread.quoted[i] ?? [], i }));
  order.sort((a, b) => compareDates(a.m.date, b.m.date) || a.i - b.i);
  const messages = order.map((o) => o.m);

  const known = messages.map((m) => key(m.body));
  const extra: QuotedMessage[] = [];
  // Newest message first: its history is the longest, and histories list newest first.
  for (const o of [...order].reverse()) {
    for (const q of o.q) {
      if (alreadyKnown(q.body, known)) continue;
      extra.push(q);
      known.push(key(q.body));
    }
  }
  extra.reverse();

  const participants: Participant[] = [];
  for (const m of messages) mergeParticipant(participants, m.from, 'from');
  for (const m of messages) {
    for (const a of m.to) mergeParticipant(participants, a, 'to');
    for (const a of m.cc) mergeParticipant(participants, a, 'cc');
  }
  for (const o of order) {
    for (const q of o.q) {
      mergeParticipant(participants, q.from, 'from');
      for (const a of q.to) mergeParticipant(participants, a, 'to');
      for (const a of q.cc) mergeParticipant(participants, a, 'cc');
    }
  }

  const parts: string[] = [`# ${thread.title}`];
  for (const m of messages) {
    const head = [`## ${m.date.replace('T', ' ')} — ${addressLine(m.from)}`];
    if (m.to.length) head.push(`To: ${m.to.map(addressLine).join(', ')}`);
    if (m.cc.length) head.push(`Cc: ${m.cc.map(addressLine).join(', ')}`);
    head.push(`Subject: ${m.subject}`);
    parts.push(head.join('\n'), m.body);
  }
  if (extra.length) {
    parts.push(QUOTED_SECTION);
    for (const q of extra) {
      const head = [
        `### ${[q.date, q.from ? addressLine(q.from) : ''].filter(Boolean).join(' — ') || 'Quoted message'}`,
      ];
      if (q.to.length) head.push(`To: ${q.to.map(addressLine).join(', ')}`);
      if (q.cc.length) head.push(`Cc: ${q.cc.map(addressLine).join(', ')}`);
      if (q.subject) head.push(`Subject: ${q.subject}`);
      parts.push(head.join('\n'), q.body);
    }
  }
  const text = `${parts.filter((p) => p !== '').join('\n\n')}\n`;
  const newest = messages.at(-1);
  const date = newest && /^\d{4}-\d{2}-\d{2}/.test(newest.date) ? newest.date.slice(0, 10) : null;

  return {
    source_id: sourceIdOf(text),
    kind: 'email',
    format: thread.format,
    path: thread.path,
    title: thread.title,
    date,
    date_source: date ? 'content' : 'none',
    participants,
    messages,
    turns: [],
    prior_summary: null,
    text,
    warnings: thread.warnings,
  };
}

/**
 * The quoted earlier messages an email envelope's canonical text holds (the section `buildEmailEnvelope` writes
 * after the exported messages), in that order, oldest first as far as the quotes tell. A later stage that must know
 * who asked what before the newest message (is a question to the owner still open?) reads them here.
 */
export function quotedMessagesOf(env: Pick<SourceEnvelope, 'kind' | 'text'>): QuotedMessage[] {
  if (env.kind !== 'email') return [];
  const at = env.text.indexOf(`\n${QUOTED_SECTION}\n`);
  if (at < 0) return [];
  const out: QuotedMessage[] = [];
  const blocks = env.text.slice(at + QUOTED_SECTION.length + 2).split(/^### /m);
  for (const block of blocks.slice(1)) {
    const lines = block.split('\n');
    const head = (lines[0] ?? '').trim();
    const q: QuotedMessage = { header: head, to: [], cc: [], body: '' };
    if (head !== 'Quoted message') {
      const dash = head.lastIndexOf(' — ');
      const who = dash >= 0 ? head.slice(dash + 3) : head;
      const date = dash >= 0 ? head.slice(0, dash) : '';
      // The head is `date — sender`, `date` or `sender`; a sender has letters and no digits-only date shape.
      const sender = dash >= 0 || !/\d{1,2}[:/]\d{2}|\b(?:19|20)\d{2}\b/.test(head) ? parseAddress(who) : null;
      if (sender) q.from = sender;
      if (dash >= 0) q.date = date;
      else if (!sender) q.date = head;
    }
    let i = 1;
    for (; i < lines.length; i++) {
      const f = /^(To|Cc|Subject): (.*)$/.exec(lines[i] ?? '');
      if (!f) break;
      if (f[1] === 'To') q.to = parseAddressList(f[2] ?? '');
      else if (f[1] === 'Cc') q.cc = parseAddressList(f[2] ?? '');
      else q.subject = f[2] ?? '';
    }
    q.body = trimBlankEdges(lines.slice(i)).join('\n');
    out.push(q);
  }
  return out;
}
