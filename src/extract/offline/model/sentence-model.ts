/**
 * The offline extractor's learned part: for each unit, what it is (task, decision, fact or nothing) and, for a
 * task, whose it is (the speaker's, the addressee's, a named other's or nobody's yet). Rules do the rest: dates,
 * the owner's name, the wording. The weights are `weights.json`, written by `npm run train` from the dev labels.
 */

import type { SourceKind } from '../../../ingest/envelope.ts';
import { escapeRegExp } from '../mentions.ts';
import type { Unit } from '../sentences.ts';
import { featuresOf, leadingName, type UnitContext } from './features.ts';
import { type LinearModel, probabilities } from './logreg.ts';
import { analyse } from './nlp.ts';
import { atInlineLabels, atVoiceBreaks, withSpeakers } from './speakers.ts';

export const SENTENCE_CLASSES = ['task', 'decision', 'fact', 'none'] as const;
export type SentenceClass = (typeof SENTENCE_CLASSES)[number];
export const OWNER_CLASSES = ['speaker', 'addressee', 'named', 'nobody'] as const;
export type OwnerClass = (typeof OWNER_CLASSES)[number];

export interface OfflineModel {
  version: 1;
  /** What the weights were trained on, so a reader of the JSON knows its provenance. */
  trained_on: string;
  sentence: LinearModel;
  owner: LinearModel;
  /** Least probability for a unit to be kept as that kind; chosen by cross-validation, never on held-out data. */
  thresholds: Record<Exclude<SentenceClass, 'none'>, number>;
}

export interface PreparedUnit {
  unit: Unit;
  features: string[];
  ownerFeatures: string[];
}

function firstNameOf(name: string): string {
  return name.split(/\s+/)[0]?.toLowerCase() ?? '';
}

/**
 * Features for every unit of one source; `people` are the participants' display names (the owner as `Myself`).
 * Transcript units whose labels hid the speaker get it back first (see speakers.ts).
 */
export function prepareUnits(
  read: Unit[],
  kind: SourceKind,
  people: string[],
  ownerFirst: string | null,
): PreparedUnit[] {
  const units = atInlineLabels(
    atVoiceBreaks(withSpeakers(read, kind, people, ownerFirst), kind),
    kind,
    people,
    ownerFirst,
  );
  const firstNames = new Set(people.filter((p) => p !== 'Myself').map(firstNameOf));
  if (ownerFirst) firstNames.add(ownerFirst);
  const lastIndex = units.reduce((m, u) => Math.max(m, u.index), -1);
  return units.map((unit, i) => {
    const ctx: UnitContext = {
      kind,
      prev: units[i - 1] ?? null,
      next: units[i + 1] ?? null,
      lastIndex,
      firstNames,
      rel: units.length > 1 ? i / (units.length - 1) : 0,
      units: units.length,
    };
    const features = featuresOf(unit, analyse(unit.text), ctx);
    return { unit, features, ownerFeatures: [...features, ...ownerCues(unit, firstNames, ownerFirst)] };
  });
}

/** Who a sentence names, relative to who says it: the owner model's extra evidence. */
function ownerCues(u: Unit, firstNames: Set<string>, ownerFirst: string | null): string[] {
  const out: string[] = [];
  const lower = u.text.toLowerCase();
  const named = [...firstNames].filter((n) => new RegExp(`\\b${escapeRegExp(n)}\\b`).test(lower));
  const speakerFirst = u.speaker === 'Myself' ? ownerFirst : u.speaker ? firstNameOf(u.speaker) : null;
  if (named.some((n) => n !== speakerFirst)) out.push('own:names-other');
  if (named.length === 0) out.push('own:names-none');
  if (leadingName(u.text, firstNames)) out.push('own:vocative');
  if (u.audience.length === 1) out.push('own:one-listener');
  if (u.speaker === null) out.push('own:no-speaker');
  return out;
}

export interface Classified extends PreparedUnit {
  /** Probability per sentence class, in SENTENCE_CLASSES order. */
  p: Record<SentenceClass, number>;
}

export function classify(model: OfflineModel, prepared: PreparedUnit[]): Classified[] {
  return prepared.map((x) => {
    const probs = probabilities(model.sentence, x.features);
    const p = Object.fromEntries(model.sentence.classes.map((c, i) => [c, probs[i] ?? 0])) as Record<
      SentenceClass,
      number
    >;
    return { ...x, p };
  });
}

export function ownerClass(model: OfflineModel, x: PreparedUnit): OwnerClass {
  const probs = probabilities(model.owner, x.ownerFeatures);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if ((probs[i] as number) > (probs[best] as number)) best = i;
  return model.owner.classes[best] as OwnerClass;
}
