/**
 * Folds the hashes in [start, end) into 2^bits buckets (xor-folding, as FNV's authors advise for
 * sizes that are not 32 bits) and counts each bucket, in the order of first occurrence. An
 * open-addressing table rather than a sort (several times slower for a prompt's few hundred n-grams),
 * and one allocation for table and results: on Node 20 a typed array costs microseconds to allocate.
 */
export function countBuckets(hashes: Int32Array, start: number, end: number, bits: number): { buckets: Uint32Array; counts: Uint32Array } {
  const total = end - start;
  const mask = (1 << bits) - 1;
  let tableBits = 4;
  while (1 << tableBits < total * 2) tableBits++;
  const tableSize = 1 << tableBits;
  const tableMask = tableSize - 1;
  const shift = 32 - tableBits;
  const memory = new Uint32Array(tableSize + 2 * total);
  // Slot → 1 + index of the distinct bucket it holds (0: empty).
  const slots = memory.subarray(0, tableSize);
  const buckets = memory.subarray(tableSize, tableSize + total);
  const counts = memory.subarray(tableSize + total);
  let distinct = 0;
  for (let index = start; index < end; index++) {
    const hash = hashes[index]!;
    const bucket = ((hash >>> bits) ^ hash) & mask;
    let slot = Math.imul(bucket, 0x9e3779b1) >>> shift;
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) {
        buckets[distinct] = bucket;
        counts[distinct] = 1;
        slots[slot] = ++distinct;
        break;
      }
      if (buckets[held - 1] === bucket) {
        counts[held - 1]!++;
        break;
      }
      slot = (slot + 1) & tableMask;
    }
  }
  return { buckets: buckets.subarray(0, distinct), counts: counts.subarray(0, distinct) };
}
