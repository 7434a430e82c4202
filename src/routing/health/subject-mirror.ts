import type { VersionedRecord } from '../../state/state-port.js';
import { applyOutcome, type AttemptOutcome, type HealthPolicy } from './apply-outcome.js';
import type { HealthRecord } from './health-record.js';
import type { HealthView } from './health-view.js';
import { parseHealthRecord } from './parse-health-record.js';

export interface PendingOutcome {
  outcome: AttemptOutcome;
  at: number;
}

/** Outcomes kept while they cannot be written (Redis down); beyond this the oldest go, the record keeps what they taught locally. */
const MAX_PENDING_OUTCOMES = 256;
/** TTFT samples kept per subject for hedging percentiles. */
const RECENT_TTFT_SAMPLES = 64;

/**
 * This replica's copy of one subject's health: the record as last seen in the state port, the
 * outcomes not written there yet, and the record the router reads (the stored one with those applied).
 */
export class SubjectMirror {
  /** Version of `stored` in the state port (0: none seen). */
  version = 0;
  stored: HealthRecord | undefined;
  /** What view() reads: `stored` with `writing` and `pending` applied, so this replica acts on its own outcomes at once. */
  local: HealthRecord | undefined;
  /** Outcomes in a compareAndSet now. */
  writing: PendingOutcome[] = [];
  /** Outcomes waiting for the next write. */
  pending: PendingOutcome[] = [];
  /** The compareAndSet of `writing`, while one runs. */
  writeInFlight: Promise<void> | undefined;
  /** A pending outcome changes the circuit or a cooldown, so it is written without waiting for the interval. */
  urgent = false;
  /** Read from the state port (or written) at least once. */
  loaded = false;
  inFlight = 0;
  exploredAt: number | undefined;
  /** The last view handed out, and until when it holds (see DeploymentHealth.view). */
  cachedView: { view: HealthView; record: HealthRecord | undefined; policy: HealthPolicy; validUntil: number } | undefined;
  readonly recentTtfts: number[] = [];

  constructor(private readonly policy: () => HealthPolicy) {}

  /** Applies a fresh outcome locally and queues it for the shared record. */
  note(outcome: AttemptOutcome, at: number): void {
    this.local = applyOutcome(this.local, outcome, this.policy(), at);
    this.pending.push({ outcome, at });
    if (this.pending.length > MAX_PENDING_OUTCOMES) this.pending.splice(0, this.pending.length - MAX_PENDING_OUTCOMES);
    if (outcome.kind === 'success' && outcome.ttftMs !== undefined && Number.isFinite(outcome.ttftMs)) {
      this.recentTtfts.push(outcome.ttftMs);
      if (this.recentTtfts.length > RECENT_TTFT_SAMPLES) this.recentTtfts.shift();
    }
  }

  /** The record a write of the outcomes in `writing` stores. */
  recordToWrite(): HealthRecord | undefined {
    return this.writing.reduce<HealthRecord | undefined>((record, pending) => applyOutcome(record, pending.outcome, this.policy(), pending.at), this.stored);
  }

  /** Starts a write: the pending outcomes move to `writing`. */
  beginWrite(): void {
    this.writing = this.pending;
    this.pending = [];
    this.urgent = false;
  }

  /** The write failed or lost every race: its outcomes wait for the next one. */
  abandonWrite(): void {
    this.pending = this.writing.concat(this.pending).slice(-MAX_PENDING_OUTCOMES);
    this.writing = [];
  }

  /** The write of `writing` landed as `version`, holding `record`. */
  finishWrite(version: number, record: HealthRecord | undefined): void {
    this.writing = [];
    this.storeWritten(version, record);
  }

  /** A write of this replica (its outcomes, or a probe claim beside a write still running) landed as `version`. */
  storeWritten(version: number, record: HealthRecord | undefined): void {
    this.loaded = true;
    if (version > this.version) {
      this.version = version;
      this.stored = record;
    }
    // Even when a watcher brought the same version first, `local` counted the written outcomes twice until now.
    this.rebuild();
  }

  /** A record from the state port: a watcher, a re-read, or the winner of a race; older ones are ignored unless `force`d. */
  adopt(record: VersionedRecord, force = false): void {
    this.loaded = true;
    if (!force && record.version <= this.version) return;
    this.version = record.version;
    this.stored = record.version === 0 ? undefined : parseHealthRecord(record.value);
    this.rebuild();
  }

  private rebuild(): void {
    let local = this.stored;
    for (const pending of this.writing) local = applyOutcome(local, pending.outcome, this.policy(), pending.at);
    for (const pending of this.pending) local = applyOutcome(local, pending.outcome, this.policy(), pending.at);
    this.local = local;
  }
}
