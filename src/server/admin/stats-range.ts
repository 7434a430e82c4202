import { GatewayError } from '../../spec/gateway-error.js';
import type { STATS_BUCKETS, STATS_WINDOWS } from './admin-input-schemas.js';

type StatsWindow = (typeof STATS_WINDOWS)[number];
type StatsBucket = (typeof STATS_BUCKETS)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const WINDOW_MS: Record<StatsWindow, number> = { '1h': HOUR_MS, '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS };
const BUCKET_MS: Record<StatsBucket, number> = {
  '1m': MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '10m': 10 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '3h': 3 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  '1d': DAY_MS,
};
/** A chart of 30 days gets a point per day, "spend per day" as it is. */
const DEFAULT_BUCKET: Record<StatsWindow, StatsBucket> = { '1h': '1m', '24h': '15m', '7d': '1h', '30d': '1d' };
/** A day of minutes: more points than any chart draws, and a bounded answer. */
export const MAX_STATS_BUCKETS = 1_440;

export interface StatsRange {
  window: StatsWindow;
  bucket: StatsBucket;
  bucketMs: number;
  /** [from, to): whole buckets, the last one holding `now`. */
  from: number;
  to: number;
}

/**
 * The buckets of a window: aligned to the bucket's width since the epoch (so on whole UTC minutes,
 * hours or days: each width divides a day), ending with the bucket that holds `now`, so the newest
 * bucket is still filling. A bucket wider than the window, or one that makes more than 1440 buckets, is
 * a 400 that says which widths fit.
 */
export function statsRange(window: StatsWindow, bucket: StatsBucket | undefined, now: number): StatsRange {
  const windowMs = WINDOW_MS[window];
  const chosen = bucket ?? DEFAULT_BUCKET[window];
  const bucketMs = BUCKET_MS[chosen];
  const fitting = (Object.keys(BUCKET_MS) as StatsBucket[]).filter((name) => BUCKET_MS[name] <= windowMs && windowMs / BUCKET_MS[name] <= MAX_STATS_BUCKETS);
  if (bucketMs > windowMs || windowMs / bucketMs > MAX_STATS_BUCKETS) {
    const why = bucketMs > windowMs ? `is longer than the window (${window})` : `makes ${windowMs / bucketMs} buckets over ${window}, and at most ${MAX_STATS_BUCKETS} are answered`;
    throw new GatewayError('GW_ERR_ADMIN_INVALID', `bucket: ${chosen} ${why}; for ${window} use one of ${fitting.join(', ')} (or leave bucket out: ${DEFAULT_BUCKET[window]}).`, {
      param: 'bucket',
    });
  }
  const to = now - (now % bucketMs) + bucketMs;
  return { window, bucket: chosen, bucketMs, from: to - windowMs, to };
}
