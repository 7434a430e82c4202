import { FNV_OFFSET_BASIS, FNV_PRIME } from './fnv1a32.js';

/**
 * A word pair's hash: FNV-1a 32-bit over the 8 bytes of the two words' hashes (little-endian), as a
 * signed 32-bit value.
 */
export function pairHash(first: number, second: number): number {
  let hash = FNV_OFFSET_BASIS;
  hash = Math.imul(hash ^ (first & 0xff), FNV_PRIME);
  hash = Math.imul(hash ^ ((first >>> 8) & 0xff), FNV_PRIME);
  hash = Math.imul(hash ^ ((first >>> 16) & 0xff), FNV_PRIME);
  hash = Math.imul(hash ^ (first >>> 24), FNV_PRIME);
  hash = Math.imul(hash ^ (second & 0xff), FNV_PRIME);
  hash = Math.imul(hash ^ ((second >>> 8) & 0xff), FNV_PRIME);
  hash = Math.imul(hash ^ ((second >>> 16) & 0xff), FNV_PRIME);
  return Math.imul(hash ^ (second >>> 24), FNV_PRIME);
}
