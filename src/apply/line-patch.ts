/**
 * A compact record of a small change to a large file, and its reversal. A run that adds one source to a vault of
 * 10,000 changes a few lines of the 6 MB ledger; its run record keeps those lines with a little context instead of
 * the file's bytes before and after (which made every run record 14 MB and every run 0.3 s slower). Undo takes the
 * change back out: exactly when the file is as the run left it, and like `patch -R` (the context must match, at the
 * recorded place or the nearest one) when later runs have changed other lines of it since.
 *
 * The diff is Myers' O(ND) algorithm over lines, so its cost follows the size of the change, not of the file; a change larger than `maxChanged` lines gets no patch (the caller keeps the whole file instead).
 */

export interface LineHunk {
  /** Line index in the new text where `before` starts. */
  at: number;
  /** Up to `CONTEXT` unchanged lines before the change, the same in both texts. */
  before: string[];
  /** Lines the change removed (from the old text). */
  del: string[];
  /** Lines the change added (in the new text). */
  ins: string[];
  /** Up to `CONTEXT` unchanged lines after the change. */
  after: string[];
}

const CONTEXT = 3;

/** Myers' shortest edit script between a and b: per line of b (true = inserted) and of a (true = deleted). */
function shortestEdit(a: string[], b: string[], maxD: number): { delA: Uint8Array; insB: Uint8Array } | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v (for k in -d-1..d+1) as it was before step d, for the walk back.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return walkBack(trace, d, n, m);
    }
  }
  return null;
}

function walkBack(trace: Int32Array[], dEnd: number, n: number, m: number) {
  const delA = new Uint8Array(n);
  const insB = new Uint8Array(m);
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const t = trace[d]!;
    const at = (k: number) => t[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (x === prevX) insB[prevY] = 1;
    else delA[prevX] = 1;
    x = prevX;
    y = prevY;
  }
  return { delA, insB };
}

/**
 * The hunks that turn `oldText` into `newText`, or null when more than `maxChanged` lines differ (then a patch saves
 * nothing worth its risk). Equal texts give [].
 */
export function linePatch(oldText: string, newText: string, maxChanged = 2000): LineHunk[] | null {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const script = shortestEdit(am, bm, maxChanged);
  if (!script) return null;
  const hunks: LineHunk[] = [];
  // Walk both middles together; each run of changes becomes a hunk, adjacent ones (context overlapping) merged.
  let i = 0;
  let j = 0;
  let open: { bi: number; del: string[]; ins: string[] } | null = null;
  const raw: { bi: number; del: string[]; ins: string[] }[] = [];
  while (i < am.length || j < bm.length) {
    if (i < am.length && script.delA[i]) {
      open ??= { bi: j, del: [], ins: [] };
      open.del.push(am[i++]!);
    } else if (j < bm.length && script.insB[j]) {
      open ??= { bi: j, del: [], ins: [] };
      open.ins.push(bm[j++]!);
    } else {
      if (open) raw.push(open);
      open = null;
      i++;
      j++;
    }
  }
  if (open) raw.push(open);
  for (const r of raw) {
    const bi = r.bi + pre; // its place in the full new text
    const last = hunks.at(-1);
    const gapStart = last ? last.at + last.before.length + last.ins.length : 0;
    if (last && bi - gapStart <= 2 * CONTEXT) {
      // close to the previous hunk: one hunk, the unchanged lines between kept on both sides
      const between = b.slice(gapStart, bi);
      last.del.push(...between, ...r.del);
      last.ins.push(...between, ...r.ins);
      last.after = b.slice(bi + r.ins.length, bi + r.ins.length + CONTEXT);
      continue;
    }
    const from = Math.max(0, bi - CONTEXT);
    hunks.push({
      at: from,
      before: b.slice(from, bi),
      del: r.del,
      ins: r.ins,
      after: b.slice(bi + r.ins.length, bi + r.ins.length + CONTEXT),
    });
  }
  return hunks;
}

function matchesAt(lines: string[], at: number, expected: string[]): boolean {
  if (at < 0 || at + expected.length > lines.length) return false;
  for (let k = 0; k < expected.length; k++) if (lines[at + k] !== expected[k]) return false;
  return true;
}

/**
 * `text` with the patch taken back out (the new lines of each hunk replaced by its old ones), or null when some
 * hunk's lines are no longer there: someone changed the very lines the patch made. A hunk is looked for at its
 * recorded place first, then at the nearest place where its lines and context all match.
 */
export function revertLinePatch(text: string, hunks: LineHunk[]): string | null {
  const lines = text.split('\n');
  // last hunk first: reverting it does not move the lines of the ones before it
  for (const h of [...hunks].sort((x, y) => y.at - x.at)) {
    const expected = [...h.before, ...h.ins, ...h.after];
    let found = -1;
    for (let delta = 0; found < 0 && (h.at - delta >= 0 || h.at + delta < lines.length); delta++) {
      if (matchesAt(lines, h.at - delta, expected)) found = h.at - delta;
      else if (delta > 0 && matchesAt(lines, h.at + delta, expected)) found = h.at + delta;
    }
    if (found < 0) return null;
    lines.splice(found + h.before.length, h.ins.length, ...h.del);
  }
  return lines.join('\n');
}
