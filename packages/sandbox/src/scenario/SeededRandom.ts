import { createHash } from 'node:crypto';

/**
 * A small deterministic PRNG (mulberry32). Each scenario entity draws from its own stream,
 * `SeededRandom.forKey(seed, 'releases/checkout-api')`, so adding entities (a larger scale)
 * never changes the ones that already exist.
 */
export class SeededRandom {
  private state: number;

  private constructor(state: number) {
    this.state = state >>> 0;
  }

  static forKey(seed: string | number, key: string): SeededRandom {
    const digest = createHash('sha1').update(`${seed}\u0000${key}`).digest();
    return new SeededRandom(digest.readUInt32LE(0));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
