/**
 * Resolution of every name in an extraction to an entity, a new-entity proposal, or nothing. Order: exact email,
 * owner names, exact name/alias, then name variants (nicknames, transliterations, typos) scored per name part.
 * Never by substring, never by a first initial plus surname, never across an organisation that contradicts, and
 * never a guess: two candidates within a small margin leave the name unlinked and reported as ambiguous.
 */

import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { ownerNames } from '../core/owner.ts';
import type { Extraction } from '../extract/schema.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { isGenericSpeaker } from '../ingest/generic-labels.ts';
import type { Config } from '../vault/config.ts';
import {
  accountNameForEmail,
  canonicalAccountName,
  emailDomain,
  isFreeMail,
  isOrganisationDomain,
  isPersonalDomain,
  registeredDomain,
} from './accounts.ts';
import type { Entity, EntityKind } from './entity.ts';
import { MentionHistory } from './evidence.ts';
import { displayPersonName, foldName, looksLikeFullName, nameFromEmail, nameParts } from './names.ts';
import { areNicknames, type NicknameTable, nicknameTable } from './nicknames.ts';
import { addEntities, entityKey, lookupKey, newEntity, type Registry } from './registry.ts';

export interface Resolution {
  /** Every participant, mention, fact `about` and task owner string -> entity id, or null (generic, TBD, unknown, ambiguous). */
  links: Record<string, string | null>;
  newEntities: Entity[];
  ambiguous: { name: string; candidates: string[] }[];
  /** Ids of the entities this source contributes to, sorted. */
  touched: string[];
  /** Participant email domains -> account id (accounts known only from an address). */
  domains: Record<string, string>;
}

/** Owner/task placeholders and collective words that never name an entity. */
const NON_NAMES = new Set(
  [
    'tbd',
    'tbc',
    'n/a',
    'na',
    'none',
    'unknown',
    'unassigned',
    'everyone',
    'all',
    'team',
    'the team',
    'we',
    'us',
    'they',
    'them',
    'others',
    'group',
    'attendees',
    'participants',
    'customer',
    'customers',
    'client',
    'clients',
    'partner',
    'partners',
    'vendor',
    'vendors',
    'company',
    'the company',
    'management',
    'leadership',
    'board',
    'staff',
    'engineering',
    'sales',
    'marketing',
    'legal',
    'finance',
    'product',
    'ops',
    'operations',
    'hr',
    'it',
    'support',
    'ai',
    'ml',
    'cloud',
    'data',
    'storage',
    'infrastructure',
    'platform',
    'meeting',
    'call',
    'email',
  ].map((s) => foldName(s)),
);

export interface ResolveOptions {
  nicknames?: NicknameTable;
  /**
   * Which sources have named each not-yet-known name (shared by every source of a run). Without it only this source
   * counts, so a name only mentioned gets a page only when `entities.min_sources` is 1.
   */
  mentions?: MentionHistory;
}

/** Creation rule of a resolution step: never, always (a participant), or once enough sources name it (a mention). */
type Creation = boolean | 'if-named-enough';

function isStopName(name: string, config: Config): boolean {
  const f = foldName(name);
  if (f === '' || NON_NAMES.has(f)) return true;
  return config.entities.stop_names.some((s) => foldName(s) === f);
}

/** A label that can never be an entity of any kind. */
export function isGenericLabel(name: string, config: Config): boolean {
  const trimmed = name.trim();
  if (trimmed === '' || isStopName(trimmed, config)) return true;
  if (/^[^\s@]+\.(?:us|com|app|net|org|io|exe|ai|co)$/i.test(trimmed)) return true; // zoom.us, Meet.app
  if (!/\p{L}/u.test(trimmed)) return true;
  return false;
}

function isGenericPerson(name: string, config: Config): boolean {
  return isGenericLabel(name, config) || (!name.includes('@') && isGenericSpeaker(name));
}

function phoneticallyEqual(a: string, b: string): boolean {
  const [a1, a2] = doubleMetaphone(a);
  const [b1, b2] = doubleMetaphone(b);
  return a1 === b1 || a1 === b2 || a2 === b1 || (a2 !== '' && a2 === b2);
}

/** Similarity of two family names, or 0 when they are not plausibly one name (typo, transliteration). */
function familyScore(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 5 || b.length < 5) return 0;
  const jw = jaroWinkler(a, b);
  if (jw >= 0.92) return jw;
  if (jw >= 0.84 && phoneticallyEqual(a, b)) return jw;
  return 0;
}

/**
 * A family name as speech-to-text writes it: sounds the same and is spelt loosely alike ("David Pollack" for David
 * Pawlak). Only for transcripts, and only with the very same given name.
 */
function heardFamilyScore(a: string, b: string): number {
  if (a.length < 4 || b.length < 4) return 0;
  const jw = jaroWinkler(a, b);
  const [a1] = doubleMetaphone(a);
  const [b1] = doubleMetaphone(b);
  return jw >= 0.75 && a1 !== '' && a1 === b1 ? jw * 0.95 : 0;
}

/**
 * A given name that speech-to-text split in two ("Malik Karjan" for Mallikarjun): the tokens run together sound
 * and are spelt like the candidate's given name.
 */
function splitGivenScore(tokens: string[], given: string): number {
  const joined = tokens.join('');
  if (tokens.length !== 2 || joined.length < 8 || given.length < 8) return 0;
  const jw = jaroWinkler(joined, given);
  return jw >= 0.9 && phoneticallyEqual(joined, given) ? jw * 0.95 : 0;
}

/** Similarity of two given names: exact, one nickname group, or a close spelling that sounds the same. */
function givenScore(a: string, b: string, table: NicknameTable): number {
  if (a.length < 2 || b.length < 2) return 0; // an initial is never enough
  if (a === b) return 1;
  if (areNicknames(table, a, b)) return 0.95;
  if (a.length < 4 || b.length < 4) return 0;
  const jw = jaroWinkler(a, b);
  return jw >= 0.9 && phoneticallyEqual(a, b) ? jw : 0;
}

function nonFreeDomains(emails: string[]): Set<string> {
  const out = new Set<string>();
  for (const e of emails) {
    const d = emailDomain(e);
    if (d && !isFreeMail(d)) out.add(registeredDomain(d));
  }
  return out;
}

/** The address or organisation we know for the mention says it is someone else. */
function contradicts(candidate: Entity, email: string | null, config: Config): boolean {
  if (!email) return false;
  const mine = nonFreeDomains([email]);
  if (mine.size === 0) return false;
  const theirs = nonFreeDomains(candidate.emails);
  if (theirs.size > 0 && ![...mine].some((d) => theirs.has(d))) return true;
  const org = accountNameForEmail(email, config);
  if (org && candidate.organisation && entityKey('account', org) !== entityKey('account', candidate.organisation))
    return true;
  return false;
}

/**
 * Could `alias` be another way of writing the person `name`: the same tokens in another order ("Berube Sebastien"),
 * a nickname or close spelling of both given and family name (Dave Pawlak / David Pawlak, Stephenson / Stefansson),
 * or the given or family name alone. "Jeff Denworth Why" (a word glued on by a transcript) is not.
 */
export function plausibleSpelling(alias: string, name: string, table: NicknameTable): boolean {
  const a = nameParts(alias);
  const n = nameParts(name);
  if (a.tokens.length === 0 || n.tokens.length === 0) return false;
  if (a.tokens.join(' ') === n.tokens.join(' ')) return true;
  if ([...a.tokens].sort().join(' ') === [...n.tokens].sort().join(' ')) return true;
  if (a.tokens.length === 1) {
    const t = a.tokens[0]!;
    return t === n.family || t === n.given || givenScore(t, n.given, table) > 0;
  }
  if (n.tokens.length === 1) return plausibleSpelling(name, alias, table);
  // every token of the alias must belong to the name: a middle name may be missing, never a word added
  const covered = a.tokens.every(
    (t) => n.tokens.includes(t) || givenScore(t, n.given, table) > 0 || familyScore(t, n.family) > 0,
  );
  return covered && familyScore(a.family, n.family) > 0 && givenScore(a.given, n.given, table) > 0;
}

/**
 * Could speech-to-text have written the person `b` as `a` (or the other way round): the same given name and a
 * family name that sounds the same (David Pollack / David Pawlak), or a given name split in two (Malik Karjan /
 * Mallikarjun Chadalapaka).
 */
export function soundsLike(a: string, b: string): boolean {
  const x = nameParts(a);
  const y = nameParts(b);
  if (x.tokens.length < 2 || y.tokens.length < 2) return false;
  if (x.given === y.given && x.family !== y.family && heardFamilyScore(x.family, y.family) > 0) return true;
  return splitGivenScore(x.tokens, y.given) > 0 || splitGivenScore(y.tokens, x.given) > 0;
}

const MARGIN = 0.03;

type Match = { id: string } | { ambiguous: string[] } | null;

/** Variant matching of a full name against every person (names and multi-token aliases). */
function fuzzyPerson(
  name: string,
  email: string | null,
  reg: Registry,
  config: Config,
  table: NicknameTable,
  heard = false,
): Match {
  const m = nameParts(name);
  if (m.tokens.length < 2 || m.given.length < 2 || m.tokens.join('').length < 7) return null;
  const scores = new Map<string, number>();
  for (const e of reg.entities) {
    if (e.kind !== 'person') continue;
    for (const n of [e.name, ...e.aliases]) {
      const c = nameParts(n);
      if (c.tokens.length < 2) continue;
      if (contradicts(e, email, config)) continue;
      const split = heard ? splitGivenScore(m.tokens, c.given) : 0;
      const fam =
        familyScore(m.family, c.family) || (heard && m.given === c.given ? heardFamilyScore(m.family, c.family) : 0);
      const giv = fam === 0 ? 0 : givenScore(m.given, c.given, table);
      if (giv === 0 && split === 0) continue;
      const s = Math.max(giv === 0 ? 0 : (fam + giv) / 2, split);
      if (s > (scores.get(e.id) ?? 0)) scores.set(e.id, s);
    }
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const [top, second] = ranked;
  if (!top) return null;
  if (second && top[1] - second[1] < MARGIN)
    return { ambiguous: ranked.filter((r) => top[1] - r[1] < MARGIN).map((r) => r[0]) };
  return { id: top[0] };
}

function exact(reg: Registry, kind: EntityKind, name: string): Match {
  const ids = lookupKey(reg, kind, name);
  if (ids.length === 1) return { id: ids[0]! };
  if (ids.length > 1) return { ambiguous: ids };
  return null;
}

class Resolver {
  reg: Registry;
  readonly links: Record<string, string | null> = {};
  readonly created: Entity[] = [];
  readonly ambiguous = new Map<string, string[]>();
  readonly domains: Record<string, string> = {};
  readonly touched = new Set<string>();
  readonly ownerKeys: Set<string>;
  readonly table: NicknameTable;
  readonly mentions: MentionHistory;

  constructor(
    reg: Registry,
    readonly config: Config,
    opts: ResolveOptions,
    readonly sourceId: string,
    /** A transcript: names were heard, so speech-to-text spellings may match (see heardFamilyScore). */
    readonly heard = false,
  ) {
    this.reg = reg;
    this.table = opts.nicknames ?? nicknameTable(config);
    this.mentions = opts.mentions ?? new MentionHistory();
    this.ownerKeys = new Set(ownerNames(config).map((n) => foldName(n)));
  }

  create(
    kind: EntityKind,
    name: string,
    extra: Partial<Pick<Entity, 'emails' | 'organisation' | 'domains'>> = {},
  ): string {
    const e = newEntity(kind, name, this.config, extra);
    if (!this.reg.byId.has(e.id)) this.created.push(e);
    this.reg = addEntities(this.reg, [e]);
    return e.id;
  }

  /** May a new entity be made: a participant always, a mention once `min_sources` sources have named it. */
  mayCreate(creation: Creation, kind: EntityKind, name: string): boolean {
    if (creation !== 'if-named-enough') return creation;
    return this.mentions.named(kind, name, this.sourceId) >= this.config.entities.min_sources;
  }

  record(key: string, match: Match): string | null {
    if (match && 'ambiguous' in match) {
      this.ambiguous.set(key, match.ambiguous);
      this.links[key] = null;
      return null;
    }
    const id = match?.id ?? null;
    if (!(key in this.links) || this.links[key] === null) this.links[key] = id;
    if (id) this.touched.add(id);
    return id;
  }

  person(raw: string, email: string | null, mayCreate: Creation): Match {
    if (email) {
      const byEmail = this.reg.byEmail.get(email.toLowerCase());
      if (byEmail) return { id: byEmail };
    }
    const display = raw.includes('@') ? (nameFromEmail(raw) ?? '') : displayPersonName(raw);
    const folded = foldName(display);
    if (this.ownerKeys.has(folded) || this.ownerKeys.has(foldName(raw))) return { id: this.reg.ownerId };
    if (display === '' || isGenericPerson(display, this.config) || isGenericPerson(raw, this.config)) return null;
    const hit =
      exact(this.reg, 'person', display) ?? fuzzyPerson(display, email, this.reg, this.config, this.table, this.heard);
    if (hit) return hit;
    if (nameParts(display).tokens.length === 1) return this.firstNameInSource(display);
    if (!looksLikeFullName(display) || !this.mayCreate(mayCreate, 'person', display)) return null;
    const org = email ? accountNameForEmail(email, this.config) : null;
    return { id: this.create('person', display, { emails: email ? [email.toLowerCase()] : [], organisation: org }) };
  }

  /** "Jeff" resolves only to the one person of this source whose given name (or a nickname of it) is Jeff. */
  firstNameInSource(name: string): Match {
    const given = nameParts(name).given;
    const ids = new Set<string>();
    for (const id of Object.values(this.links)) {
      const e = id ? this.reg.byId.get(id) : undefined;
      if (e?.kind !== 'person') continue;
      if (
        [e.name, ...e.aliases].some(
          (n) => areNicknames(this.table, nameParts(n).given, given) && nameParts(n).tokens.length > 1,
        )
      )
        ids.add(e.id);
    }
    if (ids.size === 1) return { id: [...ids][0]! };
    if (ids.size > 1) return { ambiguous: [...ids].sort() };
    return null;
  }

  organisation(kind: 'account' | 'project', raw: string, mayCreate: Creation): Match {
    const name = raw.trim();
    if (isGenericLabel(name, this.config)) return null;
    const hit = exact(this.reg, kind, name);
    if (hit) return hit;
    if (name.length < 2 || !this.mayCreate(mayCreate, kind, name)) return null;
    return { id: this.create(kind, kind === 'account' ? canonicalAccountName(name) : name) };
  }

  accountForEmail(email: string): string | null {
    const name = accountNameForEmail(email, this.config);
    const domain = emailDomain(email);
    if (!name || !domain) return null;
    const reg = registeredDomain(domain);
    const id = this.reg.byDomain.get(reg) ?? (exact(this.reg, 'account', name) as { id: string } | null)?.id ?? null;
    const found = id ?? this.create('account', name, { domains: [reg] });
    this.domains[reg] = found;
    return found;
  }

  /** Fact subjects: any kind, exact first; a person-looking subject may match a variant; nothing is created. */
  about(raw: string): Match {
    const folded = foldName(raw);
    if (this.ownerKeys.has(folded)) return { id: this.reg.ownerId };
    if (isGenericLabel(raw, this.config)) return null;
    for (const kind of ['person', 'account', 'project'] as const) {
      const hit = exact(this.reg, kind, kind === 'person' ? displayPersonName(raw) : raw);
      if (hit) return hit;
    }
    return this.person(raw, null, false);
  }
}

export function resolveExtraction(
  ex: Extraction,
  env: SourceEnvelope,
  reg: Registry,
  config: Config,
  opts: ResolveOptions = {},
): Resolution {
  const r = new Resolver(reg, config, opts, env.source_id, env.kind === 'transcript');
  const emailOf = new Map<string, string>();
  for (const p of env.participants) if (p.email) emailOf.set(p.name, p.email);
  for (const p of ex.participants) if (p.email) emailOf.set(p.name, p.email);

  // Participants first: they carry addresses, the strongest evidence, and later single given names lean on them.
  // Whoever the source shows writing, receiving or speaking (the adapter's participants, anyone with an address)
  // has met the owner; a participant only the extractor names ("From our side, David Pollack") is held to the
  // mention rule, since it may be a guess from an introduction or a misheard name.
  const shown = new Set(env.participants.map((p) => foldName(p.name)));
  const participants = [
    ...ex.participants.map((p) => {
      const email = p.email ?? emailOf.get(p.name) ?? null;
      const met = email !== null || shown.has(foldName(p.name));
      return { name: p.name, email, creation: (met ? true : 'if-named-enough') as Creation };
    }),
    ...env.participants.map((p) => ({ name: p.name, email: p.email ?? null, creation: true as Creation })),
  ];
  const fullFirst = (a: { name: string }, b: { name: string }) =>
    nameParts(b.name).tokens.length - nameParts(a.name).tokens.length;
  for (const p of [...participants].sort(fullFirst)) {
    // A family or vanity domain (jason@vallery.net) is no organisation, and neither is any address of the owner's
    // that the config does not map.
    // (Michael Dell's dell.com stays Dell once Dell is an account.)
    const known = p.email ? lookupKey(r.reg, 'account', accountNameForEmail(p.email, config) ?? '').length > 0 : false;
    const personal =
      p.email !== null &&
      ((!known && (isPersonalDomain(p.email, p.name) || isPersonalDomain(p.email, config.owner.name))) ||
        (r.reg.byEmail.get(p.email.toLowerCase()) === r.reg.ownerId &&
          !isOrganisationDomain(registeredDomain(emailDomain(p.email) ?? ''), config.owner.organisation)));
    if (p.email && !personal) {
      const acct = r.accountForEmail(p.email);
      const ownerOrg = config.owner.organisation && acct && r.reg.byId.get(acct)?.name === config.owner.organisation;
      if (acct && !ownerOrg) r.touched.add(acct);
    }
    if (p.name in r.links && r.links[p.name] !== null) continue;
    r.record(p.name, r.person(p.name, p.email, p.creation));
  }
  const mentions = [...ex.mentions].sort((a, b) => (a.kind === b.kind ? fullFirst(a, b) : a.kind < b.kind ? -1 : 1));
  for (const m of mentions) {
    if (m.name in r.links && r.links[m.name] !== null) continue;
    // Named, not met: a page only once enough sources name it (a citation or a passing remark stays plain text).
    if (m.kind === 'person') r.record(m.name, r.person(m.name, m.email, 'if-named-enough'));
    else r.record(m.name, r.organisation(m.kind, m.name, 'if-named-enough'));
  }
  for (const f of ex.facts) if (f.about && !(f.about in r.links)) r.record(f.about, r.about(f.about));
  for (const t of ex.tasks) {
    if (!t.owner || t.owner in r.links) continue;
    r.record(t.owner, /^tbd$/i.test(t.owner.trim()) ? null : r.person(t.owner, null, false));
  }
  const ambiguous = [...r.ambiguous.entries()]
    .map(([name, ids]) => ({ name, candidates: ids.map((id) => r.reg.byId.get(id)?.name ?? id).sort() }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return { links: r.links, newEntities: r.created, ambiguous, touched: [...r.touched].sort(), domains: r.domains };
}
