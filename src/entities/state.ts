/**
 * Per-entity state in `.distill/entities/`: every source's contribution, keyed by source id, and what Distill last
 * wrote in each section it owns. The page is rendered from the set of contributions, so processing a source twice
 * replaces its contribution instead of adding a second one, and any processing order gives the same page.
 */
import { jsonMemberLines, narrowJson } from '../vault/json-text.ts';
import type { Entity } from './entity.ts';

export interface ContributedFact {
  text: string;
  date: string | null;
  /** Imported bullets keep the note they cited; otherwise the contribution's note is the source. */
  note?: string | null;
}

export interface ContributedItem {
  text: string;
  date: string | null;
  note?: string | null;
}

export interface EntityContribution {
  entity_id: string;
  source_id: string;
  /** YYYY-MM-DD of the source, null when unknown (and for imported page content). */
  date: string | null;
  /** Vault-relative path of the source note without `.md` (the wikilink target); null for imported content. */
  note: string | null;
  title: string;
  /** One complete line (never cut mid-word, no trailing ellipsis). */
  gist: string;
  facts: ContributedFact[];
  decisions: ContributedItem[];
  topics: string[];
  related: { id: string; name: string }[];
  emails: string[];
  /** Accounts: the email domains through which this source reached the account. */
  domains?: string[];
  role: string | null;
  organisation: string | null;
  /** Spellings of this entity's name seen in the source (become frontmatter aliases). */
  names: string[];
  /** Reasons the page needs a human look (e.g. an undated source). */
  review: string[];
  /** Content imported from a page that existed before Distill managed it. */
  legacy?: boolean;
}

export interface EntityState {
  entity: Entity;
  contributions: Record<string, EntityContribution>;
  /** Section heading -> body Distill last wrote there (tells user lines from generated ones); `frontmatter.tags` too. */
  generated: Record<string, string>;
  /** Set on the state left behind by a merge or rename: the entity now lives under this id. */
  merged_into?: string;
}

export function entityStatePath(id: string): string {
  return `.distill/entities/${id.replace(/:/g, '__')}.json`;
}

export function emptyState(entity: Entity): EntityState {
  return { entity, contributions: {}, generated: {} };
}

export function withContribution(state: EntityState, c: EntityContribution): EntityState {
  return { ...state, contributions: { ...state.contributions, [c.source_id]: c } };
}

/**
 * The state as written: each generated section as a list of its lines, one JSON line each, so a run that adds a
 * line to an account's long Timeline changes one line of the file, and its run record keeps that line (a line
 * patch), not the whole section twice. States written before this keep a string per section and read the same.
 */
function stateForDisk(state: EntityState): Omit<EntityState, 'generated'> & { generated: Record<string, string[]> } {
  return {
    ...state,
    generated: Object.fromEntries(Object.entries(state.generated).map(([k, v]) => [k, v.split('\n')])),
  };
}

/** `generated` as read from disk (a string per section, or a list of lines) as the strings the page code compares. */
function generatedFromDisk(g: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!g || typeof g !== 'object') return out;
  for (const [k, v] of Object.entries(g as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.every((l) => typeof l === 'string')) out[k] = v.join('\n');
  }
  return out;
}

/**
 * A contribution as written by `stateText`: without its ids (the key and the file say them) and without empty
 * values, which `contributionFromDisk` puts back. Most of a busy account's contributions are short.
 */
function contributionForDisk(c: EntityContribution, entityId: string, key: string): Partial<EntityContribution> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) {
    if ((k === 'entity_id' && v === entityId) || (k === 'source_id' && v === key)) continue;
    if (v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as Partial<EntityContribution>;
}

/** A contribution as read from disk, written whole or by `stateText`: every field there, ids from where it is. */
function contributionFromDisk(sourceId: string, entityId: string, raw: unknown): EntityContribution {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Partial<EntityContribution>;
  return {
    ...c,
    entity_id: c.entity_id ?? entityId,
    source_id: c.source_id ?? sourceId,
    date: c.date ?? null,
    note: c.note ?? null,
    title: c.title ?? '',
    gist: c.gist ?? '',
    facts: c.facts ?? [],
    decisions: c.decisions ?? [],
    topics: c.topics ?? [],
    related: c.related ?? [],
    emails: c.emails ?? [],
    role: c.role ?? null,
    organisation: c.organisation ?? null,
    names: c.names ?? [],
    review: c.review ?? [],
  };
}

/** Every contribution of a state read from disk, completed (see `contributionFromDisk`). */
function contributionsFromDisk(entityId: string, raw: unknown): Record<string, EntityContribution> {
  const out: Record<string, EntityContribution> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [id, c] of Object.entries(raw as Record<string, unknown>)) out[id] = contributionFromDisk(id, entityId, c);
  return out;
}

/**
 * The state as a run writes it: one line per contribution (a run that adds a source adds a line, and its run
 * record keeps that line), each without its ids and empty values, and each generated section as a list of its lines.
 * A third of the size of the state written one field per line, and a thirtieth of its lines: a batch of a large run
 * reads, writes and diffs the state of every busy account it names.
 */
export function stateText(state: EntityState): string {
  const disk = stateForDisk(state);
  const contributions = Object.entries(state.contributions).map(
    ([id, c]) => `${JSON.stringify(id)}: ${JSON.stringify(contributionForDisk(c, state.entity.id, id))}`,
  );
  const lines = [
    '{',
    ` "entity": ${JSON.stringify(state.entity)},`,
    ...jsonMemberLines(' ', 'contributions', '{}', contributions),
  ];
  const generated = JSON.stringify(disk.generated, null, 1).replace(/\n/g, '\n ');
  lines.push(` "generated": ${generated}${state.merged_into === undefined ? '' : ','}`);
  if (state.merged_into !== undefined) lines.push(` "merged_into": ${JSON.stringify(state.merged_into)}`);
  lines.push('}');
  return narrowJson(`${lines.join('\n')}\n`);
}

export function parseState(text: string, file: string): EntityState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const s = v as Partial<EntityState> | null;
  if (
    !s ||
    typeof s !== 'object' ||
    !s.entity ||
    typeof s.entity.id !== 'string' ||
    typeof s.contributions !== 'object'
  ) {
    throw new Error(`${file}: not an entity state (needs entity, contributions, generated)`);
  }
  const out: EntityState = {
    entity: s.entity,
    contributions: contributionsFromDisk(s.entity.id, s.contributions),
    generated: generatedFromDisk(s.generated),
  };
  if (typeof s.merged_into === 'string') out.merged_into = s.merged_into;
  return out;
}

/**
 * The entity (and `merged_into`) of a state file without parsing its contributions: the registry needs only these,
 * and a busy account's contributions are megabytes, read for every entity at the start of every batch. The other
 * top-level values are stepped over, not parsed; a file this reader does not follow is parsed whole, so it accepts
 * exactly what `parseState` accepts.
 */
export function stateEntity(text: string, file: string): Pick<EntityState, 'entity' | 'merged_into'> {
  const head = topLevelValues(text, ['entity', 'merged_into', 'contributions']);
  if (!head) {
    const st = parseState(text, file);
    return st.merged_into === undefined ? { entity: st.entity } : { entity: st.entity, merged_into: st.merged_into };
  }
  const entity = head.entity === undefined ? undefined : (JSON.parse(head.entity) as Entity | null);
  if (
    !entity ||
    typeof entity !== 'object' ||
    typeof entity.id !== 'string' ||
    !/^(\{|\[|null$)/.test(head.contributions ?? '')
  )
    throw new Error(`${file}: not an entity state (needs entity, contributions, generated)`);
  const merged = head.merged_into === undefined ? undefined : (JSON.parse(head.merged_into) as unknown);
  return typeof merged === 'string' ? { entity, merged_into: merged } : { entity };
}

/** The source text of the wanted top-level values of a JSON object, or null when the text is not one. */
function topLevelValues(text: string, wanted: string[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return null;
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return out;
  for (;;) {
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') return null;
    const start = skipSpace(text, i + 1);
    const end = valueEnd(text, start);
    if (end < 0) return null;
    if (wanted.includes(key)) out[key] = text.slice(start, end);
    i = skipSpace(text, end);
    if (text[i] === '}') return skipSpace(text, i + 1) === text.length ? out : null;
    if (text[i] !== ',') return null;
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** The index after the string that opens at `i` (its closing quote included), or -1. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return -1;
    let backslashes = 0;
    while (text[q - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The index after the JSON value that starts at `i`, or -1 (only its brackets and strings are checked). */
function valueEnd(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  if (text[i] !== '{' && text[i] !== '[') {
    let j = i;
    while (j < text.length && !',}] \n\r\t'.includes(text[j]!)) j++;
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      j = stringEnd(text, j) - 1;
      if (j < 0) return -1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}
