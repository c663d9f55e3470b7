/**
 * Turning what a user types into an FTS5 query and filters, as pure functions: every word becomes a quoted FTS5
 * string (so `AND`, `NEAR`, `-`, `:` or a stray quote in a query are words, never syntax errors), `"a phrase"` stays
 * a phrase and `word*` a prefix.
 */
import { DOC_KINDS } from './documents.ts';

export interface SearchFilters {
  /** Lower-cased names, any of which a row's people (or accounts) must hold. */
  people?: string[];
  accounts?: string[];
  /** YYYY-MM-DD: rows dated on or after it. */
  since?: string;
  /** A DocKind or a subtype (email, meeting, document, person, account, project). */
  kind?: string;
}

/** The FTS5 MATCH expression for a query: all terms (`any` = at least one), or null when nothing searchable is left. */
export function ftsQuery(text: string, mode: 'all' | 'any' = 'all'): string | null {
  const terms: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|([\p{L}\p{N}_]+(?:['’.][\p{L}\p{N}_]+)*)(\*)?/gu)) {
    if (m[1] !== undefined) {
      const words = m[1].match(/[\p{L}\p{N}_]+/gu) ?? [];
      if (words.length > 0) terms.push(`"${words.join(' ')}"`);
    } else if (m[2]) {
      // Inner punctuation (O'Brien, v1.2) is a token break for the tokenizer: the parts stay one phrase.
      const words = m[2].match(/[\p{L}\p{N}_]+/gu) ?? [];
      terms.push(`"${words.join(' ')}"${m[3] && words.length === 1 ? '*' : ''}`);
    }
  }
  if (terms.length === 0) return null;
  return terms.join(mode === 'all' ? ' ' : ' OR ');
}

export class SearchUsageError extends Error {
  override name = 'SearchUsageError';
}

export function checkFilters(f: SearchFilters): void {
  if (f.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(f.since))
    throw new SearchUsageError(`since must be YYYY-MM-DD, not "${f.since}"`);
  if (f.kind !== undefined && !DOC_KINDS.includes(f.kind))
    throw new SearchUsageError(`kind must be one of ${DOC_KINDS.join(', ')} (got "${f.kind}")`);
}

const SEP = '\u001f';

/** How a name list is stored in a column: each name between separators, so `instr` matches whole names only. */
export function packNames(names: string[]): string {
  return names.length === 0 ? '' : `${SEP}${names.join(SEP)}${SEP}`;
}

export function unpackNames(packed: string): string[] {
  return packed.split(SEP).filter((x) => x !== '');
}

/** SQL conditions (over `d`, the docs table) and their parameters for the filters. */
export function filterSql(f: SearchFilters): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const anyName = (column: string, names: string[]) => {
    where.push(`(${names.map(() => `instr(d.${column}, ?) > 0`).join(' OR ')})`);
    params.push(...names.map((n) => `${SEP}${n}${SEP}`));
  };
  if (f.people && f.people.length > 0) anyName('people', f.people);
  if (f.accounts && f.accounts.length > 0) anyName('accounts', f.accounts);
  if (f.since) {
    where.push('d.date >= ?');
    params.push(f.since);
  }
  if (f.kind) {
    if (['email', 'meeting', 'document'].includes(f.kind)) where.push(`(d.kind = 'note' AND d.subtype = ?)`);
    else if (['person', 'account', 'project'].includes(f.kind)) where.push(`(d.kind = 'entity' AND d.subtype = ?)`);
    else where.push('d.kind = ?');
    params.push(f.kind);
  }
  return { where, params };
}
