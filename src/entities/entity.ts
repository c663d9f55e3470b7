/** The one definition of an entity: a person, an account (company/organisation) or a project with a page. */
export type EntityKind = 'person' | 'account' | 'project';

export interface Entity {
  /** Stable id: `<kind>:<slug of canonical name>`. */
  id: string;
  kind: EntityKind;
  /** Canonical display name; also the folder name and the wikilink target. */
  name: string;
  /** Other spellings that resolve to this entity (written to frontmatter `aliases` so Obsidian resolves them). */
  aliases: string[];
  emails: string[];
  /** Accounts: email domains that identify the organisation (`microsoft.com`). */
  domains: string[];
  organisation: string | null;
  role: string | null;
  /** Vault-relative folder holding README.md (`People/Jeff Denworth`). */
  folder: string;
  /** The vault owner ("Myself"). */
  owner?: boolean;
}
