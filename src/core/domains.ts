/**
 * Mail domains: the registered domain of an address, and whether a domain is a person's own. Shared by extraction
 * (which accounts a source mentions) and entity resolution (which account pages a source touches), so that both
 * read a domain the one way.
 */
import { foldText } from './text.ts';

const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or']);

/** `mail.eu.microsoft.com` -> `microsoft.com`; `bbc.co.uk` stays. */
export function registeredDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2]!;
  const keep = SECOND_LEVEL.has(sld) && labels[labels.length - 1]!.length === 2 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const d = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d) ? d : null;
}

/**
 * A domain named after the person who writes from it, a family or vanity address, not a company: "vallery.net" for
 * Jason Vallery (a name of theirs), "janedoe.com" or "jdoe.io" for Jane Doe (first and last name run together, or
 * the first initial and the last name).
 */
export function isPersonalDomain(email: string, personName: string): boolean {
  const d = emailDomain(email);
  if (!d) return false;
  const label = registeredDomain(d).split('.')[0] ?? '';
  const tokens = foldText(personName)
    .replace(/[’'`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const long = tokens.filter((t) => t.length >= 3);
  if (long.length > 0 && (long.includes(label) || long.join('') === label)) return true;
  if (tokens.length < 2 || label.length < 3) return false;
  const first = tokens[0]!;
  const last = tokens.at(-1)!;
  return [first + last, first.charAt(0) + last, last + first].includes(label);
}
