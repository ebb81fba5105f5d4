/**
 * Memoisation for the small pure functions the rules call once per column on every keystroke
 * (`parseType('VARCHAR(255)')`, the words of `dataset_id`): a 300-table document asks the same
 * few dozen questions thousands of times. The cache is bounded (cleared when full) so a
 * document with millions of distinct names cannot grow the server's memory without limit.
 * Results are frozen: a caller mutating a shared result would corrupt every later answer.
 */
export function memoizeByString<T>(compute: (key: string) => T, limit = 10_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    if (cache.has(key)) return cache.get(key) as T;
    const computed = compute(key);
    const value = typeof computed === 'object' && computed !== null ? Object.freeze(computed) : computed;
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
