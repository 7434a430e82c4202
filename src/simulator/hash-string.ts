const fnvOffsetBasis = 0x811c9dc5;
const fnvPrime = 0x01000193;

/**
 * 32-bit FNV-1a. Pass the previous hash to chain several strings without concatenating them,
 * which keeps hashing a long conversation allocation-free.
 */
export function hashString(text: string, previous: number = fnvOffsetBasis): number {
  let hash = previous >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, fnvPrime);
  }
  return hash >>> 0;
}
