import { createHash } from 'node:crypto';

/** A deterministic hex string of `length` characters (up to 64) derived from `input`. */
export function stableHex(input: string, length: number): string {
  return createHash('sha256').update(input).digest('hex').slice(0, length);
}
