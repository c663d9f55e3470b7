/**
 * A line-based three-way merge: the changes from `base` to `ours` and from `base` to `theirs`, both kept, where they
 * touch different lines. Undo uses it to take a run's edits out of a file the user has edited since (base: the file
 * as the run left it; ours: as it is now; theirs: as it was before the run).
 */
import { edits } from './diff.ts';

/** One changed region: base lines [oStart, oEnd) became side lines [sStart, sEnd). */
interface Hunk {
  oStart: number;
  oEnd: number;
  sStart: number;
  sEnd: number;
}

function hunks(base: string[], side: string[]): Hunk[] {
  const out: Hunk[] = [];
  let cur: Hunk | null = null;
  for (const e of edits(base, side)) {
    if (e.op === ' ') {
      if (cur) out.push(cur);
      cur = null;
      continue;
    }
    cur ??= { oStart: e.ai, oEnd: e.ai, sStart: e.bi, sEnd: e.bi };
    if (e.op === '-') cur.oEnd = e.ai + 1;
    else cur.sEnd = e.bi + 1;
  }
  if (cur) out.push(cur);
  return out;
}

export type MergeResult = { ok: true; text: string } | { ok: false };

export function merge3(base: string, ours: string, theirs: string): MergeResult {
  if (ours === base) return { ok: true, text: theirs };
  if (theirs === base || theirs === ours) return { ok: true, text: ours };
  const o = base.split('\n');
  const a = ours.split('\n');
  const b = theirs.split('\n');
  const tagged = [
    ...hunks(o, a).map((h) => ({ ...h, side: 0 as const })),
    ...hunks(o, b).map((h) => ({ ...h, side: 1 as const })),
  ].sort((x, y) => x.oStart - y.oStart || x.oEnd - y.oEnd);
  const out: string[] = [];
  const shift = [0, 0];
  let pos = 0;
  let k = 0;
  while (k < tagged.length) {
    // a group: hunks whose base ranges overlap or touch (two edits next to each other are one conflict, as in diff3)
    const start = tagged[k]!.oStart;
    let end = tagged[k]!.oEnd;
    const group = [tagged[k]!];
    while (k + 1 < tagged.length && tagged[k + 1]!.oStart <= end) {
      k++;
      group.push(tagged[k]!);
      end = Math.max(end, tagged[k]!.oEnd);
    }
    k++;
    out.push(...o.slice(pos, start));
    pos = end;
    // each side's text for base [start, end): its hunks before the group moved it by shift[side]
    const ranges = [a, b].map((text, side) => {
      const from = start + shift[side]!;
      for (const h of group) if (h.side === side) shift[side]! += h.sEnd - h.sStart - (h.oEnd - h.oStart);
      return text.slice(from, end + shift[side]!);
    });
    const sides = new Set(group.map((h) => h.side));
    if (sides.size === 2 && ranges[0]!.join('\n') !== ranges[1]!.join('\n')) return { ok: false };
    out.push(...ranges[sides.has(0) ? 0 : 1]!);
  }
  out.push(...o.slice(pos));
  return { ok: true, text: out.join('\n') };
}
