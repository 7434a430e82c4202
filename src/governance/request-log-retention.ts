import type { Store } from '../store/store-port.js';
import type { Logger } from '../telemetry/create-logger.js';

export interface RequestLogRetentionOptions {
  store: Store;
  /** Read at every run (a reload may change it). */
  retentionDays: () => number;
  logger: Logger;
  /** How often old rows are deleted (default hourly; the first run is a minute after start). */
  intervalMs?: number;
  /** Rows per DELETE: small enough that no statement holds the database for long. */
  chunkRows?: number;
  now?: () => number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes request-log rows and per-minute request statistics older than request_log.retention_days, in
 * chunks, now and then (with the log off too: the statistics are written either way). Every replica
 * may run it: deleting what another already deleted costs one cheap indexed query. The daily spend
 * totals are kept (budgets and reports read them, not the log).
 */
export class RequestLogRetention {
  private readonly options: Required<Omit<RequestLogRetentionOptions, 'store' | 'retentionDays' | 'logger'>> & RequestLogRetentionOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(options: RequestLogRetentionOptions) {
    this.options = { intervalMs: 3_600_000, chunkRows: 10_000, now: Date.now, ...options };
  }

  start(): void {
    if (this.timer !== undefined) return;
    const first = setTimeout(() => {
      void this.runOnce();
      this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
      this.timer.unref();
    }, Math.min(60_000, this.options.intervalMs));
    first.unref();
    this.timer = first;
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Deletes every expired row and statistic (chunk after chunk); answers how many log rows went. Never throws: a failure is logged and retried next time. */
  runOnce(): Promise<number> {
    this.running ??= this.deleteExpired().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async deleteExpired(): Promise<number> {
    const { store, chunkRows, logger } = this.options;
    const before = this.options.now() - this.options.retentionDays() * DAY_MS;
    let total = 0;
    let statistics = 0;
    try {
      for (;;) {
        const deleted = await store.deleteRequestLogsBefore(before, chunkRows);
        total += deleted;
        if (deleted < chunkRows) break;
      }
      for (;;) {
        const deleted = await store.deleteRequestStatsBefore(before, chunkRows);
        statistics += deleted;
        if (deleted < chunkRows) break;
      }
      if (total > 0 || statistics > 0) {
        logger.info({ deleted: total, deletedStatistics: statistics, before: new Date(before).toISOString() }, 'request log: deleted rows and statistics past their retention');
      }
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error), deletedSoFar: total, deletedStatisticsSoFar: statistics },
        'request log: retention could not delete old rows; trying again at the next run',
      );
    }
    return total;
  }
}
