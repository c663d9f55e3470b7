/**
 * Display names as mail clients write them (`"Denworth, Jeff"`, `RAY COETZEE`, `Jeff Denworth (VAST)`) turned into
 * the one spelling a person page is filed under, and the test for senders no one should answer or file as a person.
 */

const SUFFIXES = /^(?:jr|sr|ii|iii|iv|phd|md|esq)\.?$/i;
const ORG_WORDS = /\b(?:inc|ltd|llc|corp|corporation|gmbh|plc|co|company|group|external|ext|contractor|vendor)\.?$/i;
const PRONOUNS = /^(?:he|she|they|ze|xe)\s*\/\s*(?:him|her|them|hir|xem)(?:\s*\/\s*\w+)?$/i;

/**
 * A trailing `(…)`/`[…]` is dropped only when it clearly tags an organisation or pronouns, not a name:
 * an acronym (`VAST`, `HPE`), one capitalised word (`Microsoft`), `via …`, a company suffix, or pronouns.
 */
function isOrgTag(tag: string): boolean {
  const t = tag.trim();
  if (t === '' || t.includes('@')) return false;
  return (
    /^[A-Z0-9&.-]{2,12}$/.test(t) ||
    /^[A-Z][\p{L}&.-]+$/u.test(t) ||
    /^via\s/i.test(t) ||
    ORG_WORDS.test(t) ||
    PRONOUNS.test(t)
  );
}

function titleCaseIfShouting(name: string): string {
  const letters = name.replace(/[^\p{L}]/gu, '');
  // Short all-caps tokens are initials or acronyms (`JV`, `HPE`), not shouting.
  if (letters.length < 4) return name;
  const upper = letters === letters.toUpperCase();
  const lower = letters === letters.toLowerCase();
  if (!upper && !lower) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

export function normalisePersonName(raw: string): string {
  let name = raw.replace(/[\s\u00a0]+/g, ' ').trim();
  // `Name <addr>` handed over whole: the display part is the name.
  const angle = /^(.*?)\s*<([^<>@\s]+@[^<>\s]+)>$/.exec(name);
  if (angle) name = angle[1]?.trim() || angle[2] || name;
  name = name.replace(/^["'“”‘’]+|["'“”‘’]+$/g, '').trim();
  if (/^[^\s@]+@[^\s@]+$/.test(name)) return name;

  for (;;) {
    const tag = /^(.+?)\s*[([]([^()[\]]*)[)\]]$/.exec(name);
    if (!tag?.[1] || !isOrgTag(tag[2] ?? '')) break;
    name = tag[1].trim();
  }

  // `Last, First` (Outlook's directory order), but not `Smith, Jr.` and not lists of several people.
  const parts = name.split(',').map((p) => p.trim());
  if (parts.length === 2 && parts[0] && parts[1] && !SUFFIXES.test(parts[1]) && !/[@\d]/.test(name)) {
    name = `${parts[1]} ${parts[0]}`;
  }
  return titleCaseIfShouting(name.replace(/\s+/g, ' ').trim());
}

const AUTOMATED_LOCAL =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|donotreply|notifications?|notify|alerts?|mailer[-_.]?daemon|postmaster|bounces?|calendar[-_.]?notification|calendar|invitations?|news(?:letter)?|digest|automated|auto[-_.]?confirm|system|daemon|updates?|marketing|billing|receipts?|jira|confluence|github|gitlab)(?:[-_.+].*)?$/i;
const AUTOMATED_ANYWHERE = /no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|bounce/i;
const AUTOMATED_NAMES =
  /^(?:mail delivery (?:subsystem|system)|microsoft outlook|google calendar|calendar|postmaster|mailer-daemon)$|\(via [^)]+\)$|\bno[-\s]?reply\b|\bnotifications?\b/i;

/** A sender whose mail is machine-made: no reply drafts, no person page. */
export function isAutomatedSender(address: string, name?: string): boolean {
  const addr = address.trim().toLowerCase();
  const local = addr.split('@')[0] ?? '';
  if (addr !== '' && (AUTOMATED_LOCAL.test(local) || AUTOMATED_ANYWHERE.test(local))) return true;
  return name !== undefined && AUTOMATED_NAMES.test(name.trim());
}
