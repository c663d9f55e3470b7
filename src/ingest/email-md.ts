/**
 * Apple Mail markdown exports (old-system.md §3.2): `# Subject`, `- Exported:`, `- Messages: N`, `---`, then one
 * block per message, `## YYYY-MM-DD HH:MM:SS — Name <addr>`, `**Subject:** …`, and the body with every line
 * prefixed `> `. Three shapes reach us: CR line breaks (normalised to LF before this module), LF, and copies whose
 * line breaks were simply deleted, so the whole thread is one line. The last shape is read by the markers the
 * export always writes (`## <ts> — `, `**Subject:**`, `> `), which gives the same messages as the other two.
 * The export has no To/Cc lines. Recipients are harvested, best effort, from the quoted history: an Outlook
 * `From:/Sent:/To:/Cc:` block gives the quoted message's sender ('from'), To ('to') and Cc ('cc'); a Gmail
 * `On … Name <addr> wrote:` gives a sender. They become participants only; `messages[].to/cc` stay empty because
 * the export never says whom each exported message went to.
 * Also reads the older `**From:**`/`**To:**`/`**Date:**` form.
 */
import {
  buildEmailEnvelope,
  type ParsedThread,
  parseAddress,
  parseAddressList,
  splitQuotedHistory,
} from './email-common.ts';
import { type Address, type EmailMessage, IngestError, type SourceEnvelope } from './envelope.ts';
import { isAutomatedSender } from './names.ts';

const MARKER = /## (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) [—–-] /;
const MARKER_LINE = /^## (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) [—–-] (.*)$/;
const LEGACY_FROM = /^\*\*From:\*\*\s*(.*)$/;

export function looksLikeEmailMarkdown(text: string): boolean {
  const head = text.slice(0, 200_000);
  if (MARKER.test(head) && (/\*\*Subject:\*\*/.test(head) || /- Messages:\s*\d+/.test(head))) return true;
  const lines = head.split('\n', 40);
  return lines.some((l) => LEGACY_FROM.test(l)) && lines.some((l) => /^\*\*(?:To|Date):\*\*/.test(l));
}

interface RawMessage {
  day: string;
  time: string;
  sender: string;
  subject: string;
  bodyLines: string[];
}

/** The line-broken export (CR or LF): blocks start at `## <ts> — ` lines. */
function readLines(text: string): { title: string; count: number | null; raw: RawMessage[] } {
  const lines = text.split('\n');
  const title = (lines.find((l) => /^# /.test(l)) ?? '').replace(/^# /, '').trim();
  const count = /^- Messages:\s*(\d+)/m.exec(text);
  const raw: RawMessage[] = [];
  let cur: RawMessage | null = null;
  for (const line of lines) {
    const m = MARKER_LINE.exec(line);
    if (m) {
      cur = { day: m[1] ?? '', time: m[2] ?? '', sender: m[3] ?? '', subject: '', bodyLines: [] };
      raw.push(cur);
      continue;
    }
    if (!cur) continue;
    const subject = /^\*\*Subject:\*\*\s?(.*)$/.exec(line);
    if (subject && cur.bodyLines.length === 0 && cur.subject === '') {
      cur.subject = (subject[1] ?? '').trim();
      continue;
    }
    if (line.startsWith('>')) cur.bodyLines.push(line.replace(/^> ?/, ''));
    // Unprefixed blank and `---` lines are the export's layout between messages; other unprefixed text is kept.
    else if (!/^\s*(?:---)?\s*$/.test(line)) cur.bodyLines.push(line);
  }
  return { title, count: count ? Number(count[1]) : null, raw };
}

/**
 * Where a flattened body had a line break: every `> ` that began a line, except the `>` closing an address
 * (`<jeff@x.com> wrote:`) and ` -> `/` => ` arrows inside a line
 * (a line ending in `--` still splits: `verify --` + `> Customer…` in e-20251215).
 */
const FLAT_LINE = /(?<! [-=]|<[^<>\s]{1,254})> /;

function splitFlatBody(body: string): string[] {
  return body.split(new RegExp(FLAT_LINE.source, 'g'));
}

/** The export with its line breaks deleted: `# T- Exported: …- Messages: 1---## <ts> — A <a>**Subject:** S> line> line> ---`. */
function readFlat(text: string): { title: string; count: number | null; raw: RawMessage[] } {
  // Any line break that survived is real content: kept, so words on either side are not glued together.
  const flat = text;
  const marks = [...flat.matchAll(new RegExp(MARKER.source, 'g'))];
  const head = flat.slice(0, marks[0]?.index ?? flat.length);
  const title = /^#\s*(.*?)\s*(?:- Exported:.*|- Messages:.*|---\s*)?$/s.exec(head)?.[1]?.trim() ?? '';
  const count = /- Messages:\s*(\d+)/.exec(head);
  const raw: RawMessage[] = [];
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? flat.length;
    // The block ends with the blank `> ` line and the `---` separating messages.
    let block = flat
      .slice(start, end)
      .replace(/\s*---\s*$/, '')
      .replace(/(?<!<[^<>\s]{1,254})>\s*$/, '');
    let sender: string;
    let subject = '';
    const subj = block.indexOf('**Subject:**');
    const firstQuote = block.search(FLAT_LINE);
    if (subj >= 0 && (firstQuote < 0 || subj < firstQuote)) {
      sender = block.slice(0, subj);
      block = block.slice(subj + '**Subject:**'.length);
      const q = block.search(FLAT_LINE);
      subject = q < 0 ? block : block.slice(0, q);
      block = q < 0 ? '' : block.slice(q);
    } else {
      sender = firstQuote < 0 ? block : block.slice(0, firstQuote);
      block = firstQuote < 0 ? '' : block.slice(firstQuote);
    }
    const lines = splitFlatBody(block.startsWith('> ') ? block.slice(2) : block).map((l) => l.replace(/\n$/, ''));
    raw.push({ day: m[1] ?? '', time: m[2] ?? '', sender: sender.trim(), subject: subject.trim(), bodyLines: lines });
  });
  return { title, count: count ? Number(count[1]) : null, raw };
}

/**
 * Line breaks were lost if a message marker sits inside a line instead of starting it, a line holds two markers, or
 * a marker line runs on into its `**Subject:**` or body.
 */
function isFlattened(text: string): boolean {
  const all = new RegExp(MARKER.source, 'g');
  return text.split('\n').some((line) => {
    const marks = [...line.matchAll(all)];
    const first = marks[0];
    if (!first) return false;
    return (
      first.index > 0 ||
      marks.length > 1 ||
      line.includes('**Subject:**') ||
      /> /.test(line.slice(first[0].length).replace(/<[^<>\s]+>/g, ''))
    );
  });
}

function toMessage(r: RawMessage): { message: EmailMessage; quoted: ReturnType<typeof splitQuotedHistory>['quoted'] } {
  const from: Address = parseAddress(r.sender) ?? { name: r.sender || 'Unknown sender' };
  const { body, quoted } = splitQuotedHistory(r.bodyLines.join('\n'));
  const message: EmailMessage = {
    from,
    to: [],
    cc: [],
    date: `${r.day}T${r.time}`,
    subject: r.subject,
    body,
    automated: isAutomatedSender(from.email ?? '', from.name),
  };
  return { message, quoted };
}

/** `**From:** / **To:** / **Cc:** / **Date:**` header blocks, each followed by a plain body. */
function parseLegacy(text: string, file: string): SourceEnvelope {
  const lines = text.split('\n');
  const title = (lines.find((l) => /^# /.test(l)) ?? '').replace(/^# /, '').trim();
  const blocks: { fields: Map<string, string>; body: string[] }[] = [];
  let cur: { fields: Map<string, string>; body: string[] } | null = null;
  let inHeader = false;
  for (const line of lines) {
    const field = /^\*\*(From|To|Cc|Date|Subject):\*\*\s*(.*)$/i.exec(line);
    if (field && (/^from$/i.test(field[1] ?? '') || inHeader)) {
      if (/^from$/i.test(field[1] ?? '')) {
        cur = { fields: new Map(), body: [] };
        blocks.push(cur);
      }
      cur?.fields.set((field[1] ?? '').toLowerCase(), (field[2] ?? '').trim());
      inHeader = true;
      continue;
    }
    inHeader = false;
    cur?.body.push(line);
  }
  const warnings: string[] = [];
  const messages: EmailMessage[] = [];
  const quoted: ParsedThread['quoted'] = [];
  for (const b of blocks) {
    while (b.body.length && /^\s*(?:---)?\s*$/.test(b.body.at(-1) ?? '')) b.body.pop();
    const from = parseAddress(b.fields.get('from') ?? '') ?? { name: 'Unknown sender' };
    const date = legacyDate(b.fields.get('date') ?? '');
    if (!date) warnings.push(`message from ${from.name} has no readable **Date:**`);
    const split = splitQuotedHistory(b.body.join('\n'));
    messages.push({
      from,
      to: parseAddressList(b.fields.get('to') ?? ''),
      cc: parseAddressList(b.fields.get('cc') ?? ''),
      date: date ?? '',
      subject: b.fields.get('subject') ?? title,
      body: split.body,
      automated: isAutomatedSender(from.email ?? '', from.name),
    });
    quoted.push(split.quoted);
  }
  if (messages.length === 0) throw new IngestError(file, 'email markdown without any **From:** header');
  return buildEmailEnvelope({
    format: 'email-md-legacy',
    path: file,
    title: title || (messages[0]?.subject ?? ''),
    messages,
    quoted,
    warnings,
  });
}

/** `2025-12-11`, `2025-12-11 09:00(:38)`, or anything `Date` reads (then in UTC, marked `Z`). */
function legacyDate(raw: string): string | null {
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(:\d{2})?)?/.exec(raw.trim());
  if (iso) return iso[2] ? `${iso[1]}T${iso[2]}${iso[3] ?? ':00'}` : (iso[1] ?? null);
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `text` is LF-normalised and mojibake-repaired already (index.ts `prepareText`). */
export function parseEmailMarkdown(text: string, file: string): SourceEnvelope {
  if (!MARKER.test(text)) return parseLegacy(text, file);
  const flattened = isFlattened(text);
  const { title, count, raw } = flattened ? readFlat(text) : readLines(text);
  if (raw.length === 0) throw new IngestError(file, 'email export without any "## <date> — <sender>" message');
  const parsed = raw.map(toMessage);
  const warnings: string[] = [];
  if (flattened) warnings.push('export had no line breaks: messages recovered from the export markers');
  if (count !== null && count !== raw.length) warnings.push(`export says ${count} messages, found ${raw.length}`);
  return buildEmailEnvelope({
    format: 'email-md',
    path: file,
    title: title || (parsed.at(-1)?.message.subject ?? ''),
    messages: parsed.map((p) => p.message),
    quoted: parsed.map((p) => p.quoted),
    warnings,
  });
}
