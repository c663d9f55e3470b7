/**
 * Test support: envelopes built from the real email fixtures by the real markdown adapter, the fixture vault owner's
 * config and an empty extraction.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Extraction, emptyExtraction } from '../../extract/schema.ts';
import { parseEmailMarkdown } from '../../ingest/email-md.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { prepareText } from '../../ingest/index.ts';
import { type Config, parseConfig } from '../../vault/config.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/sources');

export function ownerConfig(extra = ''): Config {
  return parseConfig(
    `owner:\n  name: Jason Vallery\n  emails: [jason.vallery@vastdata.com]\n  aliases: [Jason, JV]\n  organisation: VAST Data\n${extra}`,
  );
}

/**
 * A fixture thread read by the real Apple Mail markdown adapter, so its messages carry only their own text and the
 * quoted history sits where the reply decision reads it (as in a run).
 */
export function fixtureThread(id: string): SourceEnvelope {
  const raw = readFileSync(path.join(FIXTURES, id, 'source.md'), 'utf8');
  return parseEmailMarkdown(prepareText(raw).text, `Inbox/${id}.md`);
}

export function emptyExtractionFor(env: SourceEnvelope, over: Partial<Extraction> = {}): Extraction {
  return emptyExtraction(env.source_id, { title: env.title, date: env.date, ...over });
}
