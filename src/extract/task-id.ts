import { createHash } from 'node:crypto';

/** Normalised so that re-wording in whitespace, case or punctuation keeps the same id. */
export function normaliseTaskText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Stable task id (Obsidian Tasks `🆔` field): `t` + 8 hex of sha256(source_id + normalised text). */
export function taskId(sourceId: string, text: string): string {
  return `t${createHash('sha256')
    .update(`${sourceId}\n${normaliseTaskText(text)}`)
    .digest('hex')
    .slice(0, 8)}`;
}
