/**
 * Facts: statements that carry something a reader looks up later: numbers, amounts, percentages, dates, versions,
 * roles, named organisations. Questions, greetings and chatter are skipped; a chatty call keeps only its best few.
 */
import { isNearDuplicate } from '../fact-identity.ts';
import type { Fact } from '../schema.ts';
import { mentionedDate } from './due-dates.ts';
import type { Unit } from './sentences.ts';
import { CONDITIONAL, fillerCount, HEDGED, withoutOpener } from './spoken.ts';

const AMOUNT =
  /[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:k|m|mm|bn|b|million|billion|thousand|%|percent|pb|tb|tib|gb|gib|pib|iops|gbps|tbps|ms|us|nodes?|gpus?|cores?|racks?|x)\b/i;
const NUMBER = /\b\d+(?:[.,]\d+)*\b/;
const DATE_WORD =
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?|q[1-4]|fy\d{2,4}|20\d\d|monday|tuesday|wednesday|thursday|friday)\b/i;
const ROLE =
  /\b(ceo|cto|cfo|coo|vp|svp|evp|director|manager|head of|chief|lead|architect|engineer|founder|president|owner|pm|product manager|account executive|reports to|joined|hired|promoted|left)\b/i;
const CHATTER = /^(hi|hey|hello|thanks|thank you|yeah|yes|no|ok|okay|right|sure|great|cool|um|uh|so yeah)\b[\s,.!]*$/i;

export interface FactContext {
  /** Names (people, organisations) a fact can be about, longest first so "VAST Data" wins over "VAST". */
  subjects: string[];
  sourceDate: string | null;
  /** Least score kept: short sources keep plainer statements than a chatty call. */
  minScore: number;
  /**
   * Transcribed speech: hedges, conditions and lines that start mid-sentence count against a sentence. Written mail
   * states conditions on purpose ("If SEDs are used to meet FIPS 140-3, …") and CRM fields start lower-case.
   */
  spoken: boolean;
}

function score(text: string, subjects: string[], spoken: boolean): { score: number; about: string | null } {
  let s = 0;
  if (AMOUNT.test(text)) s += 2;
  else if (NUMBER.test(text)) s += 1;
  if (DATE_WORD.test(text)) s += 1;
  if (ROLE.test(text)) s += 1;
  const lower = text.toLowerCase();
  const about =
    subjects.find((n) => new RegExp(`\\b${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(lower)) ??
    null;
  if (about) s += 1;
  // A proper noun inside the sentence (a place, product or company) makes it referable.
  if (/\s[A-Z][a-zA-Z]{2,}/.test(text.slice(1))) s += 0.5;
  s -= fillerCount(text) * 0.5;
  if (spoken) {
    // "If we get a no…", "I think maybe…": a condition or a guess is not something to look up later.
    if (HEDGED.test(text)) s -= 1.5;
    // A line that starts mid-sentence ("feel like we won't…") lost its subject to the transcriber.
    if (/^[a-z]/.test(text)) s -= 1;
  }
  return { score: s, about };
}

export function extractFacts(units: Unit[], ctx: FactContext, max: number): Fact[] {
  const scored: { fact: Fact; score: number; order: number }[] = [];
  const seen = new Set<string>();
  units.forEach((u, order) => {
    const text = u.text.replace(/\s+/g, ' ').trim();
    const words = text.split(' ').length;
    if (words < 6 || words > 60) return;
    if (/\?\s*$/.test(text) || CHATTER.test(text)) return;
    // Said in a call, "If we get 3 PB in January, we win" is a hypothesis, not something to look up later.
    if (ctx.spoken && CONDITIONAL.test(text)) return;
    if (/^(on .* wrote:|from:|sent:|to:|cc:|subject:)/i.test(text) || /https?:\/\/\S+$/.test(text)) return;
    const { score: s, about } = score(text, ctx.subjects, ctx.spoken);
    if (s < ctx.minScore) return;
    const key = text.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const date = mentionedDate(text, u.ref) ?? ctx.sourceDate;
    scored.push({ fact: { text: withoutOpener(text), about, evidence: u.text, date }, score: s, order });
  });
  // Best first; a near-repeat of a fact already kept (a channel echo, a restatement) is left out, by the same rule
  // the entity pages use, so "2 PB" and "3 PB" stay two facts.
  const kept: { fact: Fact; order: number }[] = [];
  for (const c of scored.sort((a, b) => b.score - a.score || a.order - b.order)) {
    if (kept.some((k) => isNearDuplicate(k.fact.text, c.fact.text))) continue;
    kept.push(c);
    if (kept.length >= max) break;
  }
  return kept.sort((a, b) => a.order - b.order).map((x) => x.fact);
}
