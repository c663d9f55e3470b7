/** A file of the vault as the pure layers see it: its vault-relative POSIX path and its text. */
export interface VaultFile {
  path: string;
  content: string;
}
