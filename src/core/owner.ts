/**
 * Who the vault owner is: the one answer to "is this name or address the owner?" that the extractors, the entity
 * resolver, the triage, the outline and `distill tasks --owner me` share. The owner is written `Myself` in notes.
 *
 * Functions take `{ owner }` (what the config holds) so the vault's Config passes as it is and core needs no config
 * module.
 */

/** How every note links the owner, whatever name a source used. */
export const OWNER = 'Myself';

export interface OwnerIdentity {
  name: string;
  aliases: readonly string[];
  emails: readonly string[];
}

export interface HasOwner {
  owner: OwnerIdentity;
}

export type OwnerMatcher = (name: string | null | undefined, email?: string | null) => boolean;

/** Names that mean the owner, lower-cased: "myself", the configured name and aliases. */
export function ownerNames(cfg: HasOwner): string[] {
  return [OWNER, cfg.owner.name, ...cfg.owner.aliases].map((n) => n.toLowerCase());
}

/** The owner's addresses, lower-cased. */
export function ownerEmails(cfg: HasOwner): string[] {
  return cfg.owner.emails.map((e) => e.toLowerCase());
}

/** The domains of the owner's addresses, lower-cased (`me@vastdata.com` -> `vastdata.com`). */
export function ownerDomains(cfg: HasOwner): string[] {
  return [
    ...new Set(
      ownerEmails(cfg)
        .map((e) => e.split('@')[1] ?? '')
        .filter(Boolean),
    ),
  ];
}

/**
 * Is this the owner: an owner address, or a name equal (case-insensitively, trimmed) to "Myself", the owner's name or
 * an alias. `normaliseName` lets a caller that sees raw header names (`Doe, Jane`, `Jane Doe (VAST)`) also compare
 * their display form; the rule stays this one.
 */
export function ownerMatcher(cfg: HasOwner, normaliseName?: (name: string) => string): OwnerMatcher {
  const names = new Set(ownerNames(cfg).map((n) => n.trim()));
  names.delete('');
  const emails = new Set(ownerEmails(cfg));
  return (name, email) => {
    if (email && emails.has(email.toLowerCase())) return true;
    if (!name) return false;
    if (names.has(name.trim().toLowerCase())) return true;
    return normaliseName !== undefined && names.has(normaliseName(name).toLowerCase());
  };
}

/** `ownerMatcher` for one address-shaped value (`{ name, email }`), as mail headers give them. */
export function isOwnerAddress(a: { name?: string | null; email?: string | null }, cfg: HasOwner): boolean {
  return ownerMatcher(cfg)(a.name, a.email);
}

/**
 * First names the owner is addressed by: the first word of the name and of each alias, and the first part of each
 * address's local part (`jane.doe@` -> `jane`), lower-cased, at least two letters.
 */
export function ownerFirstNames(cfg: HasOwner): string[] {
  const out = new Set<string>();
  for (const n of [cfg.owner.name, ...cfg.owner.aliases]) {
    if (!n || n.toLowerCase() === OWNER.toLowerCase()) continue;
    const first = n.trim().split(/\s+/)[0];
    if (first && first.length > 1) out.add(first.toLowerCase());
  }
  for (const e of cfg.owner.emails) {
    const local = e.split('@')[0]?.split(/[._-]/)[0];
    if (local && local.length > 1) out.add(local.toLowerCase());
  }
  return [...out];
}
