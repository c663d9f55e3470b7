/**
 * Training examples from gold labels: each gold task, decision and fact names the unit its evidence quote is in
 * (the best-overlapping one, by the scorer's own rule), and a task's owner names one of the owner classes relative to
 * that unit. Units that overlap an evidence quote but are not its best unit are left out of training: they are
 * neither clearly the item nor clearly not.
 */

import { contentTokens } from '../../../core/text.ts';
import { escapeRegExp } from '../mentions.ts';
import type { Unit } from '../sentences.ts';
import type { Example } from './logreg.ts';
import type { OwnerClass, PreparedUnit, SentenceClass } from './sentence-model.ts';

export interface GoldItems {
  tasks: { owner: string | null; evidence: string }[];
  decisions: { evidence: string }[];
  facts: { evidence: string }[];
}

/** The scorer's evidence rule: shared content words >= 0.6 of the smaller set, and at least 3 of them. */
export function evidenceOverlap(a: string[], b: string[]): number {
  const A = new Set(a);
  const B = new Set(b);
  let shared = 0;
  for (const x of A) if (B.has(x)) shared++;
  if (shared < 3) return 0;
  return shared / Math.min(A.size, B.size);
}

export const EVIDENCE_MATCH = 0.6;

function nameKey(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[^a-z\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Whose task, relative to the unit: the speaker, someone the unit addresses, someone it names, or nobody.
 * `ownerNames`: the vault owner's full name first, then aliases.
 */
export function ownerClassOf(owner: string | null, u: Unit, ownerNames: string[]): OwnerClass | null {
  if (!owner || owner === 'TBD') return 'nobody';
  const isOwner = ownerNames.some((n) => n.toLowerCase() === owner.toLowerCase());
  const same = (name: string | null) => {
    if (!name) return false;
    if (name === 'Myself') return isOwner;
    const [f1, ...r1] = nameKey(name);
    const [f2, ...r2] = nameKey(owner);
    return f1 === f2 && (r1.length === 0 || r2.length === 0 || r1.at(-1) === r2.at(-1));
  };
  if (same(u.speaker)) return 'speaker';
  const first = isOwner ? nameKey(ownerNames[0] ?? owner)[0] : nameKey(owner)[0];
  if (first && new RegExp(`\\b${escapeRegExp(first)}\\b`, 'i').test(u.text)) return 'named';
  if (u.audience.some(same)) return 'addressee';
  return null;
}

export interface LabelledSource {
  prepared: PreparedUnit[];
  gold: GoldItems;
}

/** One example per unit for the sentence model, one per task unit with a known owner class for the owner model. */
export function examplesOf(src: LabelledSource, ownerNames: string[]): { sentence: Example[]; owner: Example[] } {
  const tokens = src.prepared.map((p) => contentTokens(p.unit.text));
  const label: (SentenceClass | 'skip')[] = src.prepared.map(() => 'none');
  const owners = new Map<number, OwnerClass>();
  const kinds: [Exclude<SentenceClass, 'none'>, { evidence: string; owner?: string | null }[]][] = [
    ['fact', src.gold.facts],
    ['decision', src.gold.decisions],
    ['task', src.gold.tasks],
  ];
  // Facts first so a unit that is both a fact and a task ends up a task: the later kind wins.
  for (const [kind, items] of kinds) {
    for (const item of items) {
      const ev = contentTokens(item.evidence);
      let best = -1;
      let bestScore = 0;
      tokens.forEach((t, i) => {
        const overlap = evidenceOverlap(ev, t);
        if (overlap >= EVIDENCE_MATCH && label[i] === 'none') label[i] = 'skip';
        // Of two units that hold the quote equally, the one holding more of its words is where it was said.
        const s = overlap + Math.min(t.length, ev.length) / 1000;
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      });
      if (best < 0 || bestScore < EVIDENCE_MATCH) continue;
      label[best] = kind;
      if (kind === 'task') {
        const unit = src.prepared[best]?.unit;
        const oc = unit ? ownerClassOf(item.owner ?? null, unit, ownerNames) : null;
        if (oc) owners.set(best, oc);
      }
    }
  }
  const sentence: Example[] = [];
  const owner: Example[] = [];
  src.prepared.forEach((p, i) => {
    const l = label[i];
    if (l === undefined || l === 'skip') return;
    sentence.push({ features: p.features, label: l });
    const oc = owners.get(i);
    if (l === 'task' && oc) owner.push({ features: p.ownerFeatures, label: oc });
  });
  return { sentence, owner };
}
