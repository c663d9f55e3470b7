/**
 * Email domain -> account. Free-mail and notification domains never name an organisation; the vault's own domain
 * maps to the owner's organisation; config.entities.domains overrides the title-cased guess (vastdata.com is
 * "VAST Data", which no rule could guess).
 */
import type { Config } from '../vault/config.ts';

const FREE_MAIL = new Set(
  `gmail.com googlemail.com yahoo.com yahoo.co.uk ymail.com hotmail.com hotmail.co.uk outlook.com live.com msn.com
  aol.com icloud.com me.com mac.com protonmail.com proton.me pm.me gmx.com gmx.de gmx.net web.de mail.com zoho.com
  yandex.com yandex.ru qq.com 163.com 126.com fastmail.com fastmail.fm hey.com tutanota.com comcast.net verizon.net
  att.net sbcglobal.net bellsouth.net cox.net earthlink.net btinternet.com orange.fr free.fr laposte.net libero.it
  t-online.de seznam.cz mail.ru rocketmail.com`
    .split(/\s+/)
    .filter(Boolean),
);

/** Services whose mail is notifications, invites or bookings: the sender is a tool, not an organisation we deal with. */
const SERVICE = new Set(
  `zoom.us zoom.com calendly.com docusign.net linkedin.com facebookmail.com github.com slack.com atlassian.net
  notion.so accounts.google.com calendar.google.com docs.google.com teams.microsoft.com microsoftonline.com
  mailchimp.com sendgrid.net amazonses.com substack.com medium.com eventbrite.com gotomeeting.com paddle.com
  greenhouse.io lever.co`
    .split(/\s+/)
    .filter(Boolean),
);

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

export function isFreeMail(domain: string): boolean {
  return FREE_MAIL.has(domain.toLowerCase()) || FREE_MAIL.has(registeredDomain(domain));
}

function isAutomatedLocal(email: string): boolean {
  return /^(no-?reply|do-?not-?reply|notifications?|mailer-daemon|calendar|invites?|bounce|alerts?)([+._-]|@)/i.test(
    email,
  );
}

/**
 * The account name an address's domain stands for, or null (free mail, notification services, automated senders).
 * Precedence: config.entities.domains (exact, then registered domain), the owner's own domain -> owner organisation,
 * then the title-cased second-level label (`microsoft.com` -> "Microsoft").
 */
export function accountNameForEmail(email: string, config: Config): string | null {
  const domain = emailDomain(email);
  if (!domain || isAutomatedLocal(email)) return null;
  const reg = registeredDomain(domain);
  const mapped = config.entities.domains[domain] ?? config.entities.domains[reg];
  if (mapped) return mapped;
  if (isFreeMail(domain) || SERVICE.has(domain) || SERVICE.has(reg)) return null;
  const ownerDomains = config.owner.emails
    .map((e) => emailDomain(e))
    .filter((d): d is string => d !== null)
    .map(registeredDomain);
  if (ownerDomains.includes(reg)) return config.owner.organisation;
  const label = reg.split('.')[0] ?? '';
  if (label.length < 2 || /^\d+$/.test(label)) return null;
  return label.charAt(0).toUpperCase() + label.slice(1);
}
