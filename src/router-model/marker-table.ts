/**
 * A fixed set of 32-bit hashes, each with flag bits, looked up without boxing: a Set of numbers
 * would box every hash beyond the small-integer range on each lookup, which cost more than the rest
 * of the feature extraction together. Open addressing with linear probing; built once, never changed.
 */
export class MarkerTable {
  private readonly keys: Int32Array;
  private readonly flags: Uint8Array;
  private readonly shift: number;
  private readonly mask: number;

  constructor(entries: ReadonlyArray<readonly [hash: number, flags: number]>) {
    let bits = 4;
    while (1 << bits < entries.length * 4) bits++;
    this.keys = new Int32Array(1 << bits);
    this.flags = new Uint8Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    for (const [hash, flags] of entries) {
      if (flags === 0) throw new Error('a marker needs at least one flag');
      let slot = this.slotOf(hash);
      while (this.flags[slot] !== 0 && this.keys[slot] !== (hash | 0)) slot = (slot + 1) & this.mask;
      this.keys[slot] = hash;
      this.flags[slot]! |= flags;
    }
  }

  /** The flags of a hash (signed or unsigned 32-bit), 0 when it is not a marker. */
  flagsOf(hash: number): number {
    const key = hash | 0;
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & this.mask) {
      const flags = this.flags[slot]!;
      if (flags === 0 || this.keys[slot] === key) return flags;
    }
  }

  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }
}
