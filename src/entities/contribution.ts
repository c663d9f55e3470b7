/** What one source adds to each entity it touches: the timeline line, the facts about it, decisions, topics, links. */
import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { emailDomain, registeredDomain } from './accounts.ts';
import type { Entity } from './entity.ts';
import { displayPersonName, foldName, nameParts } from './names.ts';
import type { Registry } from './registry.ts';
import type { Resolution } from './resolve.ts';
import type { EntityContribution } from './state.ts';

const MAX_GIST = 220;

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isTruncated(s: string): boolean {
  return /(?:\.\.\.|…)\s*$/.test(s);
}

/**
 * A one-line gist: the summary's first sentence when it is short and complete, else the title. Never shortened
 * mid-sentence, so it never ends in "..." or half a word (the old system cut 27% of its timeline lines).
 */
export function oneLineGist(summary: string, title: string): string {
  const text = clean(summary);
  // "levels,." and "said:." are extraction artefacts: keep the sentence, drop the stray mark.
  const first = (text.split(/(?<=[.!?])\s+(?=["“(\p{Lu}\d])/u)[0] ?? '').replace(/\s*[,;:]+\s*([.!?])$/, '$1');
  // Only a sentence that visibly ends is used: a summary an extractor cut short has no closing mark.
  const ends = /[.!?)"”']$/.test(first);
  if (first !== '' && ends && first.length <= MAX_GIST && !isTruncated(first)) return first;
  const t = clean(title)
    .replace(/(?:\.\.\.|…)\s*$/, '')
    .trim();
  return t === '' ? 'Source note.' : t;
}

function mentionsName(text: string, e: Entity): boolean {
  const hay = ` ${foldName(text)} `;
  return [e.name, ...e.aliases].some((n) => {
    const k = foldName(n);
    return k.length > 2 && nameParts(n).tokens.length > 1 && hay.includes(` ${k} `);
  });
}

export function contributionsFor(
  ex: Extraction,
  env: SourceEnvelope,
  res: Resolution,
  notePath: string,
  reg: Registry,
): EntityContribution[] {
  const note = notePath.replace(/\.md$/, '');
  const byId = new Map(reg.byId);
  for (const e of res.newEntities) if (!byId.has(e.id)) byId.set(e.id, e);
  const gist = oneLineGist(ex.summary, ex.title);
  const date = ex.date ?? env.date;
  const emailsOf = new Map<string, Set<string>>();
  const addEmail = (name: string, email: string | null | undefined) => {
    const id = res.links[name];
    if (!id || !email) return;
    if (!emailsOf.has(id)) emailsOf.set(id, new Set());
    emailsOf.get(id)!.add(email.toLowerCase());
  };
  for (const p of env.participants) addEmail(p.name, p.email);
  for (const p of ex.participants) addEmail(p.name, p.email);
  for (const m of ex.mentions) addEmail(m.name, m.email);

  const out: EntityContribution[] = [];
  for (const id of res.touched) {
    const e = byId.get(id);
    if (!e) continue;
    const isOrg = e.kind !== 'person';
    const facts = ex.facts
      .filter((f) => f.about !== null && res.links[f.about] === id)
      .map((f) => ({ text: clean(f.text), date: f.date ?? date }));
    const decisions = ex.decisions
      .filter((d) => (isOrg && !e.owner) || mentionsName(d.text, e))
      .map((d) => ({ text: clean(d.text), date }));
    const topics = e.owner ? [] : [...new Set(ex.topics.map(clean).filter((t) => t !== ''))];
    const related = res.touched
      .filter((other) => other !== id && !(byId.get(other)?.owner && !e.owner))
      .map((other) => ({ id: other, name: byId.get(other)?.name ?? other }))
      .filter((r) => r.name !== '');
    const emails = [...(emailsOf.get(id) ?? [])].sort();
    let organisation: string | null = null;
    if (e.kind === 'person') {
      for (const email of emails) {
        const d = emailDomain(email);
        const acct = d ? res.domains[registeredDomain(d)] : undefined;
        const name = acct ? byId.get(acct)?.name : undefined;
        if (name) {
          organisation = name;
          break;
        }
      }
    }
    const names = Object.entries(res.links)
      .filter(([raw, target]) => target === id && !raw.includes('@') && !/[()]/.test(raw))
      .map(([raw]) => (e.kind === 'person' ? displayPersonName(raw) : clean(raw)))
      // Single given names stay out of aliases: as an alias, "Jeff" would claim every future Jeff.
      .filter(
        (n) => n !== e.name && (e.kind !== 'person' || nameParts(n).tokens.length > 1) && foldName(n) !== 'myself',
      );
    const domains = Object.entries(res.domains)
      .filter(([, acct]) => acct === id)
      .map(([d]) => d)
      .sort();
    out.push({
      entity_id: id,
      source_id: ex.source_id,
      date,
      note,
      title: clean(ex.title),
      gist,
      facts,
      decisions,
      topics,
      related,
      emails,
      domains,
      role: null,
      organisation,
      names: [...new Set(names)].sort(),
      review: date ? [] : ['source has no date'],
    });
  }
  return out;
}
