import type { Redis } from 'ioredis';

/**
 * The Lua scripts that make the Redis state atomic across replicas. Each runs as one EVALSHA
 * (ioredis's defineCommand falls back to EVAL once after a script flush).
 */

/**
 * KEYS[1] record hash (fields v: version, d: value). ARGV: expected version, value, ttl ms (0: none),
 * channel, the caller's key (as announced to watchers).
 * Answers {written 0|1, version, value|false}.
 */
const COMPARE_AND_SET = `
local stored = redis.call('HMGET', KEYS[1], 'v', 'd')
local version = tonumber(stored[1]) or 0
if version ~= tonumber(ARGV[1]) then
  return {0, version, stored[2]}
end
local nextVersion = version + 1
redis.call('HSET', KEYS[1], 'v', nextVersion, 'd', ARGV[2])
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('PERSIST', KEYS[1])
end
redis.call('PUBLISH', ARGV[4], cjson.encode({key = ARGV[5], version = nextVersion, value = ARGV[2]}))
return {1, nextVersion, ARGV[2]}
`;

/**
 * The sliding-window arithmetic of sliding-window-count.ts, line for line (same operations in the
 * same order, so memory and Redis answer the same doubles).
 * KEYS[1] current window, KEYS[2] previous window. ARGV: window ms, limit, amount, elapsed ms.
 * Answers {allowed 0|1, count as text (Lua numbers would be truncated to integers), retry after ms}.
 */
const CONSUME = `
local function wholeMilliseconds(milliseconds)
  return math.ceil(milliseconds - 1e-6)
end
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local elapsed = tonumber(ARGV[4])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local count = math.max(0, previous * (1 - elapsed / windowMs) + current)
if count + amount <= limit then
  if amount ~= 0 then
    redis.call('SET', KEYS[1], string.format('%.17g', current + amount), 'PX', 2 * windowMs)
  end
  return {1, string.format('%.17g', count + amount), 0}
end
local room = limit - amount - current
local retry
if room >= 0 and previous > 0 then
  retry = math.max(1, wholeMilliseconds(windowMs * (1 - room / previous) - elapsed))
else
  local untilNextWindow = windowMs - elapsed
  if amount > limit then
    retry = math.max(1, wholeMilliseconds(untilNextWindow + windowMs))
  else
    local intoNextWindow = 0
    if current > 0 then
      intoNextWindow = math.max(0, wholeMilliseconds(windowMs * (1 - (limit - amount) / current)))
    end
    retry = math.max(1, wholeMilliseconds(untilNextWindow + intoNextWindow))
  end
end
return {0, string.format('%.17g', count), retry}
`;

/** KEYS[1] current window. ARGV: amount, window ms. */
const ADD = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], string.format('%.17g', current + tonumber(ARGV[1])), 'PX', 2 * tonumber(ARGV[2]))
return 1
`;

/*
 * Budget counters are integer strings changed only by INCRBY, so Redis keeps them exact. The scripts
 * compare in Lua's doubles, which is exact too: every value, amount and limit is a safe integer (the
 * callers check), and a sum that leaves the safe range rounds to beyond it, never back inside.
 * Values come back as Lua numbers, which Redis answers as integers: exact within ±(2^53 − 1).
 */

/**
 * KEYS[1] counter. ARGV: amount (> 0), limit.
 * Answers {status 0: missing | 1: added | 2: over the limit, the counter after (before, when over; 0 when missing)}.
 */
const RESERVE = `
local stored = redis.call('GET', KEYS[1])
if not stored then
  return {0, 0}
end
local current = tonumber(stored)
if current + tonumber(ARGV[1]) > tonumber(ARGV[2]) then
  return {2, current}
end
return {1, redis.call('INCRBY', KEYS[1], ARGV[1])}
`;

/**
 * KEYS[1] counter. ARGV: value, ttl ms (0: none). SET NX: an existing counter (another replica's
 * seed, already charged) is left as it is.
 * Answers the value now stored, as text.
 */
const SEED_COUNTER = `
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1], 'NX')
end
return redis.call('GET', KEYS[1])
`;

/**
 * KEYS[1] counter. ARGV: amount (any sign). A missing counter stays missing (INCRBY would create it
 * at 0 and a budget would start from nothing); the TTL of the counter stays as it was.
 * Answers {status 0: missing | 1: added | 2: the sum would leave the safe range (nothing changed), the counter after (before, unless added)}.
 */
const ADJUST_COUNTER = `
local stored = redis.call('GET', KEYS[1])
if not stored then
  return {0, 0}
end
local current = tonumber(stored)
if math.abs(current + tonumber(ARGV[1])) > 9007199254740991 then
  return {2, current}
end
return {1, redis.call('INCRBY', KEYS[1], ARGV[1])}
`;

/*
 * Leases are a sorted set per key: member the holder, score the epoch ms when its place comes free.
 * Time is Redis's own (TIME), so replicas whose clocks disagree still agree on what has expired.
 * Redis 5 and later replicate a script's effects rather than the script, so a write after TIME is allowed.
 */

/**
 * KEYS[1] lease set. ARGV: holder, limit, ttl ms.
 * Removes expired places, then gives (or renews) the holder's place when it has one or fewer than
 * `limit` are held; the set expires with its last place, so an abandoned key disappears.
 * Answers 1 when the holder has a place, 0 when all `limit` are taken.
 */
const ACQUIRE_LEASE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], string.format('%.17g', now + tonumber(ARGV[3])), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1
`;

/** KEYS[1] lease set. Answers how many places have not expired by Redis's clock (read only). */
const COUNT_LEASES = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.17g', now), '+inf')
`;

export interface ScriptedRedis {
  skyrouteCompareAndSet(recordKey: string, expectedVersion: number, value: string, ttlMs: number, channel: string, key: string): Promise<[number, number, string | null]>;
  skyrouteConsume(currentWindowKey: string, previousWindowKey: string, windowMs: number, limit: number, amount: number, elapsedMs: number): Promise<[number, string, number]>;
  skyrouteAdd(currentWindowKey: string, amount: number, windowMs: number): Promise<number>;
  skyrouteReserve(counterKey: string, amount: number, limit: number): Promise<[number, number]>;
  skyrouteSeedCounter(counterKey: string, value: number, ttlMs: number): Promise<string>;
  skyrouteAdjustCounter(counterKey: string, amount: number): Promise<[number, number]>;
  skyrouteAcquireLease(leaseKey: string, holder: string, limit: number, ttlMs: number): Promise<number>;
  skyrouteCountLeases(leaseKey: string): Promise<number>;
}

/** Registers the scripts on a command connection and answers it typed with them. */
export function defineRedisScripts(client: Redis): Redis & ScriptedRedis {
  client.defineCommand('skyrouteCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  client.defineCommand('skyrouteConsume', { numberOfKeys: 2, lua: CONSUME });
  client.defineCommand('skyrouteAdd', { numberOfKeys: 1, lua: ADD });
  client.defineCommand('skyrouteReserve', { numberOfKeys: 1, lua: RESERVE });
  client.defineCommand('skyrouteSeedCounter', { numberOfKeys: 1, lua: SEED_COUNTER });
  client.defineCommand('skyrouteAdjustCounter', { numberOfKeys: 1, lua: ADJUST_COUNTER });
  client.defineCommand('skyrouteAcquireLease', { numberOfKeys: 1, lua: ACQUIRE_LEASE });
  client.defineCommand('skyrouteCountLeases', { numberOfKeys: 1, lua: COUNT_LEASES });
  // defineCommand adds the methods at run time; ioredis cannot type them.
  return client as Redis & ScriptedRedis;
}
