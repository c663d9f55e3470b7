/**
 * Text similarity shared by the offline extractor (done-task filter, de-duplication), the transcript reader (echoed
 * turns) and the eval harness's scorer.
 *
 * Tokenisation: NFKD-fold accents, lower-case, split on anything that is not a letter or digit, drop stop words and
 * one-letter tokens, then a light stemmer strips common English suffixes (-ing, -ed, -es, -s, -ly, -ment, -ation, a final -e)
 * so "scheduling"/"schedule" and "requirements"/"requirement" meet. Jaccard is |A∩B| / |A∪B| over token sets.
 */

const STOP = new Set(
  `a an the and or but if then so of to in on at by for with from into onto about as is are was were be been being am
  it its this that these those there here we you i he she they them us our your his her their my me mine yours
  will would shall should can could may might must do does did done have has had not no yes also just very really
  up out over under again more most some any all each other such than too own same both only few via per
  what which who whom whose when where why how let lets get got make made go going need needs want wants
  please thanks thank hi hey ok okay yeah like well know think sure one two new use using used including include`
    .split(/\s+/)
    .filter(Boolean),
);

export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  let w = word;
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ingly', 'ing', 'edly', 'ed', 'ies', 'es', 'ly', 's']) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) {
      const base = w.slice(0, -suffix.length);
      w = suffix === 'ies' ? `${base}y` : base;
      break;
    }
  }
  // A final silent e goes too, so "schedule", "scheduled" and "scheduling" all become "schedul".
  return w.length > 4 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** Content tokens of a text: see the tokenisation rule at the top of this file. */
export function contentTokens(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}

/** How many distinct tokens two texts share. */
export function overlap(a: Iterable<string>, b: Iterable<string>): number {
  const B = asSet(b);
  let inter = 0;
  for (const x of asSet(a)) if (B.has(x)) inter++;
  return inter;
}

/** Sets are read as they are (never changed here): a page compares thousands of facts' token sets pairwise. */
function asSet(x: Iterable<string>): ReadonlySet<string> {
  return x instanceof Set ? x : new Set(x);
}

/** |A∩B| / |A∪B| over token sets; two empty sets are the same text. */
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const A = asSet(a);
  const B = asSet(b);
  if (A.size === 0 && B.size === 0) return 1;
  const inter = overlap(A, B);
  return inter / (A.size + B.size - inter);
}

/**
 * A string of its own: a string cut from another (a title from a source, the frontmatter from a page) is a slice
 * that keeps the whole of the other alive (V8 sliced strings). Kept past its moment (a cache key, a run report that
 * lives as long as the run), such a slice made a run in batches hold every source it read and every version of
 * every megabyte-long account page.
 */
export function ownString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
