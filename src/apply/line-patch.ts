/**
 * A compact record of a small change to a large file, and its reversal. A run that adds one source to a vault of
 * 10,000 changes a few lines of the 6 MB ledger; its run record keeps those lines with a little context instead of
 * the file's bytes before and after (which made every run record 14 MB and every run 0.3 s slower). Undo takes the
 * change back out: exactly when the file is as the run left it, and like `patch -R` (the context must match, at the
 * recorded place or the nearest one) when later runs have changed other lines of it since.
 *
 * The diff anchors on lines found once in each text (patience diff) and runs Myers' O(ND) algorithm between
 * anchors, so its cost follows the size of the change, not of the file, even when a batch of sources changes
 * thousands of lines; a change larger than `maxChanged` lines gets no patch (the caller keeps the whole file).
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
/** Up to this many changed lines, plain Myers is cheaper than indexing the lines for anchors. */
const SMALL_CHANGE = 200;

/**
 * The edit script between a and b in linear-ish time however many lines changed, as long as the changes sit
 * between lines that occur once in each text (patience diff): in Distill's JSON state every record has such a line
 * (a source id, an entity id), so a batch of 200 sources adding thousands of lines all over a 100,000-line ledger
 * costs a sort and a few small Myers runs, not one Myers run whose cost grows with the square of the lines changed.
 * A gap between anchors that Myers cannot do within the budget is recorded as all removed and all added: still an
 * exact script, only larger. Null when more than `maxChanged` lines differ. A small change (one source into a large
 * vault: a few dozen lines) is found by Myers directly, without indexing every line of the region.
 */
function shortestEdit(a: string[], b: string[], maxChanged: number): { delA: Uint8Array; insB: Uint8Array } | null {
  const small = myers(a, b, Math.min(maxChanged, SMALL_CHANGE));
  if (small) return small;
  const delA = new Uint8Array(a.length);
  const insB = new Uint8Array(b.length);
  let changed = 0;
  const gap = (i0: number, i1: number, j0: number, j1: number): boolean => {
    while (i0 < i1 && j0 < j1 && a[i0] === b[j0]) {
      i0++;
      j0++;
    }
    while (i1 > i0 && j1 > j0 && a[i1 - 1] === b[j1 - 1]) {
      i1--;
      j1--;
    }
    const budget = maxChanged - changed;
    if (i1 - i0 + (j1 - j0) === 0) return true;
    const sub = i0 < i1 && j0 < j1 ? myers(a.slice(i0, i1), b.slice(j0, j1), Math.min(budget, 2000)) : null;
    for (let i = i0; i < i1; i++) {
      if (sub && !sub.delA[i - i0]) continue;
      delA[i] = 1;
      changed++;
    }
    for (let j = j0; j < j1; j++) {
      if (sub && !sub.insB[j - j0]) continue;
      insB[j] = 1;
      changed++;
    }
    return changed <= maxChanged;
  };
  let prevI = 0;
  let prevJ = 0;
  for (const [i, j] of uniqueAnchors(a, b)) {
    if (!gap(prevI, i, prevJ, j)) return null;
    prevI = i + 1;
    prevJ = j + 1;
  }
  return gap(prevI, a.length, prevJ, b.length) ? { delA, insB } : null;
}

/** Pairs (i, j) with a[i] === b[j] a line found once in each, the longest run of them in order in both. */
function uniqueAnchors(a: string[], b: string[]): [number, number][] {
  const inA = new Map<string, number>();
  for (let i = 0; i < a.length; i++) inA.set(a[i]!, inA.has(a[i]!) ? -1 : i);
  const inB = new Map<string, number>();
  for (let j = 0; j < b.length; j++) inB.set(b[j]!, inB.has(b[j]!) ? -1 : j);
  const pairs: [number, number][] = [];
  for (let j = 0; j < b.length; j++) {
    const i = inA.get(b[j]!);
    if (i !== undefined && i >= 0 && inB.get(b[j]!) === j) pairs.push([i, j]);
  }
  // longest increasing run of i over pairs ordered by j (patience sorting)
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![0] < pairs[k]![0]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails.length ? tails.at(-1)! : -1; k >= 0; k = prev[k]!) out.push(pairs[k]!);
  return out.reverse();
}

/** Myers' shortest edit script between a and b: per line of b (true = inserted) and of a (true = deleted). */
function myers(a: string[], b: string[], maxD: number): { delA: Uint8Array; insB: Uint8Array } | null {
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

/** Length of the common prefix of a and b, by halving (native comparisons: no loop over 6 MB of characters). */
function commonPrefix(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.startsWith(b.slice(lo, mid), lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function commonSuffix(a: string, b: string, max: number): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length, max);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.endsWith(b.slice(b.length - mid, b.length - lo), a.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The lines that differ, found without splitting the whole of two large texts: the common start and end are
 * measured on characters and cut back to whole lines; only what lies between is split. `pre` is the number of
 * lines before it; `window` the new text's lines from CONTEXT lines before it to CONTEXT lines after.
 */
function changedRegion(a: string, b: string) {
  let p = commonPrefix(a, b);
  if (p === a.length && p === b.length) return { am: [], bm: [], pre: 0, window: [], windowStart: 0 };
  p = p === 0 ? 0 : a.lastIndexOf('\n', p - 1) + 1; // back to the start of the line where they part
  let s = commonSuffix(a, b, Math.min(a.length, b.length) - p);
  // forward to a line start that is one in both texts
  while (s > 0 && !(a[a.length - s - 1] === '\n' && b[b.length - s - 1] === '\n')) {
    const next = a.indexOf('\n', a.length - s);
    s = next === -1 ? 0 : a.length - next - 1;
  }
  const lines = (t: string, end: number) => {
    const mid = t.slice(p, end);
    // with a common end, the middle ends with the newline before it (not a line of its own)
    return s > 0 ? (mid === '' ? [] : mid.slice(0, -1).split('\n')) : mid.split('\n');
  };
  const am = lines(a, a.length - s);
  const bm = lines(b, b.length - s);
  const pre = countLines(a, p);
  const tail: string[] = [];
  // `end` is the newline that ends the line; the lines before the change, as many as context needs and exist
  for (let end = p - 1; tail.length < CONTEXT && tail.length < pre; ) {
    const start = end === 0 ? 0 : b.lastIndexOf('\n', end - 1) + 1;
    tail.unshift(b.slice(start, end));
    end = start - 1;
  }
  const head = s > 0 ? b.slice(b.length - s).split('\n', CONTEXT) : [];
  return { am, bm, pre, window: [...tail, ...bm, ...head], windowStart: pre - tail.length };
}

/**
 * The hunks that turn `oldText` into `newText`, or null when more than `maxChanged` lines differ (then a patch saves
 * nothing worth its risk). Equal texts give [].
 */
export function linePatch(oldText: string, newText: string, maxChanged = 200_000): LineHunk[] | null {
  const { am, bm, pre, window, windowStart } = changedRegion(oldText, newText);
  // lines [x, y) of the new text, from the window around the change (context reaches at most CONTEXT lines out)
  const b = {
    slice: (x: number, y: number) => window.slice(Math.max(0, x - windowStart), Math.max(0, y - windowStart)),
  };
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

/**
 * `text` with the patch made (each hunk's old lines replaced by its new ones), or null when a hunk's old lines and
 * context are not where the patch says: the text is not the one the patch was made from.
 */
export function applyLinePatch(text: string, hunks: LineHunk[]): string | null {
  const lines = text.split('\n');
  // first hunk first: `at` counts lines of the new text, which the hunks before it have already made
  for (const h of [...hunks].sort((x, y) => x.at - y.at)) {
    if (!matchesAt(lines, h.at, [...h.before, ...h.del, ...h.after])) return null;
    lines.splice(h.at + h.before.length, h.del.length, ...h.ins);
  }
  return lines.join('\n');
}
