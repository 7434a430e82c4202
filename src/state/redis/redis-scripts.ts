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
 * same order, so memory and Redis answer the same doubles). Shared by CONSUME and ADMIT_ALL.
 * Answers allowed 0|1, the count (including `amount` when allowed), the retry after ms.
 */
const SLIDING_WINDOW_COUNT = `
local function wholeMilliseconds(milliseconds)
  return math.ceil(milliseconds - 1e-6)
end
local function slidingWindowCount(previous, current, elapsed, windowMs, limit, amount)
  local count = math.max(0, previous * (1 - elapsed / windowMs) + current)
  if count + amount <= limit then
    return 1, count + amount, 0
  end
  local room = limit - amount - current
  if room >= 0 and previous > 0 then
    return 0, count, math.max(1, wholeMilliseconds(windowMs * (1 - room / previous) - elapsed))
  end
  local untilNextWindow = windowMs - elapsed
  if amount > limit then
    return 0, count, math.max(1, wholeMilliseconds(untilNextWindow + windowMs))
  end
  local intoNextWindow = 0
  if current > 0 then
    intoNextWindow = math.max(0, wholeMilliseconds(windowMs * (1 - (limit - amount) / current)))
  end
  return 0, count, math.max(1, wholeMilliseconds(untilNextWindow + intoNextWindow))
end
`;

/** Windows hold doubles as text, '%.17g' so they read back as the same double; a window lives two windows long. */
const SET_WINDOW = `
local function setWindow(key, value, windowMs)
  redis.call('SET', key, string.format('%.17g', value), 'PX', 2 * windowMs)
end
`;

/**
 * KEYS[1] current window, KEYS[2] previous window. ARGV: window ms, limit, amount, elapsed ms.
 * Answers {allowed 0|1, count as text (Lua numbers would be truncated to integers), retry after ms}.
 */
const CONSUME = `${SLIDING_WINDOW_COUNT}${SET_WINDOW}
local windowMs = tonumber(ARGV[1])
local amount = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local allowed, count, retry = slidingWindowCount(previous, current, tonumber(ARGV[4]), windowMs, tonumber(ARGV[2]), amount)
if allowed == 1 and amount ~= 0 then
  setWindow(KEYS[1], current + amount, windowMs)
end
return {allowed, string.format('%.17g', count), retry}
`;

/** KEYS[1] current window. ARGV: amount, window ms. */
const ADD = `${SET_WINDOW}
setWindow(KEYS[1], tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[1]), tonumber(ARGV[2]))
return 1
`;

/*
 * Budget counters are integer strings changed only by INCRBY, so Redis keeps them exact. The scripts
 * compare in Lua's doubles, which is exact too: every value, amount and limit is a safe integer (the
 * callers check), and a sum that leaves the safe range rounds to beyond it, never back inside.
 * Values come back as Lua numbers, which Redis answers as integers: exact within ±(2^53 − 1).
 */

/**
 * Whether adding `amount` to a counter stays within `limit`, changing nothing. Shared by RESERVE and ADMIT_ALL.
 * Answers status 0: missing | 1: fits | 2: over the limit, and the counter as it is (0 when missing).
 */
const BUDGET_FITS = `
local function budgetFits(key, amount, limit)
  local stored = redis.call('GET', key)
  if not stored then
    return 0, 0
  end
  local current = tonumber(stored)
  if current + amount > limit then
    return 2, current
  end
  return 1, current
end
`;

/**
 * KEYS[1] counter. ARGV: amount (> 0), limit.
 * Answers {status 0: missing | 1: added | 2: over the limit, the counter after (before, when over; 0 when missing)}.
 */
const RESERVE = `${BUDGET_FITS}
local status, current = budgetFits(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))
if status ~= 1 then
  return {status, current}
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
 * Lease steps shared by ACQUIRE_LEASE, COUNT_LEASES and ADMIT_ALL. leaseFits removes expired places,
 * then answers whether the holder has a place or fewer than `limit` are held. takeLease gives (or
 * renews) the holder's place; the set expires with its last place, so an abandoned key disappears.
 */
const LEASES = `
local function redisNow()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local function leaseFits(key, holder, limit, now)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  return redis.call('ZSCORE', key, holder) or redis.call('ZCARD', key) < limit
end
local function takeLease(key, holder, expiresAt)
  redis.call('ZADD', key, string.format('%.17g', expiresAt), holder)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', key, last[2])
end
`;

/**
 * KEYS[1] lease set. ARGV: holder, limit, ttl ms.
 * Answers 1 when the holder has a place (given or renewed), 0 when all `limit` are taken.
 */
const ACQUIRE_LEASE = `${LEASES}
local now = redisNow()
if not leaseFits(KEYS[1], ARGV[1], tonumber(ARGV[2]), now) then
  return 0
end
takeLease(KEYS[1], ARGV[1], now + tonumber(ARGV[3]))
return 1
`;

/** KEYS[1] lease set. Answers how many places have not expired by Redis's clock (read only). */
const COUNT_LEASES = `${LEASES}
return redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.17g', redisNow()), '+inf')
`;

/*
 * The batches take any number of steps: ARGV holds, per step in order, its kind and then its
 * arguments; KEYS holds its keys in the same order. A script reads them with two cursors.
 */

/**
 * All-or-nothing admission of one or more requests, in order: each request's CONSUME, RESERVE and
 * ACQUIRE_LEASE steps are judged on the state as the requests before it left it, then all applied only
 * when every one passes. (Requests that arrive together share one script call: one round trip.)
 * ARGV: the number of requests, then per request its number of steps followed by the steps.
 * Steps: 'window' (KEYS: current window, previous window; ARGV: window ms, limit, amount, elapsed ms),
 * 'budget' (KEYS: counter; ARGV: amount, limit), 'lease' (KEYS: lease set; ARGV: holder, limit, ttl ms).
 * Answers, per request, {admitted 0|1, {per step: window {allowed 0|1, count as text, retry after ms} |
 * budget {status 0: missing | 1: fits | 2: over, the counter after (before, unless it fits)} | lease {acquired 0|1}}}.
 */
const ADMIT_ALL = `${SLIDING_WINDOW_COUNT}${SET_WINDOW}${BUDGET_FITS}${LEASES}
local now
local argument = 2
local key = 1
local function admitOne(checks)
  local results = {}
  local writes = {}
  local admitted = 1
  for _ = 1, checks do
    local kind = ARGV[argument]
    if kind == 'window' then
      local windowKey = KEYS[key]
      local windowMs = tonumber(ARGV[argument + 1])
      local amount = tonumber(ARGV[argument + 3])
      local current = tonumber(redis.call('GET', windowKey) or '0')
      local previous = tonumber(redis.call('GET', KEYS[key + 1]) or '0')
      local allowed, count, retry = slidingWindowCount(previous, current, tonumber(ARGV[argument + 4]), windowMs, tonumber(ARGV[argument + 2]), amount)
      results[#results + 1] = {allowed, string.format('%.17g', count), retry}
      if allowed == 0 then
        admitted = 0
      elseif amount ~= 0 then
        writes[#writes + 1] = function() setWindow(windowKey, current + amount, windowMs) end
      end
      argument = argument + 5
      key = key + 2
    elseif kind == 'budget' then
      local counterKey = KEYS[key]
      local amount = ARGV[argument + 1]
      local status, current = budgetFits(counterKey, tonumber(amount), tonumber(ARGV[argument + 2]))
      if status == 1 then
        results[#results + 1] = {1, current + tonumber(amount)}
        writes[#writes + 1] = function() redis.call('INCRBY', counterKey, amount) end
      else
        results[#results + 1] = {status, current}
        admitted = 0
      end
      argument = argument + 3
      key = key + 1
    elseif kind == 'lease' then
      local leaseKey = KEYS[key]
      local holder = ARGV[argument + 1]
      now = now or redisNow()
      if leaseFits(leaseKey, holder, tonumber(ARGV[argument + 2]), now) then
        local expiresAt = now + tonumber(ARGV[argument + 3])
        results[#results + 1] = {1}
        writes[#writes + 1] = function() takeLease(leaseKey, holder, expiresAt) end
      else
        results[#results + 1] = {0}
        admitted = 0
      end
      argument = argument + 4
      key = key + 1
    else
      error('skyrouteAdmitAll: unknown check kind ' .. tostring(kind))
    end
  end
  if admitted == 1 then
    for _, write in ipairs(writes) do
      write()
    end
  end
  return {admitted, results}
end
local answers = {}
for request = 1, tonumber(ARGV[1]) do
  local checks = tonumber(ARGV[argument])
  argument = argument + 1
  answers[request] = admitOne(checks)
end
return answers
`;

/**
 * ADD, ADJUST_COUNTER and ZREM (releaseLease) steps, applied in order; a counter adjusted twice
 * sees its first adjustment. Refuses before writing anything when an adjustment would leave the
 * safe range, as ADJUST_COUNTER does.
 * Steps: 'window-add' (KEYS: current window; ARGV: amount, window ms), 'counter-adjust' (KEYS:
 * counter; ARGV: amount), 'lease-release' (KEYS: lease set; ARGV: holder).
 * Answers {1, {per step: {1, the counter after} for an adjusted counter, {0, 0} otherwise}}, or
 * {0, the step (from 1) that would leave the range, the counter before it} having changed nothing.
 */
const SETTLE_ALL = `${SET_WINDOW}
local steps = {}
local argument = 1
local key = 1
while argument <= #ARGV do
  local kind = ARGV[argument]
  if kind == 'window-add' then
    steps[#steps + 1] = {kind, KEYS[key], tonumber(ARGV[argument + 1]), tonumber(ARGV[argument + 2])}
    argument = argument + 3
  elseif kind == 'counter-adjust' or kind == 'lease-release' then
    steps[#steps + 1] = {kind, KEYS[key], ARGV[argument + 1]}
    argument = argument + 2
  else
    return redis.error_reply('skyrouteSettleAll: unknown settlement kind ' .. tostring(kind))
  end
  key = key + 1
end
local counters = {}
for position, step in ipairs(steps) do
  if step[1] == 'counter-adjust' then
    if counters[step[2]] == nil then
      counters[step[2]] = tonumber(redis.call('GET', step[2])) or false
    end
    local current = counters[step[2]]
    if current then
      local sum = current + tonumber(step[3])
      if math.abs(sum) > 9007199254740991 then
        return {0, position, current}
      end
      counters[step[2]] = sum
    end
  end
end
local results = {}
for _, step in ipairs(steps) do
  if step[1] == 'window-add' then
    setWindow(step[2], tonumber(redis.call('GET', step[2]) or '0') + step[3], step[4])
    results[#results + 1] = {0, 0}
  elseif step[1] == 'counter-adjust' then
    if counters[step[2]] then
      results[#results + 1] = {1, redis.call('INCRBY', step[2], step[3])}
    else
      results[#results + 1] = {0, 0}
    end
  else
    redis.call('ZREM', step[2], step[3])
    results[#results + 1] = {0, 0}
  end
end
return {1, results}
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
  /** Defined without a fixed number of keys: the first argument is how many of the rest are keys. */
  skyrouteAdmitAll(numberOfKeys: number, ...keysThenArguments: Array<string | number>): Promise<Array<[number, AdmitStepReply[]]>>;
  skyrouteSettleAll(numberOfKeys: number, ...keysThenArguments: Array<string | number>): Promise<[1, Array<[number, number]>] | [0, number, number]>;
}

/** One step's answer of ADMIT_ALL: window [allowed, count as text, retry after ms], budget [status, value], lease [acquired]. */
export type AdmitStepReply = [number, string, number] | [number, number] | [number];

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
  // No numberOfKeys: ioredis then sends the caller's first argument as EVALSHA's numkeys.
  client.defineCommand('skyrouteAdmitAll', { lua: ADMIT_ALL });
  client.defineCommand('skyrouteSettleAll', { lua: SETTLE_ALL });
  // defineCommand adds the methods at run time; ioredis cannot type them.
  return client as Redis & ScriptedRedis;
}
