import type { SourceEnvelope } from '../ingest/envelope.ts';
import type { Config } from '../vault/config.ts';
import type { Extraction } from './schema.ts';

/** What an extractor may know about the vault: names only, so extraction never depends on page content. */
export interface KnownEntity {
  kind: 'person' | 'account' | 'project';
  name: string;
  aliases: string[];
  emails: string[];
}

export interface ExtractContext {
  config: Config;
  known: KnownEntity[];
  /** YYYY-MM-DD of the run: only for prompts; due dates resolve against the source's own dates. */
  today: string;
}

/** Offline or LLM: the pipeline only sees this. */
export interface Extractor {
  readonly name: string;
  extract(envelope: SourceEnvelope, ctx: ExtractContext): Promise<Extraction>;
}
