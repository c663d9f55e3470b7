/**
 * Mentions: the people, accounts and projects a source is about, for the entity resolver. Candidates come from
 * participants, sender domains, and compromise run only on sentences with an inner capitalised word (compromise
 * over a whole 50 KB call is too slow). Organisations are kept only when they are known (vault or a short list of
 * well-known companies), and names are compared whole: `AI` never becomes `OpenAI`.
 */
import { isPersonalDomain } from '../../core/domains.ts';
import { isFreeMailDomain } from '../../core/names.ts';
import { type OwnerMatcher, ownerDomains } from '../../core/owner.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';
import { hasAnyTag, peopleAndOrganizationsIn, peopleIn } from '../compromise.ts';
import type { ExtractContext, KnownEntity } from '../extractor.ts';
import type { ExtractedParticipant, Mention } from '../schema.ts';
import type { Unit } from './sentences.ts';

/** Companies common enough in business mail that naming one in text is a safe account mention. */
export const WELL_KNOWN_ORGS = [
  'Microsoft',
  'Google',
  'Amazon',
  'AWS',
  'Apple',
  'Meta',
  'Oracle',
  'IBM',
  'Dell',
  'HPE',
  'Hewlett Packard Enterprise',
  'NVIDIA',
  'Nvidia',
  'Intel',
  'AMD',
  'Salesforce',
  'OpenAI',
  'Anthropic',
  'NetApp',
  'Pure Storage',
  'WEKA',
  'Hammerspace',
  'Databricks',
  'Snowflake',
  'CoreWeave',
  'Cisco',
  'VMware',
  'Broadcom',
  'Supermicro',
  'Lenovo',
  'Cloudflare',
  'SAP',
  'Accenture',
  'Deloitte',
  'Walmart',
  'NATO',
  'Verkada',
  'xAI',
  'Lambda',
  'Crusoe',
  'Nebius',
  'Samsung',
  'Micron',
];

const ORG_SUFFIX = /\b(Inc|Corp|Corporation|LLC|Ltd|GmbH|AG|SA|PLC|Group|Labs|Technologies|Systems|Networks)\.?$/;

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A source's text with its upper-cased copy, made once: every known name is looked for in it. */
interface Searchable {
  text: string;
  upper: string;
}

function searchable(text: string): Searchable {
  return { text, upper: text.toUpperCase() };
}

/**
 * Whole-word, case-sensitive for short all-caps names (AI, HPE), case-insensitive otherwise. A plain substring
 * search rules most names out first (a case-insensitive match is a substring of the upper-cased text), so a 20 MB
 * call costs one fast scan per name rather than one regular-expression scan.
 */
function namedIn(s: Searchable, name: string): boolean {
  if (name.length < 2) return false;
  const exact = name.length <= 4 && name === name.toUpperCase();
  if (exact ? !s.text.includes(name) : !s.upper.includes(name.toUpperCase())) return false;
  return new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`, exact ? '' : 'i').test(s.text);
}

export function domainAccount(
  domain: string,
  ctx: ExtractContext,
  sender?: { name: string; email: string },
): string | null {
  const d = domain.toLowerCase();
  const mapped = ctx.config.entities.domains[d];
  if (mapped) return mapped;
  const known = ctx.known.find(
    (k) => k.kind === 'account' && k.emails.some((e) => e.toLowerCase().endsWith(`@${d}`) || e.toLowerCase() === d),
  );
  if (known) return known.name;
  const labels = d.split('.');
  const base =
    labels.length >= 3 && /^(co|com|org|net|ac|gov)$/.test(labels[labels.length - 2] ?? '')
      ? labels[labels.length - 3]
      : labels[labels.length - 2];
  if (!base || base.length < 2) return null;
  const name = base.length <= 3 ? base.toUpperCase() : base.charAt(0).toUpperCase() + base.slice(1);
  // A domain named after its own sender (james@vallery.net) is a family's mail, unless a page already has the account.
  const personal = sender && isPersonalDomain(sender.email, sender.name);
  return personal && !ctx.known.some((k) => k.name === name) ? null : name;
}

const PERSON_TOKEN = /^[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?$/;
const NOT_NAMES = new Set(
  'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Thanks Regards Best Hi Hey Hello Dear Team All Everyone Yes No Okay Sure Great Cloud Data Storage Product Pricing Sales Engineering Marketing Support Mission Alignment'.split(
    ' ',
  ),
);

function looksLikePersonName(name: string): boolean {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 3) return false;
  return parts.every((p) => PERSON_TOKEN.test(p) && !NOT_NAMES.has(p));
}

/**
 * A lone given name ("Kushal") that compromise tagged as a person: kept when it is capitalised, not a common word
 * (compromise knows it as something other than a name) and recurs, so one stray capital does not make a person.
 */
/** Judgements of looksLikeGivenName: one compromise parse per word, not one per sentence naming it. */
const givenNames = new Map<string, boolean>();

function looksLikeGivenName(name: string): boolean {
  let known = givenNames.get(name);
  if (known === undefined) {
    known = judgeGivenName(name);
    // Bounded: a stream of odd capitalised words must not grow the process without limit.
    if (givenNames.size >= 10_000) givenNames.clear();
    givenNames.set(name, known);
  }
  return known;
}

function judgeGivenName(name: string): boolean {
  if (!/^[A-Z][a-z]{2,}$/.test(name) || NOT_NAMES.has(name) || WELL_KNOWN_ORGS.includes(name)) return false;
  return !hasAnyTag(name.toLowerCase(), ['#Verb', '#Adjective', '#Adverb', '#Pronoun', '#Preposition']);
}

/**
 * Sentences worth handing to compromise: two capitalised words in a row (a full name, a company) or a company
 * suffix. Everything else cannot yield a mention we would keep, and compromise costs ~10 ms per KB.
 */
function worthParsing(text: string): boolean {
  return /[A-Z][\p{Ll}'-]+\s+[A-Z][\p{Ll}'-]+/u.test(text.slice(1)) || ORG_SUFFIX_INNER.test(text);
}

const ORG_SUFFIX_INNER = /\b[A-Z]\w+\s+(Inc|Corp|Corporation|LLC|Ltd|GmbH|PLC|Labs|Technologies|Systems|Networks)\b/;

/**
 * Characters of candidate sentences compromise always reads: more than the longest thread or call of the fixtures
 * holds (~75,000), so a source of normal length is read whole.
 */
const PARSE_BUDGET = 100_000;
/** Past the budget, how many sentences naming a capitalised word compromise reads before the word is judged. */
const REREAD = 2;
const CAPITALISED = /[A-Z][\p{Ll}'-]+/gu;

/**
 * The sentences compromise reads. compromise takes 5-10 ms per KB, so a 20 MB recording read whole would take
 * minutes: past PARSE_BUDGET characters a sentence is read only when it names a capitalised word read fewer than
 * REREAD times so far. What more of a long call adds is new names; one named again and again has been judged, and
 * whether it recurs enough to keep is counted on the whole text, not on what was read.
 */
function sentencesToParse(units: Unit[]): string[] {
  const out: string[] = [];
  const read = new Map<string, number>();
  let size = 0;
  for (const u of units) {
    if (!worthParsing(u.text)) continue;
    const words = u.text.match(CAPITALISED) ?? [];
    if (size >= PARSE_BUDGET && words.every((w) => (read.get(w) ?? 0) >= REREAD)) continue;
    for (const w of words) read.set(w, (read.get(w) ?? 0) + 1);
    out.push(u.text);
    size += u.text.length;
  }
  return out;
}

/** Non-overlapping occurrences of `name` in `text`, counted only up to `atMost`: the callers ask "at least n?". */
function countUpTo(text: string, name: string, atMost: number): number {
  let n = 0;
  for (let at = text.indexOf(name); at >= 0 && n < atMost; at = text.indexOf(name, at + name.length)) n++;
  return n;
}

export function extractMentions(
  env: SourceEnvelope,
  units: Unit[],
  participants: ExtractedParticipant[],
  ctx: ExtractContext,
  isOwner: OwnerMatcher,
): Mention[] {
  const out: Mention[] = [];
  const seen = new Set<string>();
  const add = (m: Mention) => {
    const key = `${m.kind}:${m.name.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(m);
  };
  for (const p of participants) if (p.name !== 'Myself') add({ kind: 'person', name: p.name, email: p.email });

  const ownDomains = new Set(ownerDomains(ctx.config));
  // Without owner addresses in the config, the organisation's name still tells its domain ("VAST Data" ~ vastdata.com).
  const ownerOrg = (ctx.config.owner.organisation ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const isOwnDomain = (domain: string) =>
    ownDomains.has(domain) || (ownerOrg !== '' && domain.split('.').includes(ownerOrg));
  for (const p of env.participants) {
    const domain = p.email?.split('@')[1]?.toLowerCase();
    if (!domain || isFreeMailDomain(domain) || isOwnDomain(domain) || isOwner(p.name, p.email)) continue;
    // A notification service's domain (a CRM's alert sender) is the tool, not an account.
    const automatedSender = env.messages.some((m) => m.from.email === p.email && m.automated);
    if (automatedSender) continue;
    const account = domainAccount(domain, ctx, { name: p.name, email: p.email ?? '' });
    if (account) add({ kind: 'account', name: account, email: null });
  }

  const text = units.map((u) => u.text).join('\n');
  const search = searchable(text);
  const knownAccounts = ctx.known.filter((k) => k.kind === 'account');
  const knownPeople = ctx.known.filter((k) => k.kind === 'person');
  const knownProjects = ctx.known.filter((k) => k.kind === 'project');
  const namesOf = (k: KnownEntity) => [k.name, ...k.aliases];

  for (const k of knownAccounts)
    if (namesOf(k).some((n) => namedIn(search, n))) add({ kind: 'account', name: k.name, email: null });
  for (const name of WELL_KNOWN_ORGS) {
    if (ownDomains.size > 0 && [...ownDomains].some((d) => d?.startsWith(name.toLowerCase()))) continue;
    if (namedIn(search, name)) add({ kind: 'account', name, email: null });
  }
  for (const k of knownProjects)
    if (namesOf(k).some((n) => namedIn(search, n))) add({ kind: 'project', name: k.name, email: null });
  for (const k of knownPeople) {
    if (namesOf(k).some((n) => n.includes(' ') && namedIn(search, n)))
      add({ kind: 'person', name: k.name, email: null });
  }

  // compromise, bounded: only sentences with an inner capital, in chunks, so a 50 KB call stays well under a second.
  const candidates = sentencesToParse(units);
  const CHUNK = 4000;
  const ownerName = ctx.config.owner.name.toLowerCase();
  const ownerParts = ownerName.split(/\s+/);
  // A mis-transcribed owner ("Jason Valerie" for Jason Vallery) is still the owner, not a new person.
  const soundsLikeOwner = (name: string) => {
    const [f, l] = name.toLowerCase().split(/\s+/);
    return ownerParts.length >= 2 && f === ownerParts[0] && !!l && l.slice(0, 3) === ownerParts[1]?.slice(0, 3);
  };
  // In a long call, a name compromise finds once is more often a mis-hearing than a person.
  const minOccurrences = env.kind === 'email' ? 1 : 2;
  // Counted once per name (a name recurs in many chunks), and never past what the thresholds below ask.
  const counted = new Map<string, number>();
  const occurrences = (name: string) => {
    let n = counted.get(name);
    if (n === undefined) {
      n = countUpTo(text, name, minOccurrences + 1);
      counted.set(name, n);
    }
    return n;
  };
  for (let i = 0, buf = ''; i <= candidates.length; i++) {
    const next = candidates[i];
    if (next !== undefined && buf.length + next.length < CHUNK) {
      buf += `${next}\n`;
      continue;
    }
    if (buf) {
      const read = peopleAndOrganizationsIn(buf);
      for (const raw of read.people) {
        const name = raw
          .replace(/[’']s$/, '')
          .replace(/[^\p{L}\s'-]/gu, '')
          .trim();
        if (isGenericSpeaker(name) || isOwner(name) || soundsLikeOwner(name)) continue;
        if (looksLikePersonName(name)) {
          if (occurrences(name) < minOccurrences) continue;
        } else if (!looksLikeGivenName(name) || occurrences(name) < minOccurrences + 1) continue;
        add({ kind: 'person', name, email: null });
      }
      for (const raw of read.organizations) {
        const name = raw
          .replace(/[’']s$/, '')
          .replace(/[.,;:]$/, '')
          .trim();
        const known = knownAccounts.find((k) => namesOf(k).some((n) => n.toLowerCase() === name.toLowerCase()));
        const famous = WELL_KNOWN_ORGS.find((n) => n.toLowerCase() === name.toLowerCase());
        if (known) add({ kind: 'account', name: known.name, email: null });
        else if (famous) add({ kind: 'account', name: famous, email: null });
        else if (ORG_SUFFIX.test(name) && name.split(/\s+/).length <= 4) add({ kind: 'account', name, email: null });
      }
    }
    buf = next !== undefined ? `${next}\n` : '';
  }

  // Lone given names ("Kushal") sit in sentences with one capital, which the pass above skips for speed: take the
  // recurring inner capitalised words and ask compromise about one sentence each.
  const lone = new Map<string, { count: number; sentence: string }>();
  for (const u of units) {
    for (const m of u.text.matchAll(/(?<=\s)[A-Z][a-z]{2,}\b(?![-'’]\w)/g)) {
      const hit = lone.get(m[0]);
      if (hit) hit.count++;
      else lone.set(m[0], { count: 1, sentence: u.text });
    }
  }
  const lonePeople = [...lone.entries()]
    .filter(([name, v]) => v.count >= minOccurrences + 1 && !seen.has(`person:${name.toLowerCase()}`))
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 40);
  for (const [name, { sentence }] of lonePeople) {
    if (isGenericSpeaker(name) || isOwner(name) || !looksLikeGivenName(name)) continue;
    if (out.some((m) => m.kind === 'person' && m.name.split(' ')[0] === name)) continue;
    const people = peopleIn(sentence);
    if (people.some((p) => p.replace(/[’']s$/, '').trim() === name)) add({ kind: 'person', name, email: null });
  }
  return out;
}
