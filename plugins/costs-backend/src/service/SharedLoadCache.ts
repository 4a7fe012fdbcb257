interface Entry<T> {
  expiresAt: number;
  value: Promise<T>;
}

/**
 * Values loaded once per key and handed, as the same object, to every caller
 * for `ttlMs`: callers that miss together share one load, a failed load is
 * not kept (the next caller loads again), and at most `maxEntries` keys are
 * kept, the least recently used dropped first.
 */
export class SharedLoadCache<T> {
  /** In use order: the least recently used first. */
  private readonly entries = new Map<string, Entry<T>>();

  static create<T>(options: {
    ttlMs: number;
    maxEntries: number;
    now?: () => number;
  }): SharedLoadCache<T> {
    return new SharedLoadCache<T>(options);
  }

  private constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (entry.expiresAt > now) {
        this.entries.set(key, entry);
        return entry.value;
      }
    }
    // A load that throws before its first await fails like one that rejects.
    const created = {
      expiresAt: now + this.options.ttlMs,
      value: (async () => load())(),
    };
    this.entries.set(key, created);
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    try {
      return await created.value;
    } catch (error) {
      if (this.entries.get(key) === created) {
        this.entries.delete(key);
      }
      throw error;
    }
  }
}
