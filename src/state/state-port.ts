/**
 * The state port: what must be shared across replicas and be fast. Two implementations pass one
 * conformance suite (state-conformance.ts): memory (one replica; the default) and Redis (many
 * replicas; atomic Lua scripts where several replicas may write at once).
 *
 * Contract:
 * - Keys are plain strings chosen by the caller; an implementation adds its own prefix.
 * - Every method may reject (Redis unreachable or slower than its command timeout). Callers decide
 *   what that means for them and say so in docs/routing.md; an implementation never silently
 *   answers from a per-replica copy instead.
 * - Nothing here blocks the event loop; the memory implementation settles its promises at once.
 */
export interface StatePort {
  readonly kind: 'memory' | 'redis';

  /**
   * Versioned records (a deployment's health): JSON text with a version that grows by one per write.
   * Missing records read as undefined (version 0 for compareAndSet).
   */
  getRecords(keys: readonly string[]): Promise<Map<string, VersionedRecord>>;
  /**
   * Writes `value` only if the stored version is still `expectedVersion` (0: the record must not exist).
   * Answers the record as stored afterwards: the new one (`written: true`) or the one that won.
   * A successful write is announced to every watcher, on every replica, this one included.
   * `ttlMs` > 0 expires the record that long after this write.
   */
  compareAndSet(key: string, expectedVersion: number, value: string, ttlMs?: number): Promise<{ written: boolean; record: VersionedRecord }>;
  /**
   * Calls `listener` for every record written under `prefix`, by any replica. Delivery is best
   * effort (Redis pub/sub): a caller that must not miss one also re-reads with getRecords now and then.
   * Returns the function that stops watching.
   */
  watchRecords(prefix: string, listener: (key: string, record: VersionedRecord) => void): () => void;

  /**
   * Sliding-window counter (two fixed windows, the previous one weighted by how much of it still
   * overlaps the sliding window): adds `amount` only if the windowed count plus `amount` stays within
   * `limit`, atomically. `amount` 0 reads without changing anything.
   */
  consume(key: string, windowMs: number, limit: number, amount: number): Promise<WindowCount>;
  /** Adds to the current window without a limit check (a correction once the real amount is known; may be negative). */
  add(key: string, windowMs: number, amount: number): Promise<void>;

  /** A counter that only grows (round-robin position); starts at 1. */
  increment(key: string): Promise<number>;

  /**
   * Per-replica gauges (in-flight requests per deployment): this replica publishes its own values,
   * which live `ttlMs` unless published again, and reads the sum over every live replica but itself.
   */
  publishGauges(name: string, values: ReadonlyMap<string, number>, ttlMs: number): Promise<void>;
  readOtherGauges(name: string): Promise<Map<string, number>>;

  /**
   * Budget counters: integers (nano-dollars). Adds `amount` (> 0) when the counter exists and the sum stays
   * within `limit`, atomically across replicas. A missing counter answers 'missing' (the caller seeds it
   * from the store, then asks again); over the limit answers 'over' and changes nothing. `value` is the
   * counter after the call (before it, when refused; 0 when missing).
   *
   * Every amount, limit and value is a safe integer (within ±(2^53 − 1)): anything else rejects with a
   * RangeError, and so does an adjustment whose result would leave that range, so counters stay exact.
   * These counters are a key space of their own, apart from `increment`'s.
   */
  reserve(key: string, amount: number, limit: number): Promise<{ status: 'ok' | 'over' | 'missing'; value: number }>;
  /** Creates the counter holding `value` unless it exists (then leaves it as is); it expires `ttlMs` after creation (0: never). Answers the value now stored. */
  seedCounter(key: string, value: number, ttlMs: number): Promise<number>;
  /** Adds `amount` (may be negative) to an existing counter; a missing one stays missing. Answers the new value, or undefined when missing. */
  adjustCounter(key: string, amount: number): Promise<number | undefined>;
  /** The counter's value, or undefined when missing. */
  readCounter(key: string): Promise<number | undefined>;

  /**
   * Leases (max parallel requests per key): `holder` takes one of `limit` places under `key` until it
   * releases it or `ttlMs` passes, so places held by a replica that died come free by themselves.
   * False when `limit` unexpired leases are held. Taking a place the holder already has renews it.
   * Redis times leases with its own clock, so replicas with skewed clocks agree on what has expired.
   */
  acquireLease(key: string, holder: string, limit: number, ttlMs: number): Promise<boolean>;
  /** Gives the holder's place back; releasing a place not held (or already expired) does nothing. */
  releaseLease(key: string, holder: string): Promise<void>;
  /** How many unexpired leases `key` has. */
  countLeases(key: string): Promise<number>;

  /**
   * A request's admission in one step (one Lua script on Redis, one round trip): each check is
   * `consume`, `reserve` or `acquireLease` with the same arguments, keys and answers (results[i]
   * answers checks[i], of the same kind). All or nothing: every check is evaluated against the state
   * as it was; only when all pass (window allowed, budget 'ok', lease acquired) are they all applied,
   * atomically, and `admitted` is true. Otherwise nothing changes and each result still says how
   * that check alone fared: a check that would have passed reads as passed (its count or value
   * including its amount), though nothing was applied.
   *
   * Arguments are checked as the single operations check them (RangeError) before anything is
   * asked. A kind and key may appear once per call (Error otherwise); the same key under different
   * kinds names different things (windows, budget counters and leases are key spaces of their own).
   * An empty list admits without asking anything.
   */
  admitAll(checks: readonly AdmissionCheck[]): Promise<{ admitted: boolean; results: AdmissionCheckResult[] }>;
  /**
   * Settles in one step (one Lua script on Redis, one round trip): each settlement is `add`,
   * `adjustCounter` or `releaseLease` with the same arguments and keys, applied in order, atomically.
   * The same key may appear many times (the settlements of many requests merged); each sees the
   * ones before it. Answers, per settlement, the counter's new value for 'counter-adjust'
   * (undefined when the counter is missing, which stays missing) and undefined for the others.
   *
   * Arguments are checked as the single operations check them (RangeError) before anything is
   * written; an adjustment that would take a counter outside the safe range rejects the whole call
   * with adjustCounter's RangeError and changes nothing. An empty list settles without asking anything.
   */
  settleAll(settlements: readonly Settlement[]): Promise<Array<number | undefined>>;

  /** Stops watching, closes connections. */
  close(): Promise<void>;
}

export interface VersionedRecord {
  version: number;
  value: string;
}

export interface WindowCount {
  allowed: boolean;
  /** The windowed count after this call (unchanged when not allowed). */
  count: number;
  /** Milliseconds until enough of the window has slid by for `amount` to fit (0 when allowed). */
  retryAfterMs: number;
}

/** One check of admitAll: the arguments of `consume`, `reserve` or `acquireLease`. */
export type AdmissionCheck =
  | { kind: 'window'; key: string; windowMs: number; limit: number; amount: number }
  | { kind: 'budget'; key: string; amount: number; limit: number }
  | { kind: 'lease'; key: string; holder: string; limit: number; ttlMs: number };

/** How one check of admitAll fared: the answer of `consume`, `reserve` or `acquireLease`. */
export type AdmissionCheckResult =
  | ({ kind: 'window' } & WindowCount)
  | { kind: 'budget'; status: 'ok' | 'over' | 'missing'; value: number }
  | { kind: 'lease'; acquired: boolean };

/** One settlement of settleAll: the arguments of `add`, `adjustCounter` or `releaseLease`. */
export type Settlement =
  | { kind: 'window-add'; key: string; windowMs: number; amount: number }
  | { kind: 'counter-adjust'; key: string; amount: number }
  | { kind: 'lease-release'; key: string; holder: string };
