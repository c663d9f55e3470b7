/**
 * Mentions: the people, accounts and projects a source is about, for the entity resolver. Candidates come from
 * participants, sender domains, and compromise run only on sentences with an inner capitalised word (compromise
 * over a whole 50 KB call is too slow). Organisations are kept only when they are known (vault or a short list of
 * well-known companies), and names are compared whole: `AI` never becomes `OpenAI`.
 */
import nlp from 'compromise';
import { isFreeMailDomain } from '../../core/names.ts';
import { type OwnerMatcher, ownerDomains } from '../../core/owner.ts';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import { isGenericSpeaker } from '../../ingest/generic-labels.ts';
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

/** Whole-word, case-sensitive for short all-caps names (AI, HPE), case-insensitive otherwise. */
function namedIn(text: string, name: string): boolean {
  if (name.length < 2) return false;
  const flags = name.length <= 4 && name === name.toUpperCase() ? '' : 'i';
  return new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`, flags).test(text);
}

export function domainAccount(domain: string, ctx: ExtractContext): string | null {
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
  return base.length <= 3 ? base.toUpperCase() : base.charAt(0).toUpperCase() + base.slice(1);
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
function looksLikeGivenName(name: string): boolean {
  if (!/^[A-Z][a-z]{2,}$/.test(name) || NOT_NAMES.has(name) || WELL_KNOWN_ORGS.includes(name)) return false;
  const lower = nlp(name.toLowerCase());
  return (
    !lower.has('#Verb') &&
    !lower.has('#Adjective') &&
    !lower.has('#Adverb') &&
    !lower.has('#Pronoun') &&
    !lower.has('#Preposition')
  );
}

/**
 * Sentences worth handing to compromise: two capitalised words in a row (a full name, a company) or a company
 * suffix. Everything else cannot yield a mention we would keep, and compromise costs ~10 ms per KB.
 */
function worthParsing(text: string): boolean {
  return /[A-Z][\p{Ll}'-]+\s+[A-Z][\p{Ll}'-]+/u.test(text.slice(1)) || ORG_SUFFIX_INNER.test(text);
}

const ORG_SUFFIX_INNER = /\b[A-Z]\w+\s+(Inc|Corp|Corporation|LLC|Ltd|GmbH|PLC|Labs|Technologies|Systems|Networks)\b/;

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
    const account = domainAccount(domain, ctx);
    if (account) add({ kind: 'account', name: account, email: null });
  }

  const text = units.map((u) => u.text).join('\n');
  const knownAccounts = ctx.known.filter((k) => k.kind === 'account');
  const knownPeople = ctx.known.filter((k) => k.kind === 'person');
  const knownProjects = ctx.known.filter((k) => k.kind === 'project');
  const namesOf = (k: KnownEntity) => [k.name, ...k.aliases];

  for (const k of knownAccounts)
    if (namesOf(k).some((n) => namedIn(text, n))) add({ kind: 'account', name: k.name, email: null });
  for (const name of WELL_KNOWN_ORGS) {
    if (ownDomains.size > 0 && [...ownDomains].some((d) => d?.startsWith(name.toLowerCase()))) continue;
    if (namedIn(text, name)) add({ kind: 'account', name, email: null });
  }
  for (const k of knownProjects)
    if (namesOf(k).some((n) => namedIn(text, n))) add({ kind: 'project', name: k.name, email: null });
  for (const k of knownPeople) {
    if (namesOf(k).some((n) => n.includes(' ') && namedIn(text, n))) add({ kind: 'person', name: k.name, email: null });
  }

  // compromise, bounded: only sentences with an inner capital, in chunks, so a 50 KB call stays well under a second.
  const candidates = units.map((u) => u.text).filter(worthParsing);
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
  const occurrences = (name: string) => text.split(name).length - 1;
  for (let i = 0, buf = ''; i <= candidates.length; i++) {
    const next = candidates[i];
    if (next !== undefined && buf.length + next.length < CHUNK) {
      buf += `${next}\n`;
      continue;
    }
    if (buf) {
      const doc = nlp(buf);
      for (const raw of doc.people().out('array') as string[]) {
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
      for (const raw of doc.organizations().out('array') as string[]) {
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
    const people = nlp(sentence).people().out('array') as string[];
    if (people.some((p) => p.replace(/[’']s$/, '').trim() === name)) add({ kind: 'person', name, email: null });
  }
  return out;
}
