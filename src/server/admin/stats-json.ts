import { HISTOGRAM_BUCKETS, histogramPercentile } from '../../store/request-stats-histogram.js';
import type { LatencyHistogram, RequestStatsBucket } from '../../store/store-port.js';
import { isoOf, usdOf } from './admin-json.js';
import type { StatsFiguresJsonType, StatsReportJsonType } from './admin-output-schemas.js';
import type { StatsRange } from './stats-range.js';

/**
 * The store's buckets as GET /admin/stats answers them: every bucket of the range (those the store has
 * no row for as zeros and nulls), and the window's totals, whose percentiles come from the summed
 * histograms (a percentile of percentiles would be wrong). Money is summed in nano-dollars, then shown as USD.
 */
export function statsReportJson(range: StatsRange, buckets: readonly RequestStatsBucket[]): Pick<StatsReportJsonType, 'data' | 'total'> {
  const byStart = new Map(buckets.map((bucket) => [bucket.at, bucket]));
  const total = emptyBucket(range.from);
  const data: StatsReportJsonType['data'] = [];
  for (let at = range.from; at < range.to; at += range.bucketMs) {
    const bucket = byStart.get(at) ?? emptyBucket(at);
    addTo(total, bucket);
    data.push({ at: isoOf(at), ...figures(bucket) });
  }
  return { data, total: figures(total) };
}

function emptyBucket(at: number): RequestStatsBucket {
  const histogram = (): LatencyHistogram => ({ count: 0, sumMs: 0, buckets: new Array<number>(HISTOGRAM_BUCKETS).fill(0) });
  return {
    at,
    requests: 0,
    errors: 0,
    cancelled: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 0,
    latency: histogram(),
    ttft: histogram(),
  };
}

function addTo(total: RequestStatsBucket, bucket: RequestStatsBucket): void {
  total.requests += bucket.requests;
  total.errors += bucket.errors;
  total.cancelled += bucket.cancelled;
  total.inputTokens += bucket.inputTokens;
  total.outputTokens += bucket.outputTokens;
  total.cachedInputTokens += bucket.cachedInputTokens;
  total.cacheWriteInputTokens += bucket.cacheWriteInputTokens;
  total.reasoningTokens += bucket.reasoningTokens;
  total.costNusd += bucket.costNusd;
  for (const kind of ['latency', 'ttft'] as const) {
    total[kind].count += bucket[kind].count;
    total[kind].sumMs += bucket[kind].sumMs;
    bucket[kind].buckets.forEach((count, index) => (total[kind].buckets[index]! += count));
  }
}

function figures(bucket: RequestStatsBucket): StatsFiguresJsonType {
  return {
    requests: bucket.requests,
    errors: bucket.errors,
    cancelled: bucket.cancelled,
    error_rate: bucket.requests === 0 ? null : bucket.errors / bucket.requests,
    cost_usd: usdOf(bucket.costNusd),
    input_tokens: bucket.inputTokens,
    output_tokens: bucket.outputTokens,
    cached_input_tokens: bucket.cachedInputTokens,
    cache_write_input_tokens: bucket.cacheWriteInputTokens,
    reasoning_tokens: bucket.reasoningTokens,
    latency_avg_ms: average(bucket.latency),
    latency_p50_ms: percentile(bucket.latency, 0.5),
    latency_p95_ms: percentile(bucket.latency, 0.95),
    ttft_avg_ms: average(bucket.ttft),
    ttft_p50_ms: percentile(bucket.ttft, 0.5),
    ttft_p95_ms: percentile(bucket.ttft, 0.95),
  };
}

/** To 0.1 ms: the histogram's buckets are far wider, and more digits would only show floating-point noise. */
function tenths(milliseconds: number): number {
  return Math.round(milliseconds * 10) / 10;
}

function average(histogram: LatencyHistogram): number | null {
  return histogram.count === 0 ? null : tenths(histogram.sumMs / histogram.count);
}

function percentile(histogram: LatencyHistogram, q: number): number | null {
  const value = histogramPercentile(histogram.buckets, q);
  return value === null ? null : tenths(value);
}
