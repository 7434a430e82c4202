/** A hashed n-gram's weight before normalisation: sublinear term frequency (1 + ln count) times IDF. */
export function termWeight(count: number, idf: number): number {
  return (1 + Math.log(count)) * idf;
}
