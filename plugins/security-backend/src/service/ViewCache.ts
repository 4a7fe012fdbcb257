/**
 * Answers computed from one generation of the stored findings, shared by
 * every caller who asks the same (who may see what is in the key: the
 * access an answer was computed for). A new generation (the collector
 * stored something, or the recent findings were read again) drops every
 * answer of the old one, so nothing outlives the data it came from; across
 * replicas each computes its own from the shared database. Callers that
 * miss together share one computation; a failed one is not kept; at most
 * `maxEntries` answers are kept, the oldest dropped first.
 */
export class ViewCache {
  private generation?: string;
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries: number) {}

  get<T>(generation: string, key: string, load: () => Promise<T>): Promise<T> {
    if (generation !== this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    const known = this.entries.get(key);
    if (known) {
      return known as Promise<T>;
    }
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    const value = load();
    this.entries.set(key, value);
    value.catch(() => {
      if (this.entries.get(key) === value) {
        this.entries.delete(key);
      }
    });
    return value;
  }
}
