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
 * Looks like a real full name: two or more tokens, each capitalised (particles like "van" excepted), letters only,
 * no initials-only tokens. "Jeff Denworth" yes; "Speaker 1", "the team", "J. Smith", "AKS AI Roadshow" no.
 */
export function looksLikeFullName(raw: string): boolean {
  // "the team" is no name even if a display normaliser would capitalise it; "RAY COETZEE" is one.
  if (!/\p{Lu}/u.test(raw)) return false;
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
