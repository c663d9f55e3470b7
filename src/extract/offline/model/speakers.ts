/**
 * Who speaks, where the transcript's labels hide it. Two shapes of real calls lose every speaker before the model
 * sees them: a device label that carries the person's name glued to the text (`Jabra Speak 710 : Jason ValleryYeah.`),
 * and a 1:1 whose other side is a device or `Remote`. A task's owner is mostly who said it, so the units get their
 * speaker back here; the ingest keeps the turns as the file wrote them.
 */

import type { SourceKind } from '../../../ingest/envelope.ts';
import { normalisePersonName } from '../../../ingest/names.ts';
import { OWNER } from '../../participants.ts';
import type { Unit } from '../sentences.ts';

/** Two or three capitalised words glued (no space) to the turn's first word, a bracket or a dash. */
const GLUED_NAME = /^([A-Z][a-z'’]+(?: [A-Z][a-z'’]+){1,2})(?=[A-Z0-9"“'‘(\-–—]|\.\.\.)/;

function firstOf(name: string): string {
  return name.split(/\s+/)[0]?.toLowerCase() ?? '';
}

/** The person a glued name means: the owner, a participant with that first name, else the name as written. */
function personFor(name: string, people: string[], ownerFirst: string | null): string {
  const first = firstOf(name);
  if (first === ownerFirst) return OWNER;
  return people.find((p) => p !== OWNER && firstOf(p) === first) ?? name;
}

/**
 * Units with their speakers restored: a turn with no speaker whose text opens with a glued name is that person's
 * (the name leaves the text); then, when the owner speaks and the call has one other participant, the turns still
 * without a speaker are that participant's. Units of other kinds, and units that have a speaker, are returned as
 * they are.
 */
export function withSpeakers(units: Unit[], kind: SourceKind, people: string[], ownerFirst: string | null): Unit[] {
  if (kind !== 'transcript' || !units.some((u) => u.speaker === null)) return units;
  const byTurn = new Map<number, string>();
  const glued = new Map<Unit, string>();
  for (const u of units) {
    if (u.speaker !== null || u.position !== 0) continue;
    const m = GLUED_NAME.exec(u.text);
    if (!m?.[1]) continue;
    byTurn.set(u.index, personFor(m[1], people, ownerFirst));
    glued.set(u, m[1]);
  }
  const speakers = new Set<string>();
  for (const u of units) {
    const s = u.speaker ?? byTurn.get(u.index);
    if (s) speakers.add(s);
  }
  const others = people.filter((p) => p !== OWNER);
  const otherSide = speakers.has(OWNER) && others.length === 1 ? (others[0] as string) : null;
  if (otherSide) speakers.add(otherSide);
  if (byTurn.size === 0 && !otherSide) return units;
  return units.map((u) => {
    if (u.speaker !== null) return u;
    const speaker = byTurn.get(u.index) ?? otherSide;
    if (!speaker) return u;
    const name = glued.get(u);
    const text = name ? u.text.slice(name.length).replace(/^\s*[-–—:]?\s*/, '') : u.text;
    return { ...u, text: text || u.text, speaker, audience: [...speakers].filter((s) => s !== speaker) };
  });
}

/**
 * Where a transcriber marked another voice inside one line: "… to Tableau. - Yeah, makes sense" or "… a ping. >> Hey,
 * for Jason". The sentence splitter keeps these together (a dash or chevron does not open a sentence), so a
 * commitment and the next person's reply would be read as one unit.
 */
const VOICE_BREAK = /(?<=[.!?,])\s+-\s+(?=\S)|\s+>>\s+/g;

/** Transcript units cut where the transcriber marked another voice; positions renumbered within each turn. */
export function atVoiceBreaks(units: Unit[], kind: SourceKind): Unit[] {
  if (kind !== 'transcript') return units;
  const out: Unit[] = [];
  const nextPosition = new Map<number, number>();
  for (const u of units) {
    const parts = u.text
      .split(VOICE_BREAK)
      .map((p) => p.trim())
      .filter(Boolean);
    for (const text of parts.length > 0 ? parts : [u.text]) {
      const position = nextPosition.get(u.index) ?? 0;
      nextPosition.set(u.index, position + 1);
      out.push(parts.length === 1 && position === u.position ? u : { ...u, text, position });
    }
  }
  return out;
}

/** A speaker label the transcriber wrote inside the text, in capitals: "DIRECTOR HAMPSON: I'll share some info". */
const INLINE_LABEL = /^([A-Z][A-Z'’-]+\.?(?: [A-Z][A-Z'’-]+){1,2}):\s+(?=\S)/;

/**
 * Transcript units without a speaker that open on a capitalised label ("DIRECTOR HAMPSON: …") are that person's,
 * the label taken out of the text. Run after atVoiceBreaks: the label usually follows a voice break (">> DIRECTOR…").
 */
export function atInlineLabels(units: Unit[], kind: SourceKind, people: string[], ownerFirst: string | null): Unit[] {
  if (kind !== 'transcript') return units;
  return units.map((u) => {
    const m = u.speaker === null ? INLINE_LABEL.exec(u.text) : null;
    if (!m?.[1]) return u;
    // The label as the participants list files a name: "DIRECTOR HAMPSON" is Hampson, "MARY O'BRIEN" Mary O'Brien.
    const speaker = personFor(normalisePersonName(m[1]), people, ownerFirst);
    const audience = [...new Set([...u.audience, ...people])].filter((p) => p !== speaker);
    return { ...u, text: u.text.slice(m[0].length), speaker, audience };
  });
}
