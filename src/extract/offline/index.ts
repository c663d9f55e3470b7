/**
 * The offline extractor: parsing, rules and classical NLP, no model. It is the default on a fresh machine and the
 * fallback when a provider fails, so it must always return a valid, grounded extraction.
 */
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { addressedNames } from '../addressed.ts';
import type { ExtractContext, Extractor } from '../extractor.ts';
import { groundExtraction } from '../grounding.ts';
import { extractParticipants, OWNER, ownerMatcher } from '../participants.ts';
import type { ExtractedParticipant, Extraction, Task } from '../schema.ts';
import { taskId } from '../task-id.ts';
import { extractMeetings, writerZones } from './meetings.ts';
import { extractMentions } from './mentions.ts';
import { loadModel } from './model/load.ts';
import { selectItems } from './model/select.ts';
import {
  type Classified,
  classify,
  type OfflineModel,
  type PreparedUnit,
  prepareUnits,
} from './model/sentence-model.ts';
import { extractReply } from './reply.ts';
import { type Unit, unitsOf } from './sentences.ts';
import { extractSummary } from './summary.ts';
import { extractTitle } from './title.ts';
import { extractTopics } from './topics.ts';

/** The envelope promises YYYY-MM-DD; a timestamp or junk from an odd adapter must not make the extraction invalid. */
function dayOf(date: string | null): string | null {
  return date?.match(/^\d{4}-\d{2}-\d{2}/)?.[0] ?? null;
}

function firstWord(name: string): string {
  return name.split(/\s+/)[0]?.toLowerCase() ?? '';
}

/** What the extractor reads of a source before any model runs: shared by extraction and training. */
export interface ReadSource {
  participants: ExtractedParticipant[];
  units: Unit[];
  prepared: PreparedUnit[];
  ownerFirst: string | null;
}

export function readSource(env: SourceEnvelope, ctx: ExtractContext): ReadSource {
  const read = readUnits(env, ctx);
  const people = read.participants.map((p) => p.name);
  return { ...read, prepared: prepareUnits(read.units, env.kind, people, read.ownerFirst) };
}

/** The source's participants and units, without the model's features (which cost most of a long call's memory). */
function readUnits(env: SourceEnvelope, ctx: ExtractContext): Omit<ReadSource, 'prepared'> {
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
  return {
    participants,
    units: unitsOf(
      env,
      isOwner,
      participants.map((p) => p.name),
    ),
    ownerFirst,
  };
}

/**
 * Units per section of a very long source. A call or thread of normal length fits in one (5,000 units is ~500 KB
 * of speech, ten long calls); a recording of days is read section by section, each as if it were a call of its
 * own, keeping only the units that may become an item: the features of every unit of 20 MB take over 1 GB.
 */
export const SECTION_UNITS = 5_000;

/** Words a stated decision holds: such a unit may be kept as a decision whatever its probabilities. */
const DECISION_WORDS = /decided|agreed|decision/i;

/**
 * Whether selectItems may take a classified unit: its probability of a kind reaches (a hair under) that kind's
 * threshold, or it may state a decision. selectItems decides; this only tells the units it would pass over.
 */
export function maySelect(model: OfflineModel): (c: Classified) => boolean {
  const { task, decision, fact } = model.thresholds;
  return (c) =>
    c.p.task >= task * 0.999 ||
    c.p.decision >= decision * 0.999 ||
    c.p.fact >= fact * 0.999 ||
    DECISION_WORDS.test(c.unit.text);
}

/**
 * The classified units selectItems may take: all of them for a source of one section; for a longer one, those whose
 * probability reaches a threshold (selectItems takes no other), read section by section.
 */
export function classifiedUnits(
  model: OfflineModel,
  units: Unit[],
  kind: SourceEnvelope['kind'],
  people: string[],
  ownerFirst: string | null,
  section = SECTION_UNITS,
): Classified[] {
  if (units.length <= section) return classify(model, prepareUnits(units, kind, people, ownerFirst));
  const reaches = maySelect(model);
  const out: Classified[] = [];
  for (let from = 0; from < units.length; ) {
    // Sections end between turns (or messages), never inside one.
    let to = Math.min(units.length, from + section);
    while (to < units.length && to - from < section * 1.1 && units[to]?.index === units[to - 1]?.index) to++;
    for (const c of classify(model, prepareUnits(units.slice(from, to), kind, people, ownerFirst)))
      if (reaches(c)) out.push(c);
    from = to;
  }
  return out;
}

export function extractOffline(
  env: SourceEnvelope,
  ctx: ExtractContext,
  model: OfflineModel = loadModel(),
): Extraction {
  const date = dayOf(env.date);
  const isOwner = ownerMatcher(ctx.config);
  const { participants, units, ownerFirst } = readUnits(env, ctx);
  const title = extractTitle(env);
  const long = env.kind !== 'email';
  const mentions = extractMentions(env, units, participants, ctx, isOwner);
  const subjects = [...participants.map((p) => p.name).filter((n) => n !== OWNER), ...mentions.map((m) => m.name)].sort(
    (a, b) => b.length - a.length,
  );
  const people = participants.map((p) => p.name);
  const selected = selectItems(model, classifiedUnits(model, units, env.kind, people, ownerFirst), {
    people,
    ownerName: ctx.config.owner.name && ctx.config.owner.name !== OWNER ? ctx.config.owner.name : 'me',
    ownerFirst,
    done: (env.prior_summary?.tasks ?? []).filter((t) => t.done).map((t) => t.text),
    assigned: (env.prior_summary?.tasks ?? []).flatMap((t) =>
      t.owner && !/^(?:tbd|unknown|none)$/i.test(t.owner) ? [{ text: t.text, owner: t.owner }] : [],
    ),
    sourceDate: date,
    subjects: [...new Set(subjects)],
    persons: [...people, ...mentions.filter((m) => m.kind === 'person').map((m) => m.name)],
    max: { tasks: long ? 12 : 8, decisions: 6, facts: 10 },
    spoken: env.kind === 'transcript',
  });
  const tasks: Task[] = selected.tasks.map((c) => ({ id: taskId(env.source_id, c.text), ...c, status: 'proposed' }));
  const meetings = extractMeetings(units, title, people, writerZones(env, ctx.config.timezone));

  const draft: Extraction = {
    source_id: env.source_id,
    title,
    date,
    summary: extractSummary(env, units, [
      ...[ctx.config.owner.name, ...ctx.config.owner.aliases].filter((n) => n !== OWNER),
      ...people.filter((n) => n !== OWNER),
    ]),
    participants,
    tasks,
    decisions: selected.decisions,
    facts: selected.facts,
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

/** An offline extractor with given weights: cross-validation gives each fold the model trained without it. */
export function createOfflineExtractor(model?: OfflineModel): Extractor {
  return {
    name: 'offline',
    async extract(env, ctx) {
      return extractOffline(env, ctx, model);
    },
  };
}

export const offlineExtractor: Extractor = createOfflineExtractor();
