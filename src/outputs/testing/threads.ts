/**
 * Test support: envelopes built from the real email fixtures with a deliberately small reader of the Apple Mail
 * markdown export (`## <ts> — Name <addr>`, `**Subject:**`, `> ` body lines), so the outputs tests exercise real text
 * without depending on the ingest adapter, plus the fixture vault owner's config and an empty extraction.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Extraction, emptyExtraction } from '../../extract/schema.ts';
import type { EmailMessage, Participant, SourceEnvelope } from '../../ingest/envelope.ts';
import { type Config, parseConfig } from '../../vault/config.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/sources');

export function ownerConfig(extra = ''): Config {
  return parseConfig(
    `owner:\n  name: Jason Vallery\n  emails: [jason.vallery@vastdata.com]\n  aliases: [Jason, JV]\n  organisation: VAST Data\n${extra}`,
  );
}

export function fixtureThread(id: string): SourceEnvelope {
  const raw = readFileSync(path.join(FIXTURES, id, 'source.md'), 'utf8');
  const text = raw.replace(/\r\n?/g, '\n');
  const messages: EmailMessage[] = [];
  const blocks = text.split(/^## (?=\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} — )/m).slice(1);
  for (const block of blocks) {
    const head = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) — (.*?) <([^>]+)>/.exec(block);
    if (!head) throw new Error(`${id}: unreadable message header`);
    const subject = /\*\*Subject:\*\* (.*)/.exec(block)?.[1]?.trim() ?? '';
    const body = block
      .split('\n')
      .filter((l) => l.startsWith('>'))
      .map((l) => l.replace(/^> ?/, ''))
      .join('\n')
      .trim();
    messages.push({
      from: { name: head[3]!, email: head[4]! },
      to: [],
      cc: [],
      date: `${head[1]}T${head[2]}`,
      subject,
      body,
    });
  }
  const participants: Participant[] = [];
  for (const m of messages) {
    if (!participants.some((p) => p.email === m.from.email))
      participants.push({ name: m.from.name, email: m.from.email!, roles: ['from'] });
  }
  return {
    source_id: createHash('sha256').update(text).digest('hex'),
    kind: 'email',
    format: 'email-md',
    path: `Inbox/${id}.md`,
    title: /^# (.*)/m.exec(text)?.[1]?.trim() ?? id,
    date: messages.at(-1)?.date.slice(0, 10) ?? null,
    date_source: 'content',
    participants,
    messages,
    turns: [],
    prior_summary: null,
    text,
    warnings: [],
  };
}

export function emptyExtractionFor(env: SourceEnvelope, over: Partial<Extraction> = {}): Extraction {
  return emptyExtraction(env.source_id, { title: env.title, date: env.date, ...over });
}
