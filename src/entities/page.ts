/**
 * The entity page (README.md in the entity's folder), rendered as a pure function of the entity, the set of
 * contributions and the existing page: contributions are sorted canonically and facts clustered in that order,
 * so the same sources in any order give byte-identical pages. Distill owns the sections below and the frontmatter
 * keys it sets; every other section, and every line a user adds inside an owned section, is kept.
 */

import YAML from 'yaml';
import type { Config } from '../vault/config.ts';
import { mdHeading, mdInline, mdLinkTarget, mdLinkText } from '../vault/escape.ts';
import { listSections, readFrontmatter, splitNote } from '../vault/markdown.ts';
import type { SectionPatch } from '../vault/patch.ts';
import type { Entity, EntityKind } from './entity.ts';

const kindOfId = (id: string): EntityKind => (id.split(':')[0] as EntityKind) ?? 'person';

import { clusterItems, displayOrder, parseBullet, renderFactBullet, type SourcedItem } from './facts.ts';
import { foldName } from './names.ts';
import { folderFor, uniqueSorted } from './registry.ts';
import type { EntityContribution, EntityState } from './state.ts';

export const OWNED_SECTIONS = [
  'Profile',
  'Key Facts',
  'Timeline',
  'Open Tasks',
  'Decisions',
  'Topics',
  'Related',
] as const;
/** Sections whose bullets become a legacy contribution when a pre-existing page is first taken over. */
const IMPORTED = ['Key Facts', 'Decisions', 'Topics'] as const;
const LEGACY_ID = 'legacy:page';
const TAGS_KEY = 'frontmatter.tags';
const PLACEHOLDER = '%% distill %%';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedContributions(state: EntityState): EntityContribution[] {
  return Object.values(state.contributions).sort(
    (a, b) => cmp(a.date ?? '', b.date ?? '') || cmp(a.source_id, b.source_id),
  );
}

function bullets(body: string | null): string[] {
  return (body ?? '').split('\n').filter((l) => /^\s*[-*+]\s+\S/.test(l));
}

/** Bullets a page had before Distill managed it: kept as content (deduplicated like any other), not as user lines. */
/** Level-2 section bodies by lower-cased heading, from one parse of the page. */
function sectionMap(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of listSections(text)) {
    const key = s.heading.toLowerCase();
    if (s.depth === 2 && !m.has(key)) m.set(key, text.slice(s.bodyStart, s.end));
  }
  return m;
}

export function importLegacy(
  entity: Entity,
  existing: string,
  sourceId = LEGACY_ID,
  sections: Map<string, string> = sectionMap(existing),
): EntityContribution | null {
  const item = (line: string): { text: string; date: string | null; note: string | null }[] => {
    const b = parseBullet(line);
    if (!b) return [];
    if (b.sources.length === 0) return [{ text: b.text, date: null, note: null }];
    return b.sources.map((s) => ({ text: b.text, date: s.date, note: s.note }));
  };
  const facts = bullets(sections.get('key facts') ?? null).flatMap(item);
  const decisions = bullets(sections.get('decisions') ?? null).flatMap(item);
  const topics = bullets(sections.get('topics') ?? null)
    .map((l) => parseBullet(l)?.text ?? '')
    .filter((t) => t !== '');
  if (facts.length + decisions.length + topics.length === 0) return null;
  return {
    entity_id: entity.id,
    source_id: sourceId,
    date: null,
    note: null,
    title: '',
    gist: '',
    facts,
    decisions,
    topics,
    related: [],
    emails: [],
    role: null,
    organisation: null,
    names: [],
    review: [],
    legacy: true,
  };
}

function items(
  cs: EntityContribution[],
  pick: (c: EntityContribution) => { text: string; date: string | null; note?: string | null }[],
): SourcedItem[] {
  return cs.flatMap((c) =>
    pick(c).map((f) => ({
      // Escaped here, before clustering, so a fact read back from the page is the same text again.
      text: mdInline(f.text),
      date: f.date,
      source_id: c.source_id,
      note: f.note !== undefined ? f.note : c.note,
    })),
  );
}

export function timelineLine(c: EntityContribution): string {
  const title = mdLinkText(c.title) || mdLinkText(c.note!.split('/').pop()!);
  return `- ${c.date ?? 'undated'} [[${mdLinkTarget(c.note!)}|${title}]]: ${mdInline(c.gist)}`;
}

function tasksQuery(entity: Entity, names: string[]): string {
  const who = entity.kind === 'person' ? names.map((n) => `@${n}`) : names;
  // A name with a bracket, quote, backtick or line break would change the query (or end its code block).
  const usable = uniqueSorted(who.filter((n) => !/[()"`\r\n\u2028\u2029]/.test(n)));
  const filter =
    usable.length === 1
      ? `description includes ${usable[0]}`
      : usable.map((n) => `(description includes ${n})`).join(' OR ');
  return ['```tasks', 'not done', filter, 'sort by due', '```'].join('\n');
}

function profile(
  entity: Entity,
  emails: string[],
  domains: string[],
  organisation: string | null,
  role: string | null,
): string {
  const lines: string[] = [];
  if (entity.owner) lines.push('- Vault owner');
  if (role) lines.push(`- Role: ${mdInline(role)}`);
  if (organisation) lines.push(`- Organisation: ${mdInline(organisation)}`);
  if (emails.length) lines.push(`- Email: ${mdInline(emails.join(', '))}`);
  if (domains.length) lines.push(`- Domains: ${mdInline(domains.join(', '))}`);
  return lines.join('\n');
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

function frontmatterEditable(text: string): boolean {
  const { frontmatter } = splitNote(text);
  return frontmatter === null || YAML.parseDocument(frontmatter).errors.length === 0;
}

function frontmatterPatches(
  existing: string | null,
  fm: Record<string, unknown>,
  values: Record<string, unknown>,
  patches: SectionPatch[],
): void {
  // New keys are appended after existing ones; keys of ours that would then sit before a key added now are
  // re-added behind it, so the final key order does not depend on which source brought which key first.
  const present = existing ? Object.keys(fm) : ['type'];
  const order = Object.keys(values);
  const firstMissing = order.findIndex((k) => !present.includes(k));
  if (firstMissing !== -1) {
    const move = order.slice(firstMissing + 1).filter((k) => present.includes(k));
    if (move.length)
      patches.push({ kind: 'upsert_frontmatter', values: Object.fromEntries(move.map((k) => [k, null])) });
  }
  patches.push({ kind: 'upsert_frontmatter', values });
}

export function skeleton(entity: Entity): string {
  const sections = OWNED_SECTIONS.map((h) => `## ${h}\n`).join('\n');
  return `---\ntype: ${entity.kind}\n---\n# ${mdHeading(entity.name)}\n\n${sections}`;
}

/** The latest non-null value of a field across contributions (ties by source id): canonical, order-free. */
function latest(cs: EntityContribution[], pick: (c: EntityContribution) => string | null): string | null {
  let best: EntityContribution | null = null;
  for (const c of cs) if (pick(c) && (!best || cmp(c.date ?? '', best.date ?? '') >= 0)) best = c;
  return best ? pick(best) : null;
}

export function renderEntityPage(
  entity: Entity,
  state: EntityState,
  existing: string | null,
  config: Config,
): { patches: SectionPatch[]; skeleton: string; state: EntityState } {
  let contributions = { ...state.contributions };
  const firstTakeover = existing !== null && Object.keys(state.generated).length === 0;
  const previous: Record<string, string> = { ...state.generated };
  const sections = existing === null ? new Map<string, string>() : sectionMap(existing);
  if (firstTakeover && existing !== null && !contributions[LEGACY_ID]) {
    const legacy = importLegacy(entity, existing, LEGACY_ID, sections);
    if (legacy) {
      contributions = { ...contributions, [LEGACY_ID]: legacy };
      // The imported bullets now live in the legacy contribution; treating them as generated lets dedup apply.
      for (const h of IMPORTED) previous[h] = sections.get(h.toLowerCase()) ?? '';
    }
  }
  const cs = sortedContributions({ ...state, contributions });
  const sourced = cs.filter((c) => !c.legacy && c.note);
  const fm = existing ? readFrontmatter(existing) : {};

  const factClusters = clusterItems(items(cs, (c) => c.facts)).sort(displayOrder);
  const decisionClusters = clusterItems(
    items(cs, (c) => c.decisions),
    false,
  ).sort(displayOrder);
  const needsReview =
    factClusters.some((c) => c.supersededOn !== null || c.conflict) || cs.some((c) => c.review.length > 0);

  const timeline = [...sourced]
    .sort((a, b) => {
      if (a.date !== b.date) return a.date === null ? 1 : b.date === null ? -1 : cmp(b.date, a.date);
      return cmp(a.source_id, b.source_id);
    })
    .map(timelineLine);

  const topicsByKey = new Map<string, string>();
  for (const c of cs) for (const t of c.topics) if (!topicsByKey.has(foldName(t))) topicsByKey.set(foldName(t), t);
  const topics = [...topicsByKey.entries()].sort((a, b) => cmp(a[0], b[0])).map(([, t]) => `- ${mdInline(t)}`);

  // Links name the page by path: Obsidian resolves `[[People/X/README|X]]`, not `[[X]]`, to a folder's README.
  const relatedNames = new Map<string, string>();
  for (const c of cs) for (const r of c.related) if (r.id !== entity.id) relatedNames.set(r.id, r.name);
  const related = [...relatedNames.entries()]
    .filter(([, n]) => n !== entity.name)
    .map(([id, n]) => ({ n, target: `${folderFor(kindOfId(id), n, config)}/README` }))
    .sort((a, b) => cmp(a.n, b.n) || cmp(a.target, b.target))
    .map(({ n, target }) => `- [[${mdLinkTarget(target)}|${mdLinkText(n)}]]`);

  const aliases = uniqueSorted(
    [...entity.aliases, ...cs.flatMap((c) => c.names), ...stringList(fm.aliases)].filter((a) => a !== entity.name),
  );
  const emails = uniqueSorted([...entity.emails, ...cs.flatMap((c) => c.emails)].map((e) => e.toLowerCase()));
  const domains =
    entity.kind === 'account' ? uniqueSorted([...entity.domains, ...cs.flatMap((c) => c.domains ?? [])]) : [];
  const organisation = entity.organisation ?? latest(cs, (c) => c.organisation);
  const role = entity.role ?? latest(cs, (c) => c.role);
  const dates = cs.map((c) => c.date).filter((d): d is string => d !== null);
  const existingLast =
    typeof fm.last_contact === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(fm.last_contact) ? fm.last_contact : null;
  const lastContact = [...dates, ...(existingLast ? [existingLast] : [])].sort().pop() ?? null;

  const ours = [`distill/${entity.kind}`, ...(needsReview ? ['needs-review'] : [])];
  const weAddedBefore = new Set<string>(
    state.generated[TAGS_KEY] ? (JSON.parse(state.generated[TAGS_KEY]) as string[]) : [],
  );
  const userTags = stringList(fm.tags).filter((t) => !weAddedBefore.has(t) || ours.includes(t));
  const tags = uniqueSorted([...userTags, ...ours]);

  const values: Record<string, unknown> = { type: entity.kind, name: entity.name, aliases };
  if (emails.length) values.emails = emails;
  if (organisation) values.organisation = organisation;
  if (role) values.role = role;
  if (lastContact) values.last_contact = lastContact;
  values.tags = tags;

  const names = [entity.name, ...aliases.filter((a) => a.split(/\s+/).length > 1), ...(entity.owner ? ['Myself'] : [])];
  const bodies: Record<(typeof OWNED_SECTIONS)[number], string> = {
    Profile: profile(entity, emails, domains, organisation, role),
    'Key Facts': factClusters.map(renderFactBullet).join('\n'),
    Timeline: timeline.join('\n'),
    'Open Tasks': tasksQuery(entity, names),
    Decisions: decisionClusters.map(renderFactBullet).join('\n'),
    Topics: topics.join('\n'),
    Related: related.join('\n'),
  };
  const patches: SectionPatch[] = [];
  // A hand-broken frontmatter is left exactly as it is (rewriting it could lose what the user meant); the
  // sections are still brought up to date.
  if (existing === null || frontmatterEditable(existing)) frontmatterPatches(existing, fm, values, patches);
  const generated: Record<string, string> = {};
  for (const h of OWNED_SECTIONS) {
    const body = bodies[h];
    const prev = previous[h];
    if (existing !== null && body === '' && !sections.has(h.toLowerCase())) {
      // An empty body does not create a missing section; creating it now (then emptying it) keeps the section
      // order of a taken-over page the same whichever source happened to fill it first.
      patches.push({ kind: 'replace_section', heading: h, body: PLACEHOLDER });
      patches.push({ kind: 'replace_section', heading: h, body: '', previous: PLACEHOLDER });
      generated[h] = body;
      continue;
    }
    patches.push(
      prev !== undefined
        ? { kind: 'replace_section', heading: h, body, previous: prev }
        : { kind: 'replace_section', heading: h, body },
    );
    generated[h] = body;
  }
  generated[TAGS_KEY] = JSON.stringify(ours.filter((t) => !stringList(fm.tags).includes(t) || weAddedBefore.has(t)));
  const nextEntity: Entity = {
    ...entity,
    aliases: aliases.filter((a) => a !== 'Myself' || entity.owner),
    emails,
    domains: entity.kind === 'account' ? domains : entity.domains,
  };
  return { patches, skeleton: skeleton(entity), state: { entity: nextEntity, contributions, generated } };
}
