/**
 * The review queue of new entities: the pages a run created, each with why it got a page, so the digest can ask
 * "keep, merge or delete?" (`distill entities merge|delete|ignore`) while the name is fresh.
 */
import type { Config } from '../vault/config.ts';
import type { EntityKind } from './entity.ts';
import { entityFromPage, pageKind } from './registry.ts';
import { entityStatePath, parseState } from './state.ts';

export interface NewEntityReview {
  id: string;
  kind: EntityKind;
  name: string;
  /** The page, vault-relative (`People/Jeff Denworth/README.md`). */
  page: string;
  /** Sources that contributed to the page so far. */
  sources: number;
  /** Why it got a page, in words: "exchanged mail (jeff@vastdata.com)", "named in 3 sources". */
  why: string;
}

/**
 * Entities whose page the run created. `runRecord` is the run's record (`.distill/runs/<id>.json`, its
 * `created_files`); `read` gives a vault file's text or null.
 */
export function newEntitiesOfRun(
  runRecord: string,
  read: (path: string) => string | null,
  config: Config,
): NewEntityReview[] {
  let created: { path?: unknown }[] = [];
  try {
    const record = JSON.parse(runRecord) as { created_files?: { path?: unknown }[] };
    created = Array.isArray(record.created_files) ? record.created_files : [];
  } catch {
    return [];
  }
  const out: NewEntityReview[] = [];
  for (const f of created) {
    if (typeof f?.path !== 'string' || !pageKind(f.path, config)) continue;
    const text = read(f.path);
    if (text === null) continue;
    const e = entityFromPage(f.path, text, config);
    if (!e || e.owner) continue;
    const stateText = read(entityStatePath(e.id));
    let sources = 0;
    try {
      if (stateText) sources = Object.values(parseState(stateText, e.id).contributions).filter((c) => !c.legacy).length;
    } catch {
      // a damaged state only loses the count
    }
    const why =
      e.kind === 'account' && e.domains.length > 0
        ? `mail from ${e.domains.join(', ')}`
        : e.emails.length > 0
          ? `exchanged mail (${e.emails.join(', ')})`
          : sources >= config.entities.min_sources
            ? `named in ${sources} sources`
            : 'took part in a call or a thread';
    out.push({ id: e.id, kind: e.kind, name: e.name, page: f.path, sources, why });
  }
  return out.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : 1) : a.kind < b.kind ? -1 : 1));
}
