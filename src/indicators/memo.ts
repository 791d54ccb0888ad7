// Answers already computed, for questions the indicator stage asks again and again with the same
// words: every cell of a column asks about its header, every repeated label about its indicator.

/**
 * A string-keyed store of computed values that empties itself once it holds `max` entries, so a
 * process extracting a long batch never grows it without end. Values are never `undefined`.
 */
export class BoundedMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value kept for `key`, or `compute()`'s, kept for the next time. */
  get(key: string, compute: () => V): V {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    if (this.values.size >= this.max) this.values.clear();
    const value = compute();
    this.values.set(key, value);
    return value;
  }
}
