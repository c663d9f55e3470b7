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
  return titleCaseIfShouting(name.replace(/\s+/g, ' ').trim()).replace(FORM_OF_ADDRESS, '');
}

/**
 * A title said before a name ("Director Hampson", "Dr. Maya Lee"): how the person was addressed, not their name, so
 * not part of the page they are filed under. Only when a name follows it.
 */
const FORM_OF_ADDRESS = /^(?:mr|mrs|ms|mx|miss|dr|prof|professor|director|senator|judge|sir|madam)\.?\s+(?=\p{Lu})/iu;

const AUTOMATED_LOCAL =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|donotreply|notifications?|notify|alerts?|mailer[-_.]?daemon|postmaster|bounces?|calendar[-_.]?notification|calendar|invitations?|news(?:letter)?|digest|automated|auto[-_.]?confirm|system|daemon|updates?|marketing|billing|receipts?|jira|confluence|github|gitlab)(?:[-_.+].*)?$/i;
const AUTOMATED_ANYWHERE = /no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|bounce/i;
/**
 * Role mailboxes: a shop, a desk or a whole team writes from them (`help@paddle.com`, `info@email.meetup.com`),
 * never one person, so no one answers them as a conversation and no person page is filed under them.
 */
const ROLE_LOCAL =
  /^(?:help|support|info|contact|hello|team|sales|orders?|service|customer[-_.]?(?:service|care|support)|care|feedback|store|shop|accounts?|membership|members|events?|community|press|media|admin|office|enquiries|inquiries|reservations|bookings?|concierge|webmaster|hr|careers|jobs|recruiting)(?:[-_.+]\d*)?$/i;
/** Subdomains bulk and transactional mail is sent from (`orders.express-scripts.com`, `em.slice.com`). */
const BULK_SUBDOMAIN =
  /^(?:orders?|e|em|email|emails|mailer|mailings?|news|newsletters?|notifications?|notify|alerts?|marketing|mkt|promo|promotions|updates|bounces?|comms|engage|txn|transactional|messages)$/i;
const AUTOMATED_NAMES =
  /^(?:mail delivery (?:subsystem|system)|microsoft outlook|google calendar|calendar|postmaster|mailer-daemon)$|\(via [^)]+\)$|\svia\s+[\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}.]*)?$|\bno[-\s]?reply\b|\bnotifications?\b/iu;

/** A mailbox a role, not a person, reads: `pm@`, `help@`, `info@` and the other role names. */
export function isRoleAddress(address: string): boolean {
  const local = address.trim().toLowerCase().split('@')[0] ?? '';
  return local !== '' && ROLE_LOCAL.test(local);
}

/** A sender whose mail is machine-made: no reply drafts, no person page. */
export function isAutomatedSender(address: string, name?: string): boolean {
  const addr = address.trim().toLowerCase();
  const [local = '', domain = ''] = addr.split('@');
  if (addr !== '' && (AUTOMATED_LOCAL.test(local) || AUTOMATED_ANYWHERE.test(local) || ROLE_LOCAL.test(local)))
    return true;
  const labels = domain.split('.');
  if (labels.length >= 3 && BULK_SUBDOMAIN.test(labels[0] ?? '')) return true;
  return name !== undefined && AUTOMATED_NAMES.test(name.trim());
}

/** Words that name an organisation, a team, a list or a service, never a person's given or family name. */
const ORG_NAME_WORDS = new Set(
  `group groups team teams club community society association foundation institute university college school academy
  council committee board department dept office services service support solutions systems technologies labs media
  news newsletter digest magazine journal weekly daily events conference summit meetup network alliance partners
  capital ventures holdings bank insurance pharmacy airlines airline hotels rewards store shop marketplace
  notifications notification alerts calendar billing payments orders careers recruiting jobs helpdesk desk admin
  administrator customer customers care info sales marketing inc ltd llc corp corporation gmbh plc company interest
  everyone all staff members distribution list mailbox alias room via the of for`.split(/\s+/),
);

/**
 * Does a display name name a list, a team, an organisation or a product rather than a person? `WW AI SC IaaS`
 * (two or more acronyms), `Rocky Mountain AI Interest Group`, `Express Scripts Pharmacy` (organisation words),
 * `kodeON` (a brand's camel case), anything with digits. Conservative: real names (`Mary O'Brien`, `JV`,
 * `A.K. Rapsone`, `Mohamad Al Jazaery`) pass.
 */
export function looksLikeNonPerson(name: string): boolean {
  const s = name.replace(/\s+/g, ' ').trim();
  if (s === '' || s.includes('@')) return false;
  if (/\d/.test(s)) return true;
  const words = s.split(/[\s/&+]+/).filter(Boolean);
  if (words.some((w) => ORG_NAME_WORDS.has(w.toLowerCase().replace(/[.,:;()]/g, '')))) return true;
  // A word starting lower case with an upper-case letter inside is a brand (`kodeON`, `iPhone`), not a name.
  if (words.some((w) => /^\p{Ll}+\p{Lu}/u.test(w))) return true;
  const acronyms = words.filter((w) => /^\p{Lu}{2,6}$/u.test(w)).length;
  return words.length >= 2 && acronyms >= 2;
}

/**
 * One address for a couple or a family (`Brandon & Priscilla Dodsworth`, `Brandon and Priscilla Dodsworth`): the
 * people it names, each with the shared family name. Any other name comes back alone.
 */
export function splitJointName(name: string): string[] {
  const m = /^([\p{Lu}][\p{L}'’-]+)\s+(?:&|and|\+)\s+([\p{Lu}][\p{L}'’-]+)\s+([\p{Lu}][\p{L}'’ -]+)$/u.exec(
    name.trim(),
  );
  if (!m?.[1] || !m[2] || !m[3]) return [name];
  return [`${m[1]} ${m[3]}`, `${m[2]} ${m[3]}`];
}

/** Consonants of a name as heard: c/k/q, s/z, j/g/y (initial), f/v/ph alike; vowels and doubled letters dropped. */
export function soundKey(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f');
  const letters = [...s].map((ch, i) => {
    if ('ckq'.includes(ch)) return 'k';
    if ('sz'.includes(ch)) return 's';
    if (ch === 'v') return 'f';
    if ('jg'.includes(ch) || (ch === 'y' && i === 0)) return 'j';
    if ('aeiouyhw'.includes(ch)) return '';
    return ch;
  });
  return letters.join('').replace(/(.)\1+/g, '$1');
}
