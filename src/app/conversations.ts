/**
 * A run's sources grouped into conversations (#13): copies adapted in this run that are one thread or meeting, and
 * copies of a conversation the vault already has (found through the ledger's conversation keys, confirmed on the
 * archived copies), become one unit with one merged envelope, processed into the conversation's one note.
 *
 * The ledger decides for copies it knows (a rebuild regroups exactly as the incremental runs did); only copies it
 * does not know are matched by content. A conversation keeps the id it was first given, so its task ids, stored
 * extraction and entity contributions stay where they are when another copy arrives.
 */

import { existsSync, readFileSync } from 'node:fs';
import {
  type ConversationFingerprint,
  type ConversationKeys,
  conversationKeysOf,
  fingerprint,
  fingerprintWith,
  legacyConversationKeys,
  type MergedConversation,
  mayBeSameConversation,
  mergeEnvelopes,
  rootFinder,
  sameConversation,
} from '../ingest/conversation.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { ingestFile } from '../ingest/index.ts';
import type { ConversationInput, CopyInput } from '../plan/conversations.ts';
import { LEDGER_PATH, type Ledger, type LedgerSource, parseLedger } from '../vault/ledger.ts';
import { vaultFile } from '../vault/paths.ts';

export interface AdaptedSource {
  inboxPath: string;
  env: SourceEnvelope;
  /** The first envelope of its file (an mbox gives several): the one that archives the file. */
  first: boolean;
}

export interface ConversationUnit {
  /** The copy processed as the source: its `env` is the whole conversation's envelope. */
  lead: AdaptedSource;
  /** Every copy adapted in this run, the lead's own among them (with its own envelope). */
  members: AdaptedSource[];
  /** The conversation's ledger entry, when the vault has it. */
  entry: LedgerSource | null;
  /** The lead is the conversation's own file (false: it is another copy of a conversation the vault has). */
  leadIsOwn: boolean;
  /** More than one copy in all (this run's and the archived ones). */
  merged: MergedConversation;
  /** The conversation as its note shows it now, when the vault has it; null when it could not be read back. */
  previous: SourceEnvelope | null;
  /** Archived copies that could not be read back (reported as warnings). */
  unreadable: string[];
}

/** What the ledger knows of every source id, copies of conversations included. */
export interface KnownSources {
  /** The conversation (ledger entry id) a source id is recorded under: its own entry, or the one it is a copy of. */
  conversationOf(id: string): string | undefined;
  /** Where the ledger has that source id archived. */
  archivedPathOf(id: string): string | undefined;
}

export function knownSources(ledger: Ledger): KnownSources {
  const copies = new Map<string, { conv: string; path: string }>();
  for (const [id, e] of Object.entries(ledger.sources)) {
    for (const c of e.copies ?? []) copies.set(c.source_id, { conv: id, path: c.archived_path });
  }
  return {
    conversationOf: (id) => (ledger.sources[id] ? id : copies.get(id)?.conv),
    archivedPathOf: (id) => ledger.sources[id]?.archived_path ?? copies.get(id)?.path,
  };
}

/** Reads an archived file back into its envelopes (an mbox holds several); [] when it cannot be read. */
export type ArchiveLoader = (archivedPath: string) => Promise<SourceEnvelope[]>;

/**
 * The ledger's conversations by their keys, for matching new sources against. Built on first need and only as far
 * as needed: a run of a few new sources scans the entries' keys for theirs (no index of every key of a 10,000-entry
 * ledger is made for them); a run that asks many times builds the index once.
 */
class LedgerIndex {
  private copies: Map<string, string> | null = null;
  private byKey: Map<string, string[]> | null = null;
  private readonly stored = new Map<string, string[]>();
  private asked = 0;

  constructor(readonly ledger: Ledger) {}

  private keysOf(id: string, e: LedgerSource): string[] {
    let keys = this.stored.get(id);
    if (!keys) {
      keys = e.conversation_keys ?? legacyConversationKeys(e);
      this.stored.set(id, keys);
    }
    return keys;
  }

  /** The conversation a source id is recorded under, if any. */
  conversationOf(id: string): string | undefined {
    if (this.ledger.sources[id]) return id;
    if (!this.copies) {
      this.copies = new Map();
      for (const [conv, e] of Object.entries(this.ledger.sources))
        for (const c of e.copies ?? []) this.copies.set(c.source_id, conv);
    }
    return this.copies.get(id);
  }

  /** Conversations that may hold a copy with this fingerprint, judged on their stored keys. */
  candidates(f: ConversationKeys): string[] {
    const out = new Set<string>();
    // participant keys only rule candidates out
    const wanted = f.keys.filter((k) => !k.startsWith('p:'));
    if (wanted.length > 0 && (this.byKey || ++this.asked > 8)) {
      const byKey = this.index();
      for (const k of wanted) for (const id of byKey.get(k) ?? []) out.add(id);
    } else if (wanted.length > 0) {
      const want = new Set(wanted);
      for (const [id, e] of Object.entries(this.ledger.sources))
        if (this.keysOf(id, e).some((k) => want.has(k))) out.add(id);
    }
    return [...out].filter((id) => mayBeSameConversation(f, this.stored.get(id) ?? [])).sort();
  }

  private index(): Map<string, string[]> {
    if (this.byKey) return this.byKey;
    const byKey = new Map<string, string[]>();
    for (const [id, e] of Object.entries(this.ledger.sources)) {
      for (const k of this.keysOf(id, e)) {
        if (k.startsWith('p:')) continue;
        const list = byKey.get(k);
        if (list) list.push(id);
        else byKey.set(k, [id]);
      }
    }
    this.byKey = byKey;
    return byKey;
  }
}

/** Every archived copy of a ledger conversation: (archived path, the copy's source id). */
function archivedCopies(id: string, e: LedgerSource): { path: string; source_id: string }[] {
  return [
    { path: e.archived_path, source_id: id },
    ...(e.copies ?? []).map((c) => ({ path: c.archived_path, source_id: c.source_id })),
  ];
}

/**
 * Groups the fresh sources of a run into conversation units, in the order of their first member. A source that is
 * not a copy of anything is a unit of its own with its envelope unchanged.
 */
export async function conversationUnits(
  fresh: AdaptedSource[],
  ledger: Ledger,
  load: ArchiveLoader,
): Promise<ConversationUnit[]> {
  const index = new LedgerIndex(ledger);
  // keys for every source; the fingerprint (message and spoken-text shingles) only for those compared
  const keys = fresh.map((a) => conversationKeysOf(a.env));
  const prints: (ConversationFingerprint | null)[] = fresh.map(() => null);
  const printOf = (i: number): ConversationFingerprint => {
    let p = prints[i];
    if (!p) {
      p = fingerprintWith(fresh[i]!.env, keys[i]!);
      prints[i] = p;
    }
    return p;
  };

  // 1. Union-find over fresh sources; a group may carry the ledger conversation it belongs to (its anchor).
  const parent = fresh.map((_, i) => i);
  const anchor = new Map<number, string>();
  const find = rootFinder(parent);
  const union = (a: number, b: number): boolean => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return true;
    const xa = anchor.get(ra);
    const xb = anchor.get(rb);
    if (xa && xb && xa !== xb) return false; // the ledger keeps two conversations apart
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    const x = xa ?? xb;
    if (x) anchor.set(root, x);
    anchor.delete(child);
    return true;
  };
  fresh.forEach((a, i) => {
    const conv = index.conversationOf(a.env.source_id);
    if (conv) {
      const r = find(i);
      if (!anchor.has(r)) anchor.set(r, conv);
    }
  });
  const firstOfConv = new Map<string, number>();
  fresh.forEach((a, i) => {
    const conv = index.conversationOf(a.env.source_id);
    if (!conv) return;
    const seen = firstOfConv.get(conv);
    if (seen === undefined) firstOfConv.set(conv, i);
    else union(seen, i);
  });

  // 2. Sources the ledger does not know: matched by content with the other fresh sources…
  const unknown = fresh.map((a, i) => (index.conversationOf(a.env.source_id) ? -1 : i)).filter((i) => i >= 0);
  const mergeable = (i: number) => fresh[i]!.env.kind !== 'document';
  const byKey = new Map<string, number[]>();
  fresh.forEach((_, i) => {
    if (!mergeable(i)) return;
    for (const k of keys[i]!.keys) byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  const isUnknown = new Set(unknown);
  for (const i of unknown) {
    if (!mergeable(i)) continue;
    const others = new Set<number>();
    // each pair once: another unknown source is compared from the lower index
    for (const k of keys[i]!.keys) {
      for (const j of byKey.get(k) ?? []) if (j !== i && !(isUnknown.has(j) && j < i)) others.add(j);
    }
    for (const j of [...others].sort((a, b) => a - b)) {
      if (find(i) === find(j)) continue;
      if (sameConversation(printOf(i), printOf(j))) union(i, j);
    }
  }

  // …and with the conversations the vault has (their archived copies read back only when a key matches).
  const archived = new Map<string, ConversationFingerprint[]>();
  const archivedEnvs = new Map<string, SourceEnvelope[]>();
  const unreadable = new Map<string, string[]>();
  const loadConversation = async (id: string): Promise<SourceEnvelope[]> => {
    const had = archivedEnvs.get(id);
    if (had) return had;
    const entry = ledger.sources[id]!;
    const envs: SourceEnvelope[] = [];
    const missing: string[] = [];
    for (const c of archivedCopies(id, entry)) {
      const fromRun = fresh.find((a) => a.env.source_id === c.source_id);
      if (fromRun) {
        envs.push(fromRun.env);
        continue;
      }
      const found = (await load(c.path)).find((e) => e.source_id === c.source_id);
      if (found) envs.push({ ...found, path: c.path });
      else missing.push(c.path);
    }
    archivedEnvs.set(id, envs);
    unreadable.set(id, missing);
    return envs;
  };
  for (const i of unknown) {
    if (!mergeable(i) || anchor.has(find(i))) continue;
    for (const id of index.candidates(keys[i]!)) {
      const e = ledger.sources[id]!;
      if (e.kind !== fresh[i]!.env.kind) continue;
      let fps = archived.get(id);
      if (!fps) {
        fps = (await loadConversation(id)).map(fingerprint);
        archived.set(id, fps);
      }
      if (fps.some((f) => sameConversation(printOf(i), f))) {
        const r = find(i);
        if (!anchor.has(r)) anchor.set(r, id);
        const seen = firstOfConv.get(id);
        if (seen === undefined) firstOfConv.set(id, i);
        else union(seen, i);
        break;
      }
    }
  }

  // 3. One unit per group.
  const groups = new Map<number, number[]>();
  fresh.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  const units: ConversationUnit[] = [];
  for (const members of [...groups.values()].sort((a, b) => a[0]! - b[0]!)) {
    const conv = anchor.get(find(members[0]!)) ?? null;
    const entry = conv ? (ledger.sources[conv] ?? null) : null;
    const adapted = members.map((i) => fresh[i]!);
    if (!conv && adapted.length === 1) {
      const only = adapted[0]!;
      units.push({
        lead: only,
        members: adapted,
        entry: null,
        leadIsOwn: true,
        merged: mergeEnvelopes([only.env]),
        previous: null,
        unreadable: [],
      });
      continue;
    }
    const before = conv ? await loadConversation(conv) : [];
    const all = [...adapted.map((a) => a.env), ...before];
    const merged = mergeEnvelopes(all, conv ? { sourceId: conv } : {});
    const id = merged.envelope.source_id;
    const own = adapted.find((a) => a.env.source_id === id);
    const lead = own ?? adapted[0]!;
    const previous = conv && before.length > 0 ? mergeEnvelopes(before, { sourceId: conv }).envelope : null;
    units.push({
      lead: { ...lead, env: merged.envelope },
      members: adapted,
      entry,
      leadIsOwn: own !== undefined,
      merged,
      previous,
      unreadable: conv ? (unreadable.get(conv) ?? []) : [],
    });
  }
  return units;
}

/**
 * What the planner needs of a unit's copies: each copy of this run other than the conversation's own file, with
 * where it is archived (`archive` assigns a free path under Sources/, or keeps one already there).
 */
export function conversationInput(
  u: ConversationUnit,
  archive: (env: SourceEnvelope, inboxPath: string) => { path: string; move: boolean },
): ConversationInput | undefined {
  if (u.merged.copies.length <= 1 && !u.entry?.copies?.length) {
    return u.merged.keys.length > 0 ? { copies: [], keys: u.merged.keys, previous: null } : undefined;
  }
  const id = u.lead.env.source_id;
  const copies: CopyInput[] = [];
  for (const m of u.members) {
    if (m.env.source_id === id && u.leadIsOwn) continue;
    const known = u.entry?.copies?.find((c) => c.source_id === m.env.source_id);
    if (known && known.archived_path === m.inboxPath) {
      copies.push({ inboxPath: m.inboxPath, source_id: m.env.source_id, archivedPath: m.inboxPath });
      continue;
    }
    const target = archive(m.env, m.inboxPath);
    copies.push({
      inboxPath: m.inboxPath,
      source_id: m.env.source_id,
      archivedPath: target.path,
      archive: target.move,
    });
  }
  return { copies, keys: u.merged.keys, previous: u.previous };
}

/** Two notes that look like one conversation split in two (`distill doctor`). */
export interface SplitConversation {
  note: string;
  other: string;
  title: string;
  otherTitle: string;
}

/**
 * Notes of the vault that look like one conversation split in two: ledger entries sharing a conversation key whose
 * archived copies `sameConversation` joins. Reads back the copies of entries that share a key (and, once, those of
 * entries recorded before conversation keys existed).
 */
export async function splitConversations(ledger: Ledger, load: ArchiveLoader): Promise<SplitConversation[]> {
  const prints = new Map<string, ConversationFingerprint[]>();
  const printsOf = async (id: string): Promise<ConversationFingerprint[]> => {
    const had = prints.get(id);
    if (had) return had;
    const out: ConversationFingerprint[] = [];
    for (const c of archivedCopies(id, ledger.sources[id]!)) {
      const env = (await load(c.path)).find((e) => e.source_id === c.source_id);
      if (env) out.push(fingerprint(env));
    }
    prints.set(id, out);
    return out;
  };
  // An entry recorded before conversation keys existed is indexed by its copies' real keys, read back once.
  const byKey = new Map<string, string[]>();
  for (const [id, e] of Object.entries(ledger.sources).sort(([a], [b]) => a.localeCompare(b))) {
    if (e.kind === 'document') continue;
    const keys = e.conversation_keys ?? (await printsOf(id)).flatMap((p) => p.keys);
    for (const k of new Set(keys)) if (!k.startsWith('p:')) byKey.set(k, [...(byKey.get(k) ?? []), id]);
  }
  const found: SplitConversation[] = [];
  const tried = new Set<string>();
  for (const ids of [...byKey.values()].filter((l) => l.length > 1)) {
    const sorted = [...new Set(ids)].sort();
    for (let x = 0; x < sorted.length; x++) {
      for (let y = x + 1; y < sorted.length; y++) {
        const a = ledger.sources[sorted[x]!]!;
        const b = ledger.sources[sorted[y]!]!;
        const pair = `${sorted[x]}|${sorted[y]}`;
        if (tried.has(pair) || a.kind !== b.kind || a.kind === 'document' || a.note_path === b.note_path) continue;
        tried.add(pair);
        const pa = await printsOf(sorted[x]!);
        const pb = await printsOf(sorted[y]!);
        if (pa.some((p) => pb.some((q) => sameConversation(p, q)))) {
          const [first, second] = a.note_path <= b.note_path ? [a, b] : [b, a];
          found.push({ note: first.note_path, other: second.note_path, title: first.title, otherTitle: second.title });
        }
      }
    }
  }
  return found.sort((p, q) => p.note.localeCompare(q.note) || p.other.localeCompare(q.other));
}

/** `distill doctor`'s findings: one per pair of notes that look like one conversation split in two. */
export async function conversationFindings(
  root: string,
): Promise<{ check: 'split-conversation'; path: string; detail: string }[]> {
  const file = vaultFile(root, LEDGER_PATH);
  if (!existsSync(file)) return [];
  let ledger: Ledger;
  try {
    ledger = parseLedger(readFileSync(file, 'utf8'));
  } catch {
    return []; // an unreadable ledger is reported by the state checks
  }
  const load: ArchiveLoader = async (p) => {
    try {
      return await ingestFile(vaultFile(root, p), { displayPath: p });
    } catch {
      return [];
    }
  };
  return (await splitConversations(ledger, load)).map((s) => ({
    check: 'split-conversation' as const,
    path: s.note,
    detail: `looks like one conversation with ${s.other} ("${s.otherTitle}"): the same thread or meeting in two notes`,
  }));
}
