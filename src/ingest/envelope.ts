/**
 * The one definition of what an ingest adapter produces. Every later stage reads a source only through this
 * envelope, so adapters are the only code that knows about file formats.
 */

export type SourceKind = 'email' | 'transcript' | 'document';

/** Which concrete format an adapter recognised; shown by `distill parse` and used by the eval table. */
export type SourceFormat =
  | 'email-md' // Apple Mail markdown export (`## <ts> — Name <addr>` blocks)
  | 'email-md-legacy' // `**From:**`/`**To:**` header form
  | 'eml'
  | 'mbox'
  | 'transcript-bold' // `**Name**: text` + `*MM:SS*`
  | 'transcript-bracket' // `[HH:MM:SS.ss] Speaker : text`
  | 'transcript-plain' // undiarized plain text
  | 'vtt'
  | 'srt'
  | 'document';

export interface Address {
  name: string;
  email?: string;
}

export type ParticipantRole = 'from' | 'to' | 'cc' | 'speaker' | 'attendee' | 'author';

export interface Participant {
  /** Display name as normalised by the adapter ("Denworth, Jeff" -> "Jeff Denworth"); may be an address. */
  name: string;
  email?: string;
  roles: ParticipantRole[];
}

export interface EmailMessage {
  from: Address;
  to: Address[];
  cc: Address[];
  /** ISO 8601; with offset when the source states one, otherwise naive local time (`2025-12-11T09:00:38`). */
  date: string;
  subject: string;
  /** The new text of this message, without the quoted history it repeats. */
  body: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** The sender is a notification/no-reply address or the message carries list headers. */
  automated?: boolean;
}

export interface Turn {
  speaker: string;
  /** `Speaker 1`, `Remote`, `Unknown`, `zoom.us`, audio devices: kept as turns, never participants. */
  generic: boolean;
  /** Seconds from the start of the recording, when the format carries it. */
  start?: number;
  text: string;
}

export interface PriorTask {
  text: string;
  done: boolean;
  owner?: string;
  due?: string;
}

/** A summary block an earlier tool wrote at the top of a transcript: kept apart so it is never re-extracted. */
export interface PriorSummary {
  text: string;
  tasks: PriorTask[];
}

export interface SourceEnvelope {
  /** sha256 (hex) over the normalised text: the same thread exported twice has the same id. */
  source_id: string;
  kind: SourceKind;
  format: SourceFormat;
  /** Path of the file as it was read (vault-relative when inside a vault). */
  path: string;
  title: string;
  /** YYYY-MM-DD from the content (newest message, meeting date), else the file name; null when unknown. */
  date: string | null;
  /** Where the date came from, so a note can be flagged when it is a guess. */
  date_source: 'content' | 'filename' | 'frontmatter' | 'file-time' | 'none';
  timezone?: string;
  participants: Participant[];
  /** Email only: messages oldest first. */
  messages: EmailMessage[];
  /** Transcript only: turns in order, consecutive duplicates removed. */
  turns: Turn[];
  prior_summary: PriorSummary | null;
  /** The normalised text (LF line breaks, mojibake repaired, no frontmatter): evidence is checked against it. */
  text: string;
  /** Non-fatal findings: mojibake repaired, date guessed, duplicate channel collapsed, … */
  warnings: string[];
  /**
   * Set on a conversation merged from several copies (src/ingest/conversation.ts): a hash of what it holds now.
   * Another copy changes it while `source_id` stays the conversation's, so caches of what was read from the
   * envelope (the LLM's answers) key on it. Absent on a source of one copy, whose `source_id` is its content hash.
   */
  content_id?: string;
}

/** A file the adapters could not read: the batch goes on, the file goes to the failed queue. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'IngestError';
  }
}
