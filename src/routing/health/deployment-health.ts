import type { StatePort, VersionedRecord } from '../../state/state-port.js';
import type { AttemptOutcome, HealthPolicy } from './apply-outcome.js';
import { circuitState } from './circuit-state.js';
import type { HealthRecord } from './health-record.js';
import type { HealthView } from './health-view.js';
import { healthViewOf } from './health-view-of.js';
import { SubjectMirror } from './subject-mirror.js';

export interface DeploymentHealthOptions {
  state: StatePort;
  policy: HealthPolicy;
  now?: () => number;
  /** How often batched successes are written and in-flight gauges exchanged (default 250 ms). */
  syncIntervalMs?: number;
  /** Hears that the state port stopped answering: once per outage, not once per request. */
  onError?: (error: unknown) => void;
}

const KEY_PREFIX = 'health:';
/** A subject nobody has written for a day is forgotten by the state port (configs change; Redis should not fill up). */
const RECORD_TTL_MS = 24 * 60 * 60 * 1000;
/** Every subject this replica knows is re-read this often, in case a pub/sub message was lost. */
const RESYNC_INTERVAL_MS = 2_000;
/** Lost write races before the outcomes wait for the next interval. */
const WRITE_ATTEMPTS = 5;
const IN_FLIGHT_GAUGE = 'inflight';

/**
 * Deployment health as the router sees it: synchronous reads from a local mirror of the shared
 * records, kept current by this replica's own outcomes (at once), the state port's watchers, and a
 * periodic re-read. Failures and anything that changes a circuit or a cooldown are written at once;
 * plain successes are batched into one write per subject per interval.
 *
 * When the state port does not answer (Redis down), every replica goes on learning alone from its
 * own outcomes, keeps them to write once the state port answers again, and reports the outage once.
 * Nothing here throws into the router.
 */
export class DeploymentHealth {
  private readonly state: StatePort;
  private policy: HealthPolicy;
  private readonly now: () => number;
  private readonly syncIntervalMs: number;
  private readonly onError: ((error: unknown) => void) | undefined;
  private readonly mirrors = new Map<string, SubjectMirror>();
  private othersInFlight = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopWatching: (() => void) | undefined;
  private ticking = false;
  /** Intervals since every known subject was last re-read; starts due, so the first interval reads what the router asked about. */
  private intervalsSinceResync = Number.POSITIVE_INFINITY;
  private outage = false;
  private closed = false;

  constructor(options: DeploymentHealthOptions) {
    this.state = options.state;
    this.policy = options.policy;
    this.now = options.now ?? Date.now;
    this.syncIntervalMs = Math.max(1, options.syncIntervalMs ?? 250);
    this.onError = options.onError;
  }

  /** Loads nothing up front: a subject is read on the first interval after the router first asks about it. */
  async start(): Promise<void> {
    if (this.timer !== undefined || this.closed) return;
    this.stopWatching = this.state.watchRecords(KEY_PREFIX, (key, record) => this.adopt(key.slice(KEY_PREFIX.length), record));
    this.timer = setInterval(() => void this.synchronise(), this.syncIntervalMs);
    this.timer.unref();
  }

  /** A reloaded config's circuit-breaker and latency settings apply from the next outcome on; what was learned stays. */
  updatePolicy(policy: HealthPolicy): void {
    this.policy = policy;
  }

  /**
   * `subject`: a deployment id, or `provider:<id>` for what a provider's credentials share. `now`: the
   * caller's clock reading, when it has one (a plan reads twenty views at one instant).
   */
  view(subject: string, now: number = this.now()): HealthView {
    const mirror = this.mirror(subject);
    const others = this.othersInFlight;
    const inFlight = others.size === 0 ? mirror.inFlight : mirror.inFlight + (others.get(subject) ?? 0);
    // Every request reads every candidate's view: reuse it until its record, in-flight count or policy
    // changes, or the moment a time-dependent field (half-open, cooldown end, error window) would.
    const cached = mirror.cachedView;
    if (cached !== undefined && cached.record === mirror.local && cached.policy === this.policy && cached.view.inFlight === inFlight && now < cached.validUntil) return cached.view;
    const view = healthViewOf(mirror.local, this.policy, now, inFlight);
    mirror.cachedView = { view, record: mirror.local, policy: this.policy, validUntil: viewValidUntil(mirror.local, this.policy, now) };
    return view;
  }

  record(subject: string, outcome: AttemptOutcome): void {
    const mirror = this.mirror(subject);
    const at = this.now();
    const before = mirror.local;
    mirror.note(outcome, at);
    if (outcome.kind === 'failure' || changesCircuitOrCooldown(before, mirror.local, this.policy, at)) {
      mirror.urgent = true;
      // While the state port is down the interval is what tries it again, not every request.
      if (!this.outage) void this.write(subject, mirror);
    }
  }

  /** For a half-open subject: true for exactly one caller across replicas until the probe's time is up. */
  async claimProbe(subject: string): Promise<boolean> {
    const mirror = this.mirror(subject);
    // The failures that opened the circuit here may still be on their way to the shared record.
    await this.settle(subject, mirror);
    if (this.outage) return this.claimProbeLocally(mirror);
    try {
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
        const at = this.now();
        const expectedVersion = mirror.version;
        const stored = mirror.stored;
        if (stored === undefined || circuitState(stored, this.policy, at) !== 'half-open' || stored.probeUntil > at) return false;
        const claimed: HealthRecord = { ...stored, circuit: 'half-open', probeUntil: at + this.policy.circuit.cooldown_ms, updatedAt: at };
        const result = await this.state.compareAndSet(keyOf(subject), expectedVersion, JSON.stringify(claimed), RECORD_TTL_MS);
        this.answered();
        if (result.written) {
          mirror.storeWritten(result.record.version, claimed);
          return true;
        }
        this.adoptWinner(mirror, expectedVersion, result.record);
      }
      return false;
    } catch (error) {
      this.failed(error);
      return this.claimProbeLocally(mirror);
    }
  }

  /** True at most once per explore_after_ms per subject on this replica: one request to refresh stale latency figures. */
  claimExploration(subject: string): boolean {
    const mirror = this.mirror(subject);
    const at = this.now();
    if (mirror.exploredAt !== undefined && at - mirror.exploredAt < this.policy.latency.explore_after_ms) return false;
    mirror.exploredAt = at;
    return true;
  }

  begin(subject: string): void {
    this.mirror(subject).inFlight += 1;
  }

  end(subject: string): void {
    const mirror = this.mirror(subject);
    mirror.inFlight = Math.max(0, mirror.inFlight - 1);
  }

  /** This replica's last 64 times to first token for the subject, oldest first. */
  recentTtfts(subject: string): readonly number[] {
    return this.mirrors.get(subject)?.recentTtfts.slice() ?? [];
  }

  /** Stops the interval and the watcher, writes what is still queued (best effort) and withdraws this replica's gauges. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.stopWatching?.();
    if (this.outage) return;
    await Promise.all([...this.mirrors].map(([subject, mirror]) => this.write(subject, mirror, true)));
    await this.state.publishGauges(IN_FLIGHT_GAUGE, new Map(), this.syncIntervalMs).catch(() => {});
  }

  private mirror(subject: string): SubjectMirror {
    let mirror = this.mirrors.get(subject);
    if (mirror === undefined) {
      mirror = new SubjectMirror(() => this.policy);
      this.mirrors.set(subject, mirror);
    }
    return mirror;
  }

  private adopt(subject: string, record: VersionedRecord): void {
    this.mirror(subject).adopt(record);
  }

  /** After a lost race: the winner's record. A lower version than expected means ours expired, so the state port's word stands. */
  private adoptWinner(mirror: SubjectMirror, expectedVersion: number, winner: VersionedRecord): void {
    mirror.adopt(winner, winner.version < expectedVersion && mirror.version === expectedVersion);
  }

  /** Writes the subject's queued outcomes onto the latest record, re-applying them to whichever record won a race. */
  private write(subject: string, mirror: SubjectMirror, closing = false): Promise<void> {
    if (mirror.writeInFlight !== undefined || mirror.pending.length === 0 || (this.closed && !closing)) return mirror.writeInFlight ?? Promise.resolve();
    const run = this.writeNow(subject, mirror);
    mirror.writeInFlight = run;
    void run.then(() => {
      // The write may have started the next one (urgent outcomes came in meanwhile); that one is in flight now.
      if (mirror.writeInFlight === run) mirror.writeInFlight = undefined;
    });
    return run;
  }

  private async writeNow(subject: string, mirror: SubjectMirror): Promise<void> {
    mirror.beginWrite();
    try {
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
        const expectedVersion = mirror.version;
        const record = mirror.recordToWrite();
        const result = await this.state.compareAndSet(keyOf(subject), expectedVersion, JSON.stringify(record), RECORD_TTL_MS);
        this.answered();
        if (result.written) {
          mirror.finishWrite(result.record.version, record);
          return;
        }
        this.adoptWinner(mirror, expectedVersion, result.record);
      }
      mirror.abandonWrite();
    } catch (error) {
      mirror.abandonWrite();
      this.failed(error);
    } finally {
      mirror.writeInFlight = undefined;
      if (mirror.urgent && !this.outage && !this.closed) void this.write(subject, mirror);
    }
  }

  /** Waits until this replica's outcomes for the subject are in the shared record (or the state port failed). */
  private async settle(subject: string, mirror: SubjectMirror): Promise<void> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS && !this.outage; attempt += 1) {
      if (mirror.writeInFlight !== undefined) await mirror.writeInFlight;
      else if (mirror.pending.length > 0) await this.write(subject, mirror);
      else return;
    }
  }

  /** Once per interval: exchange in-flight gauges, write batched outcomes, read subjects not seen yet (all of them now and then). */
  private async synchronise(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      const inFlight = new Map<string, number>();
      for (const [subject, mirror] of this.mirrors) if (mirror.inFlight > 0) inFlight.set(subject, mirror.inFlight);
      // The gauges go first: while the state port is down they are the one call that finds out it is back.
      await this.state.publishGauges(IN_FLIGHT_GAUGE, inFlight, 3 * this.syncIntervalMs);
      this.othersInFlight = await this.state.readOtherGauges(IN_FLIGHT_GAUGE);
      this.answered();

      await Promise.all([...this.mirrors].filter(([, mirror]) => mirror.pending.length > 0).map(([subject, mirror]) => this.write(subject, mirror)));

      // Counted in intervals, not by the injected clock: a test's frozen clock must not stop the re-reads.
      this.intervalsSinceResync += 1;
      const resyncAll = this.intervalsSinceResync * this.syncIntervalMs >= RESYNC_INTERVAL_MS;
      const subjects = [...this.mirrors].filter(([, mirror]) => resyncAll || !mirror.loaded).map(([subject]) => subject);
      if (resyncAll) this.intervalsSinceResync = 0;
      if (subjects.length > 0) {
        const records = await this.state.getRecords(subjects.map(keyOf));
        this.answered();
        for (const subject of subjects) {
          const record = records.get(keyOf(subject));
          if (record === undefined) this.mirror(subject).loaded = true;
          else this.adopt(subject, record);
        }
      }
    } catch (error) {
      // Other replicas' figures would only grow stale; each replica counts alone until the state port is back.
      this.othersInFlight = new Map();
      this.failed(error);
    } finally {
      this.ticking = false;
    }
  }

  private claimProbeLocally(mirror: SubjectMirror): boolean {
    const at = this.now();
    const local = mirror.local;
    if (local === undefined || circuitState(local, this.policy, at) !== 'half-open' || local.probeUntil > at) return false;
    mirror.local = { ...local, circuit: 'half-open', probeUntil: at + this.policy.circuit.cooldown_ms, updatedAt: at };
    return true;
  }

  private failed(error: unknown): void {
    if (this.outage || this.closed) return;
    this.outage = true;
    this.onError?.(error);
  }

  private answered(): void {
    if (!this.outage) return;
    this.outage = false;
    // Back from an outage: re-read everything on this interval, since the watchers missed what happened meanwhile.
    this.intervalsSinceResync = Number.POSITIVE_INFINITY;
  }
}

function keyOf(subject: string): string {
  return `${KEY_PREFIX}${subject}`;
}

function changesCircuitOrCooldown(before: HealthRecord | undefined, after: HealthRecord | undefined, policy: HealthPolicy, now: number): boolean {
  return circuitState(before, policy, now) !== circuitState(after, policy, now) || (before?.coolingUntil ?? 0) !== (after?.coolingUntil ?? 0);
}

/** The next moment a view of `record` taken at `now` would read differently with nothing written. */
function viewValidUntil(record: HealthRecord | undefined, policy: HealthPolicy, now: number): number {
  if (record === undefined) return Number.POSITIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  const halfOpenAt = record.openedAt + policy.circuit.cooldown_ms;
  if (record.circuit === 'open' && halfOpenAt > now) until = halfOpenAt;
  if (record.coolingUntil > now) until = Math.min(until, record.coolingUntil);
  const windowEnd = record.window.startedAt + policy.circuit.window_ms;
  if (windowEnd > now) until = Math.min(until, windowEnd);
  return until;
}
