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

export interface ScriptedRedis {
  skyrouteCompareAndSet(recordKey: string, expectedVersion: number, value: string, ttlMs: number, channel: string, key: string): Promise<[number, number, string | null]>;
  skyrouteConsume(currentWindowKey: string, previousWindowKey: string, windowMs: number, limit: number, amount: number, elapsedMs: number): Promise<[number, string, number]>;
  skyrouteAdd(currentWindowKey: string, amount: number, windowMs: number): Promise<number>;
}

/** Registers the scripts on a command connection and answers it typed with them. */
export function defineRedisScripts(client: Redis): Redis & ScriptedRedis {
  client.defineCommand('skyrouteCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  client.defineCommand('skyrouteConsume', { numberOfKeys: 2, lua: CONSUME });
  client.defineCommand('skyrouteAdd', { numberOfKeys: 1, lua: ADD });
  // defineCommand adds the methods at run time; ioredis cannot type them.
  return client as Redis & ScriptedRedis;
}
