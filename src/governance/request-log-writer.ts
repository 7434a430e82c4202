import { mkdir, unlink } from 'node:fs/promises';
import type { RequestLogRow, Store } from '../store/store-port.js';
import type { Logger } from '../telemetry/create-logger.js';
import { claimSpillFiles, sortSpillFiles } from './claim-spill-files.js';
import { readSpillBatch } from './read-spill-batch.js';
import { SpillFile } from './spill-file.js';

export interface RequestLogWriterOptions {
  store: Store;
  /** false: only the daily spend totals and the per-minute statistics are written (request_log.enabled: false). */
  log: boolean;
  /** Flush as soon as this many rows wait (default 500). */
  batchSize?: number;
  /** Rows never wait longer than this while the store answers (default 1000 ms). */
  flushIntervalMs?: number;
  /** Rows kept in memory (default 50 000); past it, the oldest batches go to the spill file. */
  maxQueue?: number;
  /** Where rows go while the store does not take them, e.g. `<data_dir>/spill`. */
  spillDirectory: string;
  /** Probing a store that failed: retryMinMs (default 500), doubling up to retryMaxMs (default 30 s). */
  retryMinMs?: number;
  retryMaxMs?: number;
  logger: Logger;
  /** For the outage length in the log. Spill file names use the wall clock: other processes read them. */
  now?: () => number;
}

export interface RequestLogWriterStats {
  /** Rows the store took from memory. */
  written: number;
  /** Rows appended to spill files. */
  spilled: number;
  /** Rows the store took from spill files (this process's and those left by processes that are gone). */
  replayed: number;
  /** Calls to writeRequests that failed. */
  failedWrites: number;
  storeDown: boolean;
}

/** Rows pushed together; due once full or once the interval (or a flush) sealed it. */
interface Batch {
  rows: RequestLogRow[];
  sealed: boolean;
  /** Called once the batch was handled (written, spilled), or when the store and the disk both failed. */
  waiters: Array<() => void>;
}

/**
 * Writes request-log rows (and through them the daily spend totals and the per-minute request
 * statistics of GET /admin/stats, in the same transaction) off the request path, in batches.
 *
 * - `push` only appends to memory; batches are written when full, or after the flush interval, one
 *   `writeRequests` in flight at a time (rows pushed meanwhile wait for the next batch).
 * - Past `maxQueue` rows in memory (a store slower than the traffic), the oldest batches go to the spill file.
 * - A failed write puts its batch in the spill file and the store counts as down: due batches then go straight
 *   to the spill file, and one probe (the next batch, or the oldest spilled batch) is tried after a backoff.
 *   Once a write works again, the spill files are replayed oldest first, in batches, and each is deleted once
 *   all its rows are in. The outage is logged once when it starts and once when the replay has caught up.
 * - Replaying is safe because `writeRequests` skips ids it already has: a batch sent twice (a process that
 *   died between a write and deleting its file) counts once. With `log: false` the store keeps only totals and
 *   statistics and cannot tell repeats apart: a batch then counts twice if its write failed after the commit (the connection
 *   dropped on COMMIT) or the process died between a replayed batch and the deletion of its file.
 * - Rows are lost only when neither the store nor the spill directory takes them and the process ends: they
 *   stay in memory (beyond maxQueue) while both fail, and `close()` logs an error with their number.
 */
export class RequestLogWriter {
  private readonly store: Store;
  private readonly log: boolean;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxQueue: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly spill: SpillFile;

  private readonly queue: Batch[] = [];
  private queuedRows = 0;
  /** Batches taken from the queue and not handled yet: the one being written, those being spilled. */
  private readonly busy = new Set<Batch>();
  private draining: Promise<void> | undefined;
  private drainScheduled = false;
  private interval: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  private storeDown = false;
  /** While the store is down: the backoff has passed and the next write may go to the store. */
  private probeDue = false;
  private backoffMs: number;
  /** Set when the store first failed; cleared (and logged) when the replay after it caught up. */
  private outage: { startedAt: number } | undefined;
  /** Rows spilled while the store was answering (too slow), since the last catch-up. */
  private overflowing = false;
  private spillFailing = false;
  /** A spill failed in this drain: the next tick, probe or full batch tries again, not the loop at once. */
  private spillPaused = false;

  /** Claimed files, oldest first; the first is being replayed from `replayOffset`. */
  private claimed: string[] = [];
  private replayOffset = 0;
  /** There may be spill files to claim: at start, after a spill, after the store came back. */
  private scanNeeded = false;
  private replayedSinceCatchUp = 0;
  /** Alternates memory batches and replay batches, so neither waits for all of the other. */
  private replayTurn = false;
  private warnedPushAfterClose = false;

  private readonly counters = { written: 0, spilled: 0, replayed: 0, failedWrites: 0 };

  constructor(options: RequestLogWriterOptions) {
    this.store = options.store;
    this.log = options.log;
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1_000);
    this.maxQueue = Math.max(this.batchSize, options.maxQueue ?? 50_000);
    this.retryMinMs = Math.max(1, options.retryMinMs ?? 500);
    this.retryMaxMs = Math.max(this.retryMinMs, options.retryMaxMs ?? 30_000);
    this.backoffMs = this.retryMinMs;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.spill = new SpillFile(options.spillDirectory);
  }

  /**
   * Starts the flush timer and, in the background, the replay of spill files that processes which are
   * gone left behind. Rejects only when the spill directory cannot be created.
   */
  async start(): Promise<void> {
    if (this.interval !== undefined || this.closed) return;
    try {
      await mkdir(this.spill.directory, { recursive: true });
    } catch (error) {
      throw new Error(
        `Cannot create the request-log spill directory ${this.spill.directory} (${(error as Error).message}). ` +
          'Rows go there while the database is unreachable; point data_dir to a writable directory.',
        { cause: error },
      );
    }
    this.interval = setInterval(() => this.tick(), this.flushIntervalMs);
    this.interval.unref();
    this.scanNeeded = true;
    this.kick();
  }

  /** O(1): appends to memory. Never throws, never waits, never drops. */
  push(row: RequestLogRow): void {
    if (this.closed) {
      this.pushAfterClose(row);
      return;
    }
    let batch = this.queue[this.queue.length - 1];
    if (batch === undefined || batch.sealed || batch.rows.length >= this.batchSize) {
      batch = { rows: [], sealed: false, waiters: [] };
      this.queue.push(batch);
    }
    batch.rows.push(row);
    this.queuedRows += 1;
    if (batch.rows.length >= this.batchSize) this.scheduleDrain();
  }

  /** Rows in memory waiting for a write. */
  get queued(): number {
    return this.queuedRows;
  }

  stats(): RequestLogWriterStats {
    return { ...this.counters, storeDown: this.storeDown };
  }

  /** Writes every row pushed so far now; what the store refuses goes to the spill file. */
  async flush(): Promise<void> {
    const waits: Array<Promise<void>> = [];
    for (const batch of [...this.queue, ...this.busy]) {
      batch.sealed = true;
      waits.push(new Promise<void>((resolve) => batch.waiters.push(resolve)));
    }
    this.spillPaused = false;
    this.kick();
    await Promise.all(waits);
  }

  /**
   * Stops the timers and writes what is in memory: to the store while it answers (waiting for the last
   * write), to the spill file while it is down (no probe is waited for). Replays in progress stop after the
   * batch in flight; their files are claimed again by the next process that starts.
   */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closed = true;
      this.closing = this.shutDown();
    }
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.interval);
    clearTimeout(this.probeTimer);
    this.interval = undefined;
    this.probeTimer = undefined;
    this.probeDue = false;
    await this.flush();
    while (this.draining !== undefined) await this.draining;
    await this.spill.idle();
    if (this.queuedRows > 0) {
      this.logger.error(
        { rows: this.queuedRows, spillDirectory: this.spill.directory },
        `${this.queuedRows} request-log rows are lost: neither the database nor the spill directory took them. ` +
          'Check the database connection and that the spill directory is writable and has space.',
      );
    }
  }

  private tick(): void {
    const last = this.queue[this.queue.length - 1];
    if (last !== undefined) last.sealed = true;
    this.spillPaused = false;
    this.kick();
  }

  /** Work starts after the current request is done with the event loop, never inside push(). */
  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.spillPaused = false;
      this.relieveMemory();
      this.kick();
    });
  }

  private kick(): void {
    if (this.draining !== undefined) return;
    this.draining = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'The request-log writer stopped a flush on an unexpected error; the next flush tries again.'))
      .finally(() => {
        this.draining = undefined;
        if (this.nextStep() !== undefined) this.kick();
      });
  }

  private canWrite(): boolean {
    return !this.storeDown || this.probeDue;
  }

  /** What the drain loop does next: a memory batch (to the store, or to the spill file while it is down), a replay batch, or nothing. */
  private nextStep(): 'memory' | 'replay' | undefined {
    const front = this.queue[0];
    const memoryDue = front !== undefined && (front.sealed || front.rows.length >= this.batchSize) && (this.canWrite() || !this.spillPaused);
    const replayReady = this.canWrite() && !this.closed && (this.claimed.length > 0 || this.scanNeeded);
    if (memoryDue && !(replayReady && this.replayTurn)) return 'memory';
    return replayReady ? 'replay' : undefined;
  }

  /** The one loop that talks to the store: one write in flight at a time. */
  private async drain(): Promise<void> {
    for (let step = this.nextStep(); step !== undefined; step = this.nextStep()) {
      if (step === 'replay') {
        this.replayTurn = false;
        await this.replayOne();
        continue;
      }
      this.replayTurn = true;
      const batch = this.queue[0] as Batch;
      this.take(batch);
      if (this.canWrite() && (await this.write(batch.rows))) {
        this.counters.written += batch.rows.length;
        this.settle(batch);
      } else if (!(await this.spillBatch(batch))) {
        this.spillPaused = true;
      }
    }
  }

  private take(batch: Batch): void {
    this.queue.shift();
    this.queuedRows -= batch.rows.length;
    this.busy.add(batch);
  }

  private settle(batch: Batch): void {
    this.busy.delete(batch);
    for (const resolve of batch.waiters) resolve();
    batch.waiters = [];
  }

  /** One writeRequests call; answers whether it worked, and keeps the store's up/down state. */
  private async write(rows: RequestLogRow[]): Promise<boolean> {
    try {
      await this.store.writeRequests(rows, { log: this.log });
    } catch (error) {
      this.counters.failedWrites += 1;
      this.probeDue = false;
      if (!this.storeDown) {
        this.storeDown = true;
        this.backoffMs = this.retryMinMs;
      } else {
        this.backoffMs = Math.min(this.retryMaxMs, this.backoffMs * 2);
      }
      if (this.outage === undefined) {
        this.outage = { startedAt: this.now() };
        this.logger.warn(
          { err: error, spillDirectory: this.spill.directory },
          'The database does not take request-log rows: they go to the spill directory until it answers again, ' +
            'then they are replayed (nothing is lost). Check the database connection.',
        );
      }
      this.scheduleProbe();
      return false;
    }
    if (this.storeDown) {
      this.storeDown = false;
      this.probeDue = false;
      this.backoffMs = this.retryMinMs;
      clearTimeout(this.probeTimer);
      this.probeTimer = undefined;
      // Processes that died during the outage may have left files too.
      this.scanNeeded = true;
    }
    return true;
  }

  private scheduleProbe(): void {
    clearTimeout(this.probeTimer);
    if (this.closed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      this.probeDue = true;
      this.spillPaused = false;
      this.kick();
    }, this.backoffMs);
    this.probeTimer.unref();
  }

  /**
   * Appends a batch taken from the queue to the spill file. When the disk fails too, the rows go back to
   * memory (the only alternative is to drop them) and the answer is false: the drain loop stops trying
   * until the next tick, probe or full batch.
   */
  private async spillBatch(batch: Batch): Promise<boolean> {
    this.busy.add(batch);
    try {
      await this.spill.append(batch.rows);
    } catch (error) {
      if (!this.spillFailing) {
        this.spillFailing = true;
        this.logger.error(
          { err: error, spillFile: this.spill.path },
          'Cannot write the request-log spill file: rows the database does not take stay in memory until the database ' +
            'or the disk takes them, and are lost if the process ends first. Check the free space and permissions of the spill directory.',
        );
      }
      this.queue.unshift({ rows: batch.rows, sealed: true, waiters: [] });
      this.queuedRows += batch.rows.length;
      this.settle(batch);
      // The batches after it would fail the same way: a flush waiting for them is answered now.
      for (const queued of this.queue) this.settle(queued);
      return false;
    }
    if (this.spillFailing) {
      this.spillFailing = false;
      this.logger.info({ spillFile: this.spill.path }, 'The request-log spill file takes rows again.');
    }
    this.counters.spilled += batch.rows.length;
    this.scanNeeded = true;
    this.settle(batch);
    return true;
  }

  /**
   * Past maxQueue, the oldest batches go to the spill file while the store is busy with the write in flight.
   * While the disk fails, one batch tries it per call (each full batch), so memory is relieved once it works again.
   */
  private relieveMemory(): void {
    for (let attempts = 0; this.queuedRows > this.maxQueue && (attempts === 0 || !this.spillFailing); attempts += 1) {
      const front = this.queue[0] as Batch;
      this.take(front);
      if (!this.overflowing && this.outage === undefined) {
        this.overflowing = true;
        this.logger.warn(
          { maxQueue: this.maxQueue, spillDirectory: this.spill.directory },
          'The database writes request-log rows slower than requests arrive: rows past request_log.max_queue go to the ' +
            'spill directory and are replayed when it catches up.',
        );
      }
      void this.spillBatch(front);
    }
  }

  /** Writes the next batch of the oldest claimed spill file; claims files first when there are none. */
  private async replayOne(): Promise<void> {
    if (this.claimed.length === 0) {
      this.scanNeeded = false;
      try {
        const own = await this.spill.seal();
        const others = await claimSpillFiles(this.spill.directory);
        this.claimed = own === undefined ? others : sortSpillFiles([...others, own]);
      } catch (error) {
        this.logger.error({ err: error, spillDirectory: this.spill.directory }, 'Cannot list or claim request-log spill files; they are tried again after the next spill.');
        return;
      }
      this.replayOffset = 0;
      if (this.claimed.length === 0) {
        this.caughtUp();
        return;
      }
    }
    const path = this.claimed[0] as string;
    let batch;
    try {
      batch = await readSpillBatch(path, this.replayOffset, this.batchSize);
    } catch (error) {
      this.logger.error({ err: error, spillFile: path }, 'Cannot read a request-log spill file; it stays where it is and the next process to start replays it.');
      this.nextFile();
      return;
    }
    if (batch.unreadableAt.length > 0 || batch.truncatedEnd) {
      this.logger.warn(
        { spillFile: path, unreadableAt: batch.unreadableAt, truncatedEnd: batch.truncatedEnd },
        batch.truncatedEnd && batch.unreadableAt.length === 0
          ? 'Skipped the last line of a request-log spill file: it is incomplete (the process writing it stopped mid-write).'
          : 'Skipped damaged lines of a request-log spill file (byte offsets given); the other rows are replayed.',
      );
    }
    if (batch.rows.length > 0) {
      // The store skips ids it already has: a batch replayed twice counts once.
      if (!(await this.write(batch.rows))) return;
      this.counters.replayed += batch.rows.length;
      this.replayedSinceCatchUp += batch.rows.length;
    }
    this.replayOffset = batch.nextOffset;
    if (!batch.done) return;
    try {
      await unlink(path);
    } catch (error) {
      this.logger.warn({ err: error, spillFile: path }, 'Cannot delete a replayed request-log spill file; replaying it again later is harmless.');
    }
    this.nextFile();
    if (this.claimed.length === 0 && !this.scanNeeded) this.caughtUp();
  }

  private nextFile(): void {
    this.claimed.shift();
    this.replayOffset = 0;
  }

  /** Every spill file is replayed: the end of an outage (or of an overflow, or of a start-up replay). */
  private caughtUp(): void {
    // A probe that found no file to replay says nothing about the store.
    if (this.storeDown) return;
    const replayed = this.replayedSinceCatchUp;
    this.replayedSinceCatchUp = 0;
    if (this.outage !== undefined) {
      const outageMs = this.now() - this.outage.startedAt;
      this.outage = undefined;
      this.overflowing = false;
      this.logger.info({ replayed, outageMs }, `The database takes request-log rows again; ${replayed} spilled rows were replayed.`);
    } else if (replayed > 0) {
      this.overflowing = false;
      this.logger.info({ replayed }, `Replayed ${replayed} request-log rows from the spill directory.`);
    }
  }

  private pushAfterClose(row: RequestLogRow): void {
    if (!this.warnedPushAfterClose) {
      this.warnedPushAfterClose = true;
      this.logger.warn('A request-log row arrived after the writer was closed: it goes to the spill file and the next start replays it.');
    }
    this.spill.append([row]).then(
      () => {
        this.counters.spilled += 1;
      },
      (error: unknown) => this.logger.error({ err: error, row: row.id }, 'A request-log row that arrived after close could not be spilled and is lost.'),
    );
  }
}
