// Bound once: global lookups are slow inside VM contexts such as Jest's, and this runs per datapoint.
const imul = Math.imul;

/**
 * A fast 32-bit integer hash (murmur3's finaliser over a combined pair). Metrics hash every
 * datapoint, so this stays far cheaper than a cryptographic digest.
 */
export function mixHash(a: number, b: number): number {
  let h = imul((a ^ imul(b, 0x9e3779b1)) >>> 0, 0x85ebca77);
  h ^= h >>> 15;
  h = imul(h, 0xc2b2ae3d);
  h ^= h >>> 13;
  h = imul(h, 0x27d4eb2f);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic value in [-1, 1) for (stream, index). */
export function noiseAt(stream: number, index: number): number {
  return (mixHash(stream, index) / 4294967296) * 2 - 1;
}
