import { Redis } from 'ioredis';
import { assertAdmissionChecks } from '../assert-admission-checks.js';
import { assertSettlements } from '../assert-settlements.js';
import { assertWindow } from '../assert-window.js';
import { assertCounterInteger, counterRangeError } from '../counter-integers.js';
import type { AdmissionCheck, AdmissionCheckResult, StatePort, VersionedRecord, WindowCount } from '../state-port.js';
import { defineRedisScripts, type AdmitStepReply } from './redis-scripts.js';
import { waitForConnection } from './wait-for-connection.js';

export interface RedisStateOptions {
  url: string;
  /** Prefix of every key and channel, so several gateways (or test runs) can share one Redis. */
  keyPrefix: string;
  /** Longest a command may take; 0 waits as long as the connection lives. */
  commandTimeoutMs: number;
  /** Names this replica's gauges; unique per running process. */
  replicaId: string;
  now?: () => number;
  /** Connection errors and failing watchers land here (ioredis would otherwise print unhandled 'error' events). */
  onError?: (error: unknown) => void;
}

/** An admitAll call waiting for its turn's script call. */
interface WaitingAdmission {
  checks: readonly AdmissionCheck[];
  /** The caller's clock when it asked: its windows are the ones current then. */
  at: number;
  resolve: (answer: { admitted: boolean; results: AdmissionCheckResult[] }) => void;
  reject: (error: unknown) => void;
}

/** Reconnection attempts back off by this much per attempt, up to the cap. */
const RECONNECT_STEP_MS = 100;
const RECONNECT_CAP_MS = 2_000;

/**
 * The many-replica state. Commands fail fast while Redis is unreachable (no offline queue, no
 * retries, a command timeout) and the connections come back by themselves. Writes that several
 * replicas may race on are single Lua scripts; the time in windows is the caller's `now()`, so every
 * replica (and a test's fake clock) agrees on which window is current. Leases are the exception: they
 * expire by Redis's own clock, since a replica whose clock runs ahead would otherwise free places early.
 *
 * Resolves once connected, or once the first connection attempt failed (then every command rejects
 * until Redis answers), so a gateway can start while Redis is down.
 */
export async function createRedisState(options: RedisStateOptions): Promise<StatePort> {
  const now = options.now ?? Date.now;
  const prefix = options.keyPrefix;
  const channel = `${prefix}records`;
  let closed = false;
  // Closing rejects whatever was still waiting for Redis; that is not worth a report.
  const reportError = (error: unknown) => {
    if (!closed) options.onError?.(error);
  };
  const retryStrategy = (attempt: number) => Math.min(attempt * RECONNECT_STEP_MS, RECONNECT_CAP_MS);
  const connectTimeout = Math.max(1_000, options.commandTimeoutMs);
  // CLIENT SETNAME refuses spaces; the name only helps whoever reads CLIENT LIST.
  const connectionName = `skyroute:${options.replicaId.replace(/[^\w.:-]/g, '_')}`;

  const commands = defineRedisScripts(
    new Redis(options.url, {
      enableOfflineQueue: false,
      // Commands sent in one turn of the event loop (every request's checks, across requests) go out as one write.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs > 0 ? options.commandTimeoutMs : undefined,
      connectTimeout,
      retryStrategy,
      connectionName,
    }),
  );
  // The subscriber keeps SUBSCRIBE queued until Redis answers, and re-subscribes after a reconnect.
  const subscriber = new Redis(options.url, { maxRetriesPerRequest: null, connectTimeout, retryStrategy, connectionName: `${connectionName}:watch` });
  reportOncePerOutage(commands, reportError);
  reportOncePerOutage(subscriber, reportError);

  const watchers = new Set<{ prefix: string; listener: (key: string, record: VersionedRecord) => void }>();
  subscriber.on('message', (_channel: string, message: string) => {
    let announced: unknown;
    try {
      announced = JSON.parse(message);
    } catch (error) {
      reportError(error);
      return;
    }
    if (typeof announced !== 'object' || announced === null) return;
    const { key, version, value } = announced as { key?: unknown; version?: unknown; value?: unknown };
    if (typeof key !== 'string' || typeof version !== 'number' || typeof value !== 'string') return;
    for (const watcher of watchers) {
      if (!key.startsWith(watcher.prefix)) continue;
      try {
        watcher.listener(key, { version, value });
      } catch (error) {
        reportError(error);
      }
    }
  });
  const subscribed = subscriber.subscribe(channel);
  subscribed.catch(reportError);
  await Promise.all([waitForConnection(commands, connectTimeout), waitForConnection(subscriber, connectTimeout, subscribed)]);

  const recordKey = (key: string) => `${prefix}record:${key}`;
  // The braces keep both windows of one counter in one cluster slot, as one script must.
  const windowKey = (key: string, index: number) => `${prefix}window:{${key}}:${index}`;
  const counterKey = (key: string) => `${prefix}counter:${key}`;
  const budgetKey = (key: string) => `${prefix}budget:${key}`;
  /** Sorted set of the key's lease holders, scored by when their places come free. */
  const leaseKey = (key: string) => `${prefix}lease:${key}`;
  const gaugeKey = (name: string, replicaId: string) => `${prefix}gauge:${name}:${replicaId}`;
  /** Sorted set of the replicas publishing a gauge, scored by when their values expire. */
  const gaugeReplicasKey = (name: string) => `${prefix}gauges:${name}`;

  /** Admissions waiting for this turn's script call, in the order they were asked for. */
  let waitingAdmissions: WaitingAdmission[] = [];
  const sendAdmissions = (): void => {
    const batch = waitingAdmissions;
    waitingAdmissions = [];
    const keys: string[] = [];
    const steps: Array<string | number> = [batch.length];
    for (const { checks, at } of batch) {
      steps.push(checks.length);
      for (const check of checks) {
        switch (check.kind) {
          case 'window': {
            const index = Math.floor(at / check.windowMs);
            keys.push(windowKey(check.key, index), windowKey(check.key, index - 1));
            steps.push('window', check.windowMs, check.limit, check.amount, at - index * check.windowMs);
            break;
          }
          case 'budget':
            keys.push(budgetKey(check.key));
            steps.push('budget', check.amount, check.limit);
            break;
          case 'lease':
            keys.push(leaseKey(check.key));
            steps.push('lease', check.holder, check.limit, check.ttlMs);
            break;
        }
      }
    }
    commands.skyrouteAdmitAll(keys.length, ...keys, ...steps).then(
      (answers) => {
        batch.forEach(({ checks, resolve, reject }, position) => {
          const answer = answers[position];
          if (answer === undefined) {
            reject(new Error('skyrouteAdmitAll answered fewer requests than it was sent'));
            return;
          }
          try {
            resolve({ admitted: answer[0] === 1, results: checks.map((check, step) => admissionResult(check, answer[1][step])) });
          } catch (error) {
            reject(error);
          }
        });
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  };

  return {
    kind: 'redis',

    async getRecords(keys) {
      const found = new Map<string, VersionedRecord>();
      if (keys.length === 0) return found;
      const pipeline = commands.pipeline();
      for (const key of keys) pipeline.hmget(recordKey(key), 'v', 'd');
      const replies = (await pipeline.exec()) ?? [];
      for (const [position, key] of keys.entries()) {
        const [error, fields] = replies[position] ?? [new Error('Redis answered fewer replies than commands')];
        if (error) throw error;
        const [version, value] = fields as [string | null, string | null];
        if (version !== null && value !== null) found.set(key, { version: Number(version), value });
      }
      return found;
    },

    async compareAndSet(key, expectedVersion, value, ttlMs) {
      const [written, version, stored] = await commands.skyrouteCompareAndSet(recordKey(key), expectedVersion, value, ttlMs !== undefined && ttlMs > 0 ? ttlMs : 0, channel, key);
      return { written: written === 1, record: { version: Number(version), value: stored ?? '' } };
    },

    watchRecords(watchedPrefix, listener) {
      const watcher = { prefix: watchedPrefix, listener };
      watchers.add(watcher);
      return () => {
        watchers.delete(watcher);
      };
    },

    async consume(key, windowMs, limit, amount): Promise<WindowCount> {
      assertWindow(windowMs);
      const at = now();
      const index = Math.floor(at / windowMs);
      const [allowed, count, retryAfterMs] = await commands.skyrouteConsume(windowKey(key, index), windowKey(key, index - 1), windowMs, limit, amount, at - index * windowMs);
      return { allowed: allowed === 1, count: Number(count), retryAfterMs: Number(retryAfterMs) };
    },

    async add(key, windowMs, amount) {
      assertWindow(windowMs);
      await commands.skyrouteAdd(windowKey(key, Math.floor(now() / windowMs)), amount, windowMs);
    },

    async increment(key) {
      return commands.incr(counterKey(key));
    },

    async reserve(key, amount, limit) {
      assertCounterInteger('reserve: amount', amount, 1);
      assertCounterInteger('reserve: limit', limit);
      const [status, value] = await commands.skyrouteReserve(budgetKey(key), amount, limit);
      return { status: status === 1 ? 'ok' : status === 2 ? 'over' : 'missing', value: Number(value) };
    },

    async seedCounter(key, value, ttlMs) {
      assertCounterInteger('seedCounter: value', value);
      assertCounterInteger('seedCounter: ttlMs', ttlMs, 0);
      return Number(await commands.skyrouteSeedCounter(budgetKey(key), value, ttlMs));
    },

    async adjustCounter(key, amount) {
      assertCounterInteger('adjustCounter: amount', amount);
      const [status, value] = await commands.skyrouteAdjustCounter(budgetKey(key), amount);
      if (status === 0) return undefined;
      if (status === 2) throw counterRangeError(key, Number(value), amount);
      return Number(value);
    },

    async readCounter(key) {
      const stored = await commands.get(budgetKey(key));
      return stored === null ? undefined : Number(stored);
    },

    async acquireLease(key, holder, limit, ttlMs) {
      assertCounterInteger('acquireLease: limit', limit, 0);
      assertCounterInteger('acquireLease: ttlMs', ttlMs, 1);
      return (await commands.skyrouteAcquireLease(leaseKey(key), holder, limit, ttlMs)) === 1;
    },

    async releaseLease(key, holder) {
      await commands.zrem(leaseKey(key), holder);
    },

    async countLeases(key) {
      return commands.skyrouteCountLeases(leaseKey(key));
    },

    async admitAll(checks) {
      assertAdmissionChecks(checks);
      if (checks.length === 0) return { admitted: true, results: [] };
      return new Promise((resolve, reject) => {
        waitingAdmissions.push({ checks, at: now(), resolve, reject });
        // Every admission asked for in this turn of the event loop (each request's I/O callback is
        // its own turn) goes in one script call, sent once the turn's I/O callbacks have run.
        if (waitingAdmissions.length === 1) setImmediate(sendAdmissions);
      });
    },

    async settleAll(settlements) {
      assertSettlements(settlements);
      if (settlements.length === 0) return [];
      const at = now();
      const keys: string[] = [];
      const steps: Array<string | number> = [];
      for (const settlement of settlements) {
        switch (settlement.kind) {
          case 'window-add':
            keys.push(windowKey(settlement.key, Math.floor(at / settlement.windowMs)));
            steps.push('window-add', settlement.amount, settlement.windowMs);
            break;
          case 'counter-adjust':
            keys.push(budgetKey(settlement.key));
            steps.push('counter-adjust', settlement.amount);
            break;
          case 'lease-release':
            keys.push(leaseKey(settlement.key));
            steps.push('lease-release', settlement.holder);
            break;
        }
      }
      const reply = await commands.skyrouteSettleAll(keys.length, ...keys, ...steps);
      if (reply[0] === 0) {
        const [, step, current] = reply;
        const refused = settlements[step - 1];
        if (refused?.kind !== 'counter-adjust') throw new Error(`skyrouteSettleAll refused settlement ${step}, which adjusts no counter`);
        throw counterRangeError(refused.key, Number(current), refused.amount);
      }
      return reply[1].map(([adjusted, value]) => (adjusted === 1 ? Number(value) : undefined));
    },

    async publishGauges(name, values, ttlMs) {
      const at = now();
      const own = gaugeKey(name, options.replicaId);
      const transaction = commands.multi().del(own);
      if (values.size > 0) {
        transaction.hset(own, Object.fromEntries(values)).pexpire(own, ttlMs);
        transaction.zadd(gaugeReplicasKey(name), at + ttlMs, options.replicaId);
      } else {
        transaction.zrem(gaugeReplicasKey(name), options.replicaId);
      }
      transaction.zremrangebyscore(gaugeReplicasKey(name), '-inf', at);
      const replies = (await transaction.exec()) ?? [];
      for (const [error] of replies) if (error) throw error;
    },

    async readOtherGauges(name) {
      const replicas = (await commands.zrangebyscore(gaugeReplicasKey(name), `(${now()}`, '+inf')).filter((replica) => replica !== options.replicaId);
      const sums = new Map<string, number>();
      if (replicas.length === 0) return sums;
      const pipeline = commands.pipeline();
      // A replica whose hash expired (it stopped publishing) answers an empty hash and adds nothing.
      for (const replica of replicas) pipeline.hgetall(gaugeKey(name, replica));
      for (const [error, values] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        for (const [subject, value] of Object.entries(values as Record<string, string>)) sums.set(subject, (sums.get(subject) ?? 0) + Number(value));
      }
      return sums;
    },

    async close() {
      closed = true;
      watchers.clear();
      await Promise.all([quitOrDisconnect(commands), quitOrDisconnect(subscriber)]);
    },
  };
}

/** One check's answer from the admission script, in the port's words. */
function admissionResult(check: AdmissionCheck, reply: AdmitStepReply | undefined): AdmissionCheckResult {
  if (reply === undefined) throw new Error('skyrouteAdmitAll answered fewer results than checks');
  switch (check.kind) {
    case 'window': {
      const [allowed, count, retryAfterMs] = reply;
      return { kind: 'window', allowed: allowed === 1, count: Number(count), retryAfterMs: Number(retryAfterMs) };
    }
    case 'budget': {
      const [status, value] = reply;
      return { kind: 'budget', status: status === 1 ? 'ok' : status === 2 ? 'over' : 'missing', value: Number(value) };
    }
    case 'lease':
      return { kind: 'lease', acquired: reply[0] === 1 };
  }
}

/** ioredis emits 'error' on every failed reconnect attempt; one report per outage is enough. */
function reportOncePerOutage(client: Redis, reportError: (error: unknown) => void): void {
  let reported = false;
  client.on('error', (error: unknown) => {
    if (reported) return;
    reported = true;
    reportError(error);
  });
  client.on('ready', () => {
    reported = false;
  });
}

async function quitOrDisconnect(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Redis went away while quitting; disconnecting below is all that is left to do.
    }
  }
  client.disconnect();
}
