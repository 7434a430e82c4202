/** A reproducible source of floats in [0, 1). */
export type SeededRandom = () => number;

/**
 * mulberry32: one 32-bit word of state, a handful of integer operations per draw. Math.random
 * cannot be seeded, and the simulator must answer the same request with the same text.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
