/**
 * Email domain -> account. Free-mail and notification domains never name an organisation; the vault's own domain
 * maps to the owner's organisation; config.entities.domains overrides the title-cased guess (vastdata.com is
 * "VAST Data", which no rule could guess).
 */
import { emailDomain, registeredDomain } from '../core/domains.ts';
import { isFreeMailDomain } from '../core/names.ts';
import { ownerDomains } from '../core/owner.ts';
import type { Config } from '../vault/config.ts';
import { foldName } from './names.ts';

export { emailDomain, isPersonalDomain, registeredDomain } from '../core/domains.ts';

/**
 * Names of one organisation that no rule links (AWS is Amazon's; a transcript says "Amazon", a mail "AWS"): each
 * group is one account, shown under its first name. Legal suffixes ("Inc", "Corp") are handled by entityKey.
 */
export const ACCOUNT_ALIASES: readonly (readonly string[])[] = [
  ['AWS', 'Amazon Web Services', 'Amazon', 'Amazon.com'],
  ['Google', 'Google Cloud', 'GCP', 'Alphabet'],
  ['Meta', 'Facebook', 'Meta Platforms'],
  ['HPE', 'Hewlett Packard Enterprise'],
  ['Microsoft', 'MSFT'],
  ['IBM', 'International Business Machines'],
];

/** The name an account is shown under: the first name of its alias group, else the name itself. */
export function canonicalAccountName(name: string): string {
  const f = foldName(name).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  for (const group of ACCOUNT_ALIASES)
    if (group.some((n) => foldName(n).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim() === f)) return group[0]!;
  return name;
}

/** The owner's organisation shows in a domain's first label ("vastdata" for VAST Data); a family domain does not. */
export function isOrganisationDomain(registered: string, organisation: string | null): boolean {
  if (!organisation) return false;
  const label = registered.split('.')[0] ?? '';
  const org = foldName(organisation).replace(/[^a-z0-9]/g, '');
  const first = foldName(organisation).split(' ')[0] ?? '';
  if (label.length < 2 || org.length < 2) return false;
  return org.startsWith(label) || label.startsWith(org) || (first.length >= 3 && label.startsWith(first));
}

/** Services whose mail is notifications, invites or bookings: the sender is a tool, not an organisation we deal with. */
const SERVICE = new Set(
  `zoom.us zoom.com calendly.com docusign.net linkedin.com facebookmail.com github.com slack.com atlassian.net
  notion.so accounts.google.com calendar.google.com docs.google.com teams.microsoft.com microsoftonline.com
  mailchimp.com sendgrid.net amazonses.com substack.com medium.com eventbrite.com gotomeeting.com paddle.com
  greenhouse.io lever.co meetup.com`
    .split(/\s+/)
    .filter(Boolean),
);

export function isFreeMail(domain: string): boolean {
  return isFreeMailDomain(domain) || isFreeMailDomain(registeredDomain(domain));
}

function isAutomatedLocal(email: string): boolean {
  return /^(no-?reply|do-?not-?reply|notifications?|mailer-daemon|calendar|invites?|bounce|alerts?)([+._-]|@)/i.test(
    email,
  );
}

/**
 * The account name an address's domain stands for, or null (free mail, notification services, automated senders).
 * Precedence: config.entities.domains (exact, then registered domain), the owner's own domains (the one named like
 * the owner's organisation -> that organisation, any other -> none), then the title-cased second-level label
 * (`microsoft.com` -> "Microsoft", `amazon.com` -> "AWS" through the alias table).
 */
export function accountNameForEmail(email: string, config: Config): string | null {
  const domain = emailDomain(email);
  if (!domain || isAutomatedLocal(email)) return null;
  const reg = registeredDomain(domain);
  const mapped = config.entities.domains[domain] ?? config.entities.domains[reg];
  if (mapped) return mapped;
  if (isFreeMail(domain) || SERVICE.has(domain) || SERVICE.has(reg)) return null;
  const ownDomains = ownerDomains(config).map(registeredDomain);
  // The owner's own domains are never accounts of their own: the work one is the owner's organisation, a personal
  // one (jason@vallery.net) is no organisation at all.
  if (ownDomains.includes(reg))
    return isOrganisationDomain(reg, config.owner.organisation) ? config.owner.organisation : null;
  const label = reg.split('.')[0] ?? '';
  if (label.length < 2 || /^\d+$/.test(label)) return null;
  // express-scripts.com -> "Express Scripts"
  const words = label.split('-').filter(Boolean);
  return canonicalAccountName(words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '));
}
