/**
 * Evidence that a name deserves a page. A person who wrote, received or spoke in a source is someone the owner
 * deals with; a name only mentioned (a colleague named in passing, an author cited, "as Kurt Vonnegut said") gets a
 * page only once `entities.min_sources` different sources name it. Until then it stays plain text in its notes.
 *
 * The count spans runs: sources processed earlier are read from their stored extractions (`.distill/extractions/`),
 * sources of this run are added as they are resolved, in the run's order. Sources being processed again are left
 * out of the earlier count, so a rebuild or `--reprocess` decides exactly as one run over the same sources would.
 */
import type { EntityKind } from './entity.ts';
import { displayPersonName } from './names.ts';
import { entityKey } from './registry.ts';

function keyOf(kind: EntityKind, name: string): string {
  return `${kind}|${entityKey(kind, kind === 'person' ? displayPersonName(name) : name)}`;
}

interface StoredMention {
  kind?: unknown;
  name?: unknown;
}

export class MentionHistory {
  private seen: Map<string, Set<string>> | null = null;

  /**
   * @param earlier stored extractions (JSON text, `{ extraction: { source_id, mentions } }`), read only when a
   *   count is first needed
   * @param skip source ids processed again now: their stored extraction is not counted as an earlier source
   * @param enough the count that settles the question (`entities.min_sources`): past it a name's sources are not
   *   kept, so a vault of 10,000 sources does not hold every source id of every name it ever saw
   */
  constructor(
    private readonly earlier: () => Iterable<string> = () => [],
    private readonly skip: ReadonlySet<string> = new Set(),
    private readonly enough = Number.POSITIVE_INFINITY,
  ) {}

  private load(): Map<string, Set<string>> {
    if (this.seen) return this.seen;
    this.seen = new Map();
    for (const text of this.earlier()) {
      let stored: { extraction?: { source_id?: unknown; mentions?: unknown } };
      try {
        stored = JSON.parse(text);
      } catch {
        continue; // a damaged stored extraction only loses its mentions from the count
      }
      const ex = stored?.extraction as { source_id?: unknown; mentions?: unknown; participants?: unknown } | undefined;
      if (!ex || typeof ex.source_id !== 'string' || this.skip.has(ex.source_id)) continue;
      // participants only the extractor named count like mentions (see resolveExtraction)
      const people = Array.isArray(ex.participants)
        ? (ex.participants as { name?: unknown }[]).map((p) => ({ kind: 'person', name: p?.name }))
        : [];
      for (const m of [...(Array.isArray(ex.mentions) ? (ex.mentions as StoredMention[]) : []), ...people]) {
        if (typeof m?.name !== 'string') continue;
        if (m.kind !== 'person' && m.kind !== 'account' && m.kind !== 'project') continue;
        this.note(m.kind, m.name, ex.source_id);
      }
    }
    return this.seen;
  }

  private note(kind: EntityKind, name: string, sourceId: string): void {
    const k = keyOf(kind, name);
    const seen = this.seen!;
    let sources = seen.get(k);
    if (!sources) {
      sources = new Set();
      seen.set(k, sources);
    }
    if (sources.size < this.enough) sources.add(sourceId);
  }

  /** Records that `sourceId` names `name`; returns how many different sources have named it so far (up to `enough`). */
  named(kind: EntityKind, name: string, sourceId: string): number {
    this.load();
    this.note(kind, name, sourceId);
    return this.seen!.get(keyOf(kind, name))!.size;
  }
}
