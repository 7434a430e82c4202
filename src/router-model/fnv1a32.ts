/** FNV-1a's 32-bit offset basis and prime (http://www.isthe.com/chongo/tech/comp/fnv/), the basis as a signed 32-bit value. */
export const FNV_OFFSET_BASIS = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/**
 * FNV-1a 32-bit over a string's UTF-16 code units, each folded in as one value (for ASCII text this is
 * exactly the byte-wise FNV-1a of the published test vectors), as an unsigned 32-bit integer.
 * Hot loops keep hashes as signed 32-bit values (`Math.imul`'s), which V8 holds without boxing:
 * `fnv1a32(text) | 0` is the same hash in that form.
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  return hash >>> 0;
}
