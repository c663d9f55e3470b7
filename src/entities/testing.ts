/** Builders for hand-written extractions and envelopes in the entities tests (the fixtures' people and domains). */
import { type Extraction, emptyExtraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { type Config, parseConfig } from '../vault/config.ts';

export function demoConfig(extra = ''): Config {
  return parseConfig(`owner:
  name: Jason Vallery
  emails: [jason.vallery@vastdata.com]
  aliases: [Jason, JV]
  organisation: VAST Data
entities:
  domains: { vastdata.com: VAST Data }
${extra}`);
}

export function extraction(over: Partial<Extraction> = {}): Extraction {
  return emptyExtraction('src-1', {
    title: 'MAI deal escalation',
    date: '2025-12-27',
    summary: 'Jeff Denworth escalated the Azure MAI deal risk. Jonsi reported the Azure Blob proposal request.',
    ...over,
  });
}

export function envelope(over: Partial<SourceEnvelope> = {}): SourceEnvelope {
  return {
    source_id: 'src-1',
    kind: 'email',
    format: 'email-md',
    path: 'Inbox/x.md',
    title: 'x',
    date: '2025-12-27',
    date_source: 'content',
    participants: [],
    messages: [],
    turns: [],
    prior_summary: null,
    text: '',
    warnings: [],
    ...over,
  };
}

export function page(path: string, frontmatter: string, body = ''): { path: string; content: string } {
  return { path, content: `---\n${frontmatter}\n---\n${body}` };
}
