/** A file of the vault as the pure layers see it: its vault-relative POSIX path and its text. */
export interface VaultFile {
  path: string;
  content: string;
}

/** A read-only view of the vault as it was when a run started: what the planner and the output builders read. */
export interface Snapshot {
  read(path: string): string | null;
  exists(path: string): boolean;
}
