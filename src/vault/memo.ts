/**
 * A function remembered for its last few inputs (oldest forgotten first). For pure work on large texts that callers
 * repeat back to back: locating sections while patching one page, folding one source per evidence quote.
 */
export function memoLast<R>(size: number, fn: (key: string) => R): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as R;
    const value = fn(key);
    if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
    return value;
  };
}
