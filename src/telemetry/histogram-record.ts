/**
 * One histogram series as plain numbers, for the request path: a count per bucket (not cumulative; the
 * last one is +Inf), the sum and the count. Prometheus's cumulative `le` buckets are made at scrape time.
 */
export class HistogramRecord {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  /** `bounds`: the buckets' upper bounds, ascending (a value equal to a bound falls in that bucket). */
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const { bounds } = this;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index++;
    this.counts[index]! += 1;
    this.sum += value;
    this.count += 1;
  }

  /** Observations at or below each bound, then the total (+Inf). */
  cumulative(): number[] {
    const totals: number[] = new Array<number>(this.counts.length);
    let running = 0;
    for (let index = 0; index < this.counts.length; index++) {
      running += this.counts[index]!;
      totals[index] = running;
    }
    return totals;
  }
}
