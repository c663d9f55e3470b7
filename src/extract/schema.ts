/**
 * The one definition of an extraction, shared by the offline extractor and the LLM path. Every field a model may
 * fill is required-and-nullable (never optional) because OpenAI's strict structured output demands it.
 */
import { z } from 'zod';
import { PRIORITIES, TASK_STATUSES } from '../core/task-line.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

// The types are core's (src/core/task-line.ts); these are their validators.
export const PrioritySchema = z.enum(PRIORITIES);
export const TaskStatusSchema = z.enum(TASK_STATUSES);

export const ExtractedTask = z.object({
  text: z.string().min(1),
  /** Full name, `Myself`, or `TBD` when nobody can be named. */
  owner: z.string().nullable(),
  due: isoDate.nullable(),
  priority: PrioritySchema.nullable(),
  status: TaskStatusSchema,
  /** Verbatim quote from the source; items whose evidence cannot be found are dropped. */
  evidence: z.string().min(1),
});

export const Decision = z.object({ text: z.string().min(1), evidence: z.string().min(1) });

export const Fact = z.object({
  text: z.string().min(1),
  /** Name of the person/account/project the fact is about, or null when it is about the meeting itself. */
  about: z.string().nullable(),
  evidence: z.string().min(1),
  date: isoDate.nullable(),
});

export const MentionKind = z.enum(['person', 'account', 'project']);
export type MentionKind = z.infer<typeof MentionKind>;

export const Mention = z.object({ kind: MentionKind, name: z.string().min(1), email: z.string().nullable() });

export const ExtractedParticipant = z.object({ name: z.string().min(1), email: z.string().nullable() });

export const Urgency = z.enum(['urgent', 'normal', 'low']);
export type Urgency = z.infer<typeof Urgency>;

export const Reply = z.object({ needed: z.boolean(), urgency: Urgency, reasons: z.array(z.string()) });

export const ProposedMeeting = z.object({
  title: z.string().min(1),
  /** ISO 8601 date-time with offset (or Z). */
  start: z.string(),
  end: z.string().nullable(),
  attendees: z.array(z.string()),
  evidence: z.string().min(1),
});

/** What a model (or the offline extractor) is asked to produce. */
export const ExtractionCore = z.object({
  title: z.string().min(1),
  date: isoDate.nullable(),
  summary: z.string(),
  participants: z.array(ExtractedParticipant),
  tasks: z.array(ExtractedTask),
  decisions: z.array(Decision),
  facts: z.array(Fact),
  topics: z.array(z.string()),
  mentions: z.array(Mention),
  reply: Reply.nullable(),
  meetings: z.array(ProposedMeeting),
});
export type ExtractionCore = z.infer<typeof ExtractionCore>;

export const Task = ExtractedTask.extend({
  /** Stable: hash of source_id and normalised task text, so re-processing updates instead of duplicating. */
  id: z.string(),
});
export type Task = z.infer<typeof Task>;
export type Decision = z.infer<typeof Decision>;
export type Fact = z.infer<typeof Fact>;
export type Mention = z.infer<typeof Mention>;
export type ExtractedParticipant = z.infer<typeof ExtractedParticipant>;
export type Reply = z.infer<typeof Reply>;
export type ProposedMeeting = z.infer<typeof ProposedMeeting>;

/** A finished extraction as stored in `.distill/extractions/` and consumed by entities and plan. */
export const Extraction = ExtractionCore.extend({
  source_id: z.string(),
  tasks: z.array(Task),
  /** `offline`, or `<provider>/<model>`. */
  extractor: z.string(),
  warnings: z.array(z.string()),
});
export type Extraction = z.infer<typeof Extraction>;

/** Nothing found, in the shape a model answers in: the base of an empty extraction. */
export function emptyCore(): ExtractionCore {
  return {
    title: '(untitled)',
    date: null,
    summary: '',
    participants: [],
    tasks: [],
    decisions: [],
    facts: [],
    topics: [],
    mentions: [],
    reply: null,
    meetings: [],
  };
}

/** An extraction with nothing found: the starting point for tests and for a source whose extraction failed. */
export function emptyExtraction(source_id: string, over: Partial<Extraction> = {}): Extraction {
  return { ...emptyCore(), source_id, tasks: [], extractor: 'offline', warnings: [], ...over };
}
