/**
 * Person-name keys for matching. Display normalisation ("Denworth, Jeff" -> "Jeff Denworth") belongs to
 * src/ingest/names.ts; here names are folded (accents, case, punctuation) so spellings can be compared.
 */
import { normalisePersonName } from '../ingest/names.ts';

/** Lower case, accents folded, punctuation dropped, whitespace collapsed: "José  García-Núñez" -> "jose garcia nunez". */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}@.+]+/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])\.|\.(?![\p{L}\p{N}])/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A display name in "First Last" order with parenthesised notes ("Maneesh (Unknown)") removed. */
export function displayPersonName(raw: string): string {
  const cleaned = raw
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return normalisePersonName(cleaned).trim();
}

export interface NameParts {
  /** Folded tokens in display order. */
  tokens: string[];
  given: string;
  family: string;
}

/** Folded given and family name of a person name; a one-token name has no family name. */
export function nameParts(raw: string): NameParts {
  const tokens = foldName(displayPersonName(raw))
    .split(' ')
    .filter((t) => t !== '' && !/^(jr|sr|ii|iii|iv|phd|md|mr|mrs|ms|dr)$/.test(t));
  return { tokens, given: tokens[0] ?? '', family: tokens.length > 1 ? tokens[tokens.length - 1]! : '' };
}

/** The exact-match key: folded, in "First Last" order. */
export function nameKey(raw: string): string {
  return nameParts(raw).tokens.join(' ');
}

const LOWER_PARTICLES = new Set([
  'van',
  'von',
  'de',
  'da',
  'del',
  'der',
  'den',
  'di',
  'la',
  'le',
  'du',
  'bin',
  'al',
  'ter',
  'ten',
]);

/**
 * Words no name is made of: what a transcript glues to a speaker's name ("Jeff Denworth Why", "Thank Jeff") when its
 * format is misread. Words that are also names (Will, May, So, Oh, Do, An) are not here.
 */
const FUNCTION_WORDS = new Set(
  `why thank thanks yeah yes okay ok the and but what who how when where which hey hi hello please sorry yep nope um
  uh well right sure just also then there here maybe actually really this that these those is are was were its your
  our their we you they with from about into over after before because if or nor not`.split(/\s+/),
);

/** Titles and roles: "Director Hampson" is a title and a surname, not a full name. */
const TITLE_WORDS = new Set(
  `director manager president vp svp evp ceo cto cfo coo cio ciso chief head senior principal officer engineer founder
  cofounder chairman chair professor prof doctor dr mr mrs ms miss sir madam dear team`.split(/\s+/),
);

/** Words of organisation names: "Express Scripts Pharmacy" (a sender's display name) is a company, not a person. */
const ORGANISATION_WORDS = new Set(
  `inc llc ltd corp corporation company co group pharmacy bank university college institute foundation support service
  services store shop orders labs systems technologies technology solutions networks capital partners ventures
  holdings insurance airlines hotel hotels clinic hospital school academy association council agency department news
  newsletter notifications billing accounts payments security cloud gen`.split(/\s+/),
);

/**
 * Why a name is no person's, or null: a function word glued on (`fragment`), a title in place of a given name
 * (`title`), an organisation's name (`organisation`).
 */
export function nonPersonReason(raw: string): 'fragment' | 'title' | 'organisation' | null {
  const tokens = foldName(displayPersonName(raw)).split(' ').filter(Boolean);
  if (tokens.some((t) => FUNCTION_WORDS.has(t))) return 'fragment';
  if (tokens.some((t) => ORGANISATION_WORDS.has(t))) return 'organisation';
  // On the name as written: the display form drops a title said before a name ("Director Hampson" is shown as
  // Hampson), and a page an earlier version filed under the title is still one to flag.
  const written = foldName(raw).split(' ').filter(Boolean);
  if (written.length > 0 && TITLE_WORDS.has(written[0]!)) return 'title';
  return null;
}

/**
 * Looks like a real full name: two or more tokens, each capitalised (particles like "van" excepted), letters only,
 * no initials-only tokens, no function word, title or organisation word. "Jeff Denworth" yes; "Speaker 1", "the
 * team", "J. Smith", "AKS AI Roadshow", "Jeff Denworth Why", "Director Hampson", "Express Scripts Pharmacy" no.
 */
export function looksLikeFullName(raw: string): boolean {
  // "the team" is no name even if a display normaliser would capitalise it; "RAY COETZEE" is one.
  if (!/\p{Lu}/u.test(raw)) return false;
  if (nonPersonReason(raw) !== null) return false;
  const name = displayPersonName(raw);
  const tokens = name.split(/\s+/).filter(Boolean);
  if (tokens.length < 2 || tokens.length > 4) return false;
  let capitalised = 0;
  for (const t of tokens) {
    if (LOWER_PARTICLES.has(t.toLowerCase()) && t === t.toLowerCase()) continue;
    if (!/^\p{Lu}[\p{L}'’-]*$/u.test(t)) return false;
    // All-caps tokens are acronyms (AKS, MAI), not names.
    if (t.length > 1 && t === t.toUpperCase()) return false;
    if (t.replace(/[^\p{L}]/gu, '').length < 2) return false;
    capitalised++;
  }
  return capitalised >= 2;
}

/** `jeff.denworth@x.com` -> "Jeff Denworth"; null when the local part is not a first.last pair. */
export function nameFromEmail(email: string): string | null {
  const local = email.split('@')[0] ?? '';
  const m = /^([a-z]{2,})[._]([a-z]{2,})$/i.exec(local);
  if (!m) return null;
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  return `${cap(m[1]!)} ${cap(m[2]!)}`;
}

/** Slug for ids and state file names: "Jonsi Stefánsson" -> "jonsi-stefansson". */
export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'unnamed'
  );
}
