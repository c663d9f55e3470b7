/**
 * mbox files: split with mbox-reader (it un-escapes mboxrd `>From ` lines), each message parsed like an .eml, then
 * grouped into threads: first by Message-ID / In-Reply-To / References, then by subject without `Re:`/`Fwd:`/
 * `AW:`/`[EXTERNAL]` prefixes, because Outlook often drops the reference headers. One envelope per thread.
 */
import { Readable } from 'node:stream';
import { mboxReader } from 'mbox-reader';
import { buildEmailEnvelope, compareDates, normaliseSubject } from './email-common.ts';
import { type MailMessage, parseMailMessage } from './eml.ts';
import { IngestError, type SourceEnvelope } from './envelope.ts';

function ids(m: MailMessage): string[] {
  const { messageId, inReplyTo, references } = m.message;
  return [messageId, inReplyTo, ...(references ?? [])]
    .filter((x): x is string => !!x)
    .map((x) => x.trim().toLowerCase());
}

const SUBJECT_WINDOW_MS = 31 * 24 * 3600 * 1000;

/** Union-find over message indexes. */
function threads(messages: MailMessage[]): MailMessage[][] {
  const parent = messages.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] ?? i] ?? i;
      i = parent[i] ?? i;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byId = new Map<string, number>();
  const bySubject = new Map<string, { i: number; t: number }>();
  messages.forEach((m, i) => {
    for (const id of ids(m)) {
      const seen = byId.get(id);
      if (seen === undefined) byId.set(id, i);
      else union(seen, i);
    }
  });
  // Same subject joins only messages at most a month apart: `Weekly sync` in March and in June are two threads.
  const byDate = messages.map((m, i) => ({ i, t: Date.parse(m.message.date) })).sort((a, b) => (a.t || 0) - (b.t || 0));
  for (const { i, t } of byDate) {
    const subject = normaliseSubject(messages[i]?.message.subject ?? '');
    if (subject === '') continue;
    const seen = bySubject.get(subject);
    if (seen && (Number.isNaN(t) || Number.isNaN(seen.t) || t - seen.t <= SUBJECT_WINDOW_MS)) union(seen.i, i);
    bySubject.set(subject, { i, t });
  }
  const groups = new Map<number, MailMessage[]>();
  messages.forEach((m, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), m]);
  });
  return [...groups.values()];
}

export async function parseMbox(bytes: Buffer, file: string): Promise<SourceEnvelope[]> {
  const parsed: MailMessage[] = [];
  const warnings: string[] = [];
  let index = 0;
  try {
    for await (const entry of mboxReader(Readable.from([bytes]))) {
      index++;
      try {
        parsed.push(await parseMailMessage(entry.content, file));
      } catch (e) {
        // One unreadable message does not cost the rest of the mailbox.
        warnings.push(`message ${index} skipped: ${e instanceof IngestError ? e.reason : (e as Error).message}`);
      }
    }
  } catch (e) {
    throw new IngestError(file, `unreadable mbox: ${(e as Error).message.split('\n')[0]}`);
  }
  if (parsed.length === 0) {
    throw new IngestError(
      file,
      index === 0 ? 'not an mbox: no "From " separator line' : 'mbox has no readable message',
    );
  }
  return threads(parsed)
    .map((group) => {
      group.sort((a, b) => compareDates(a.message.date, b.message.date));
      const newest = group.at(-1)?.message;
      return buildEmailEnvelope({
        format: 'mbox',
        path: file,
        title: newest?.subject || '(no subject)',
        messages: group.map((g) => g.message),
        quoted: group.map((g) => g.quoted),
        warnings: [...warnings, ...group.flatMap((g) => g.warnings)],
      });
    })
    .sort((a, b) => compareDates(a.messages[0]?.date ?? '', b.messages[0]?.date ?? ''));
}
