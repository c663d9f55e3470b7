/**
 * The offline extractor: parsing, rules and classical NLP, no model. It is the default on a fresh machine and the
 * fallback when a provider fails, so it must always return a valid, grounded extraction.
 */
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import type { ExtractContext, Extractor } from '../extractor.ts';
import { groundExtraction } from '../grounding.ts';
import type { Extraction, Task } from '../schema.ts';
import { taskId } from '../task-id.ts';
import { addressedNames } from './addressed.ts';
import { extractDecisions } from './decisions.ts';
import { extractFacts } from './facts.ts';
import { extractMeetings } from './meetings.ts';
import { extractMentions } from './mentions.ts';
import { extractParticipants, OWNER, ownerMatcher } from './participants.ts';
import { extractReply } from './reply.ts';
import { unitsOf } from './sentences.ts';
import { extractSummary } from './summary.ts';
import { extractTasks, greetings } from './tasks.ts';
import { extractTitle } from './title.ts';
import { extractTopics } from './topics.ts';

/** The envelope promises YYYY-MM-DD; a timestamp or junk from an odd adapter must not make the extraction invalid. */
function dayOf(date: string | null): string | null {
  return date?.match(/^\d{4}-\d{2}-\d{2}/)?.[0] ?? null;
}

function firstWord(name: string): string {
  return name.split(/\s+/)[0]?.toLowerCase() ?? '';
}

export function extractOffline(env: SourceEnvelope, ctx: ExtractContext): Extraction {
  const date = dayOf(env.date);
  const isOwner = ownerMatcher(ctx.config);
  const ownerName = ctx.config.owner.name;
  const ownerFirst =
    ownerName && ownerName.toLowerCase() !== 'myself' ? (ownerName.split(/\s+/)[0]?.toLowerCase() ?? null) : null;
  const ownerWords = [ownerName, ...ctx.config.owner.aliases, ownerFirst ?? '']
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 1 && w !== 'myself');
  const participants = extractParticipants(env, isOwner, ownerWords);
  const present = new Set(participants.map((p) => (p.name === OWNER ? (ownerFirst ?? '') : firstWord(p.name))));
  for (const name of addressedNames(env, { present })) {
    const owner = isOwner(name) || (ownerFirst !== null && name.toLowerCase() === ownerFirst);
    if (owner && participants.some((p) => p.name === OWNER)) continue;
    participants.push({ name: owner ? OWNER : name, email: null });
  }
  const units = unitsOf(
    env,
    isOwner,
    participants.map((p) => p.name),
  );
  const title = extractTitle(env);
  const long = env.kind !== 'email';

  const candidates = extractTasks(
    units,
    { env, isOwner, greeted: greetings(units, ownerFirst), ownerFirst },
    { max: long ? 12 : 8 },
  );
  const tasks: Task[] = candidates.map((c) => ({
    id: taskId(env.source_id, c.text),
    text: c.text,
    owner: c.owner,
    due: c.due,
    priority: c.priority,
    status: 'proposed',
    evidence: c.evidence,
  }));
  const decisions = extractDecisions(units);
  const mentions = extractMentions(env, units, participants, ctx, isOwner);
  const subjects = [
    ...participants.map((p) => p.name).filter((n) => n !== 'Myself'),
    ...mentions.map((m) => m.name),
  ].sort((a, b) => b.length - a.length);
  const taskEvidence = new Set(tasks.map((t) => t.evidence));
  const facts = extractFacts(
    units.filter((u) => !taskEvidence.has(u.text)),
    { subjects: [...new Set(subjects)], sourceDate: date, minScore: long ? 2 : 1, spoken: env.kind === 'transcript' },
    long ? 15 : 8,
  );
  const meetings = extractMeetings(
    units,
    title,
    participants.map((p) => p.name),
    ctx.config.timezone,
  );

  const draft: Extraction = {
    source_id: env.source_id,
    title,
    date,
    summary: extractSummary(env, units),
    participants,
    tasks,
    decisions,
    facts,
    topics: extractTopics(units, [
      ...participants.map((p) => p.name),
      ...mentions.filter((m) => m.kind === 'person').map((m) => m.name),
    ]),
    mentions,
    reply: extractReply(env, isOwner, ownerFirst),
    meetings,
    extractor: 'offline',
    warnings: [],
  };
  const { extraction, dropped } = groundExtraction(draft, env.text);
  if (dropped.length > 0) {
    extraction.warnings.push(
      `dropped ${dropped.length} item(s) whose evidence is not in the source: ${dropped.map((d) => d.kind).join(', ')}`,
    );
  }
  return extraction;
}

export const offlineExtractor: Extractor = {
  name: 'offline',
  async extract(env, ctx) {
    return extractOffline(env, ctx);
  },
};
