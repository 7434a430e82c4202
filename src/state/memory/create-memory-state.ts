import { assertAdmissionChecks } from '../assert-admission-checks.js';
import { assertSettlements } from '../assert-settlements.js';
import { assertWindow } from '../assert-window.js';
import { assertCounterInteger, counterRangeError } from '../counter-integers.js';
import { slidingWindowCount } from '../sliding-window-count.js';
import type { AdmissionCheckResult, StatePort, VersionedRecord, WindowCount } from '../state-port.js';

export interface MemoryStateOptions {
  now?: () => number;
  /** A watcher that throws lands here instead of crashing the process from a microtask. */
  onError?: (error: unknown) => void;
}

interface StoredRecord extends VersionedRecord {
  /** Epoch ms (caller's clock); undefined: never expires. */
  expiresAt: number | undefined;
}

interface WindowSlots {
  windowMs: number;
  /** floor(now / windowMs) of `current`. */
  index: number;
  current: number;
  previous: number;
}

interface BudgetCounter {
  value: number;
  /** Epoch ms (caller's clock); undefined: never expires. */
  expiresAt: number | undefined;
}

interface Watcher {
  prefix: string;
  listener: (key: string, record: VersionedRecord) => void;
}

/** Expired records, counters and leases, and stale windows, are swept after this many writes, so unread keys do not pile up. */
const WRITES_BETWEEN_SWEEPS = 1_000;

/**
 * The single-replica state: plain maps, TTLs honoured on read (and by an occasional sweep, no timers),
 * windows and lease expiry computed from `now()`. Every method does its work before its first await,
 * so a reservation or a lease is atomic without locks. A single replica has no others, so
 * readOtherGauges is always empty.
 */
export function createMemoryState(options: MemoryStateOptions = {}): StatePort {
  const now = options.now ?? Date.now;
  const records = new Map<string, StoredRecord>();
  const windows = new Map<string, WindowSlots>();
  const counters = new Map<string, number>();
  const budgets = new Map<string, BudgetCounter>();
  /** Per key: holder → when its place comes free (epoch ms, caller's clock). */
  const leases = new Map<string, Map<string, number>>();
  const watchers = new Set<Watcher>();
  let writesSinceSweep = 0;

  function liveRecord(key: string, at: number): StoredRecord | undefined {
    const record = records.get(key);
    if (record === undefined) return undefined;
    if (record.expiresAt !== undefined && record.expiresAt <= at) {
      records.delete(key);
      return undefined;
    }
    return record;
  }

  function liveCounter(key: string, at: number): BudgetCounter | undefined {
    const counter = budgets.get(key);
    if (counter === undefined) return undefined;
    if (counter.expiresAt !== undefined && counter.expiresAt <= at) {
      budgets.delete(key);
      return undefined;
    }
    return counter;
  }

  /** The key's unexpired leases (expired ones removed), or undefined when none is left. */
  function liveLeases(key: string, at: number): Map<string, number> | undefined {
    const holders = leases.get(key);
    if (holders === undefined) return undefined;
    for (const [holder, expiresAt] of holders) if (expiresAt <= at) holders.delete(holder);
    if (holders.size > 0) return holders;
    leases.delete(key);
    return undefined;
  }

  /** The two windows as seen at `index`, moved forward if time has passed into a later window. */
  function slotsAt(key: string, windowMs: number, index: number): WindowSlots {
    const slots = windows.get(key);
    if (slots === undefined || slots.windowMs !== windowMs || index > slots.index + 1) return { windowMs, index, current: 0, previous: 0 };
    if (index === slots.index + 1) return { windowMs, index, current: 0, previous: slots.current };
    return slots;
  }

  function noteWrite(at: number): void {
    writesSinceSweep += 1;
    if (writesSinceSweep < WRITES_BETWEEN_SWEEPS) return;
    writesSinceSweep = 0;
    for (const key of records.keys()) liveRecord(key, at);
    for (const [key, slots] of windows) if (Math.floor(at / slots.windowMs) > slots.index + 1) windows.delete(key);
    for (const key of budgets.keys()) liveCounter(key, at);
    for (const key of leases.keys()) liveLeases(key, at);
  }

  function announce(key: string, record: VersionedRecord): void {
    for (const watcher of watchers) {
      if (!key.startsWith(watcher.prefix)) continue;
      queueMicrotask(() => {
        try {
          watcher.listener(key, { version: record.version, value: record.value });
        } catch (error) {
          options.onError?.(error);
        }
      });
    }
  }

  return {
    kind: 'memory',

    async getRecords(keys) {
      const at = now();
      const found = new Map<string, VersionedRecord>();
      for (const key of keys) {
        const record = liveRecord(key, at);
        if (record !== undefined) found.set(key, { version: record.version, value: record.value });
      }
      return found;
    },

    async compareAndSet(key, expectedVersion, value, ttlMs) {
      const at = now();
      const existing = liveRecord(key, at);
      const version = existing?.version ?? 0;
      if (version !== expectedVersion) return { written: false, record: { version, value: existing?.value ?? '' } };
      const stored: StoredRecord = { version: version + 1, value, expiresAt: ttlMs !== undefined && ttlMs > 0 ? at + ttlMs : undefined };
      records.set(key, stored);
      noteWrite(at);
      announce(key, stored);
      return { written: true, record: { version: stored.version, value } };
    },

    watchRecords(prefix, listener) {
      const watcher: Watcher = { prefix, listener };
      watchers.add(watcher);
      return () => {
        watchers.delete(watcher);
      };
    },

    async consume(key, windowMs, limit, amount): Promise<WindowCount> {
      assertWindow(windowMs);
      const at = now();
      const index = Math.floor(at / windowMs);
      const slots = slotsAt(key, windowMs, index);
      const answer = slidingWindowCount(slots.previous, slots.current, at - index * windowMs, windowMs, limit, amount);
      if (answer.allowed && amount !== 0) {
        windows.set(key, { ...slots, current: slots.current + amount });
        noteWrite(at);
      }
      return answer;
    },

    async add(key, windowMs, amount) {
      assertWindow(windowMs);
      const at = now();
      const slots = slotsAt(key, windowMs, Math.floor(at / windowMs));
      windows.set(key, { ...slots, current: slots.current + amount });
      noteWrite(at);
    },

    async increment(key) {
      const next = (counters.get(key) ?? 0) + 1;
      counters.set(key, next);
      return next;
    },

    async reserve(key, amount, limit) {
      assertCounterInteger('reserve: amount', amount, 1);
      assertCounterInteger('reserve: limit', limit);
      const counter = liveCounter(key, now());
      if (counter === undefined) return { status: 'missing', value: 0 };
      // Both are safe integers, so a sum beyond the safe range rounds to above any safe limit: never a wrong 'ok'.
      if (counter.value + amount > limit) return { status: 'over', value: counter.value };
      counter.value += amount;
      return { status: 'ok', value: counter.value };
    },

    async seedCounter(key, value, ttlMs) {
      assertCounterInteger('seedCounter: value', value);
      assertCounterInteger('seedCounter: ttlMs', ttlMs, 0);
      const at = now();
      const existing = liveCounter(key, at);
      if (existing !== undefined) return existing.value;
      budgets.set(key, { value, expiresAt: ttlMs > 0 ? at + ttlMs : undefined });
      noteWrite(at);
      return value;
    },

    async adjustCounter(key, amount) {
      assertCounterInteger('adjustCounter: amount', amount);
      const counter = liveCounter(key, now());
      if (counter === undefined) return undefined;
      const sum = counter.value + amount;
      if (!Number.isSafeInteger(sum)) throw counterRangeError(key, counter.value, amount);
      counter.value = sum;
      return sum;
    },

    async readCounter(key) {
      return liveCounter(key, now())?.value;
    },

    async acquireLease(key, holder, limit, ttlMs) {
      assertCounterInteger('acquireLease: limit', limit, 0);
      assertCounterInteger('acquireLease: ttlMs', ttlMs, 1);
      const at = now();
      const holders = liveLeases(key, at) ?? new Map<string, number>();
      if (!holders.has(holder) && holders.size >= limit) return false;
      holders.set(holder, at + ttlMs);
      leases.set(key, holders);
      noteWrite(at);
      return true;
    },

    async releaseLease(key, holder) {
      const holders = leases.get(key);
      if (holders === undefined) return;
      holders.delete(holder);
      if (holders.size === 0) leases.delete(key);
    },

    async countLeases(key) {
      return liveLeases(key, now())?.size ?? 0;
    },

    async admitAll(checks) {
      assertAdmissionChecks(checks);
      if (checks.length === 0) return { admitted: true, results: [] };
      const at = now();
      // Judge every check on the state as it is, keeping what each would write; write only if all pass.
      const writes: Array<() => void> = [];
      const results = checks.map((check): AdmissionCheckResult => {
        switch (check.kind) {
          case 'window': {
            const index = Math.floor(at / check.windowMs);
            const slots = slotsAt(check.key, check.windowMs, index);
            const answer = slidingWindowCount(slots.previous, slots.current, at - index * check.windowMs, check.windowMs, check.limit, check.amount);
            if (answer.allowed && check.amount !== 0) writes.push(() => windows.set(check.key, { ...slots, current: slots.current + check.amount }));
            return { kind: 'window', ...answer };
          }
          case 'budget': {
            const counter = liveCounter(check.key, at);
            if (counter === undefined) return { kind: 'budget', status: 'missing', value: 0 };
            if (counter.value + check.amount > check.limit) return { kind: 'budget', status: 'over', value: counter.value };
            writes.push(() => void (counter.value += check.amount));
            return { kind: 'budget', status: 'ok', value: counter.value + check.amount };
          }
          case 'lease': {
            const holders = liveLeases(check.key, at) ?? new Map<string, number>();
            if (!holders.has(check.holder) && holders.size >= check.limit) return { kind: 'lease', acquired: false };
            writes.push(() => {
              holders.set(check.holder, at + check.ttlMs);
              leases.set(check.key, holders);
            });
            return { kind: 'lease', acquired: true };
          }
        }
      });
      const admitted = results.every((result) => (result.kind === 'window' ? result.allowed : result.kind === 'budget' ? result.status === 'ok' : result.acquired));
      if (!admitted) return { admitted, results };
      for (const write of writes) {
        write();
        noteWrite(at);
      }
      return { admitted, results };
    },

    async settleAll(settlements) {
      assertSettlements(settlements);
      if (settlements.length === 0) return [];
      const at = now();
      // Refuse before writing anything: an adjustment beyond the safe range fails the whole batch, as it would fail adjustCounter.
      const runningValues = new Map<string, number | undefined>();
      for (const settlement of settlements) {
        if (settlement.kind !== 'counter-adjust') continue;
        const value = runningValues.has(settlement.key) ? runningValues.get(settlement.key) : liveCounter(settlement.key, at)?.value;
        const sum = value === undefined ? undefined : value + settlement.amount;
        if (value !== undefined && !Number.isSafeInteger(sum)) throw counterRangeError(settlement.key, value, settlement.amount);
        runningValues.set(settlement.key, sum);
      }
      return settlements.map((settlement) => {
        switch (settlement.kind) {
          case 'window-add': {
            const slots = slotsAt(settlement.key, settlement.windowMs, Math.floor(at / settlement.windowMs));
            windows.set(settlement.key, { ...slots, current: slots.current + settlement.amount });
            noteWrite(at);
            return undefined;
          }
          case 'counter-adjust': {
            const counter = liveCounter(settlement.key, at);
            if (counter === undefined) return undefined;
            counter.value += settlement.amount;
            return counter.value;
          }
          case 'lease-release': {
            const holders = leases.get(settlement.key);
            holders?.delete(settlement.holder);
            if (holders?.size === 0) leases.delete(settlement.key);
            return undefined;
          }
        }
      });
    },

    async publishGauges() {
      // Nobody else reads this replica's gauges.
    },

    async readOtherGauges() {
      return new Map();
    },

    async close() {
      watchers.clear();
    },
  };
}
