/** A small unified diff (LCS over lines) for `distill plan` and `--dry-run`: no temp files, no external tools. */

function lcsTable(a: string[], b: string[]): Uint32Array {
  const m = b.length + 1;
  const t = new Uint32Array((a.length + 1) * m);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      t[i * m + j] = a[i] === b[j] ? t[(i + 1) * m + j + 1]! + 1 : Math.max(t[(i + 1) * m + j]!, t[i * m + j + 1]!);
    }
  }
  return t;
}

export type Edit = { op: ' ' | '-' | '+'; line: string; ai: number; bi: number };

/** The line edits that turn `a` into `b` (LCS), each with its position in both. */
export function edits(a: string[], b: string[]): Edit[] {
  // Trim the common prefix/suffix first so big notes with a small change stay cheap.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const out: Edit[] = [];
  for (let k = 0; k < pre; k++) out.push({ op: ' ', line: a[k]!, ai: k, bi: k });
  if (am.length * bm.length > 4_000_000) {
    for (const [k, line] of am.entries()) out.push({ op: '-', line, ai: pre + k, bi: pre });
    for (const [k, line] of bm.entries()) out.push({ op: '+', line, ai: pre + am.length, bi: pre + k });
  } else {
    const t = lcsTable(am, bm);
    const m = bm.length + 1;
    let i = 0;
    let j = 0;
    while (i < am.length || j < bm.length) {
      if (i < am.length && j < bm.length && am[i] === bm[j]) {
        out.push({ op: ' ', line: am[i]!, ai: pre + i, bi: pre + j });
        i++;
        j++;
      } else if (j < bm.length && (i === am.length || t[i * m + j + 1]! >= t[(i + 1) * m + j]!)) {
        out.push({ op: '+', line: bm[j]!, ai: pre + i, bi: pre + j });
        j++;
      } else {
        out.push({ op: '-', line: am[i]!, ai: pre + i, bi: pre + j });
        i++;
      }
    }
  }
  for (let k = 0; k < suf; k++) {
    out.push({ op: ' ', line: a[a.length - suf + k]!, ai: a.length - suf + k, bi: b.length - suf + k });
  }
  return out;
}

export function unifiedDiff(path: string, before: string | null, after: string | null, context = 3): string {
  const a = before === null ? [] : before.split('\n');
  const b = after === null ? [] : after.split('\n');
  const es = edits(a, b);
  const header = `--- ${before === null ? '/dev/null' : `a/${path}`}\n+++ ${after === null ? '/dev/null' : `b/${path}`}\n`;
  const changed = es.map((e, i) => (e.op !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const hunks: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(es.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) {
      k++;
      end = Math.min(es.length, changed[k]! + context + 1);
    }
    const slice = es.slice(start, end);
    const aStart = slice[0]!.ai;
    const bStart = slice[0]!.bi;
    const aLen = slice.filter((e) => e.op !== '+').length;
    const bLen = slice.filter((e) => e.op !== '-').length;
    hunks.push(
      `@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@\n${slice.map((e) => `${e.op}${e.line}`).join('\n')}`,
    );
    k++;
  }
  return `${header}${hunks.join('\n')}\n`;
}
