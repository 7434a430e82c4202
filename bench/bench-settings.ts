/**
 * `gateway` serves an OpenAI client from the OpenAI-format simulator (pass-through); `anthropic` serves the
 * same OpenAI client from the simulator's Anthropic wire (translation both ways, issue 3's CPU budget);
 * `hybrid10` is `gateway` with the client naming a group of 10 deployments ranked by the hybrid strategy
 * (issue 4's routing budget). hybrid10 runs only when BENCH_TARGETS names it.
 */
export type Target = 'direct' | 'floor' | 'gateway' | 'anthropic' | 'hybrid10' | 'governed';
export type Mode = 'non-stream' | 'stream';
export type FloorVariant = 'stream' | 'request';

export interface BenchSettings {
  quick: boolean;
  warmupSeconds: number;
  durationSeconds: number;
  /** Passes over the whole target × mode × connections matrix; each cell reports its median round. */
  rounds: number;
  targets: Target[];
  modes: Mode[];
  connections: number[];
  /** Sequential streaming requests per target in the time-to-first-byte part; 0 skips it. */
  ttfbRequests: number;
  /** How the floor proxy writes the upstream body: undici `stream()` or `request()` + pipe. */
  floorVariant: FloorVariant;
  /** Force the load generator (default: wrk when installed, else autocannon). */
  loadGenerator: 'wrk' | 'autocannon' | undefined;
  /** Extra node flags for the gateway process (e.g. `--cpu-prof --cpu-prof-dir=bench/results`). */
  gatewayNodeFlags: string[];
  /** A window in which other processes took more than this share of a core (%) is measured again. */
  maxForeignPercent: number;
  /** How many times a disturbed window is measured again (the least disturbed one is kept). */
  retries: number;
}

const allTargets: Target[] = ['direct', 'floor', 'gateway', 'anthropic', 'hybrid10', 'governed'];
const defaultTargets: Target[] = ['direct', 'floor', 'gateway', 'anthropic'];
const allModes: Mode[] = ['non-stream', 'stream'];

/**
 * Reads the benchmark's knobs from the environment:
 * BENCH_QUICK=1 (2 s windows, 1 s warm-up, 1 round, 50 TTFB requests), BENCH_WARMUP_S, BENCH_DURATION_S, BENCH_ROUNDS (3),
 * BENCH_TARGETS=direct,floor,gateway,anthropic (or hybrid10, governed), BENCH_MODES=non-stream,stream, BENCH_CONNECTIONS=1,50,
 * BENCH_TTFB_REQUESTS, BENCH_FLOOR_VARIANT=stream|request, BENCH_LOAD=wrk|autocannon,
 * BENCH_GATEWAY_NODE_FLAGS (space-separated), BENCH_MAX_FOREIGN (%, default 10), BENCH_RETRIES (default 2).
 */
export function readBenchSettings(environment: NodeJS.ProcessEnv = process.env): BenchSettings {
  const quick = environment.BENCH_QUICK === '1' || environment.BENCH_QUICK === 'true';
  const loadGenerator = environment.BENCH_LOAD;
  if (loadGenerator !== undefined && loadGenerator !== 'wrk' && loadGenerator !== 'autocannon') {
    throw new Error(`BENCH_LOAD must be wrk or autocannon, not ${loadGenerator}`);
  }
  const floorVariant = environment.BENCH_FLOOR_VARIANT ?? 'stream';
  if (floorVariant !== 'stream' && floorVariant !== 'request') {
    throw new Error(`BENCH_FLOOR_VARIANT must be stream or request, not ${floorVariant}`);
  }
  return {
    quick,
    warmupSeconds: positiveNumber(environment, 'BENCH_WARMUP_S', quick ? 1 : 3),
    durationSeconds: positiveNumber(environment, 'BENCH_DURATION_S', quick ? 2 : 10),
    rounds: Math.max(1, Math.floor(positiveNumber(environment, 'BENCH_ROUNDS', quick ? 1 : 3))),
    targets: list(environment.BENCH_TARGETS, allTargets, 'BENCH_TARGETS', defaultTargets),
    modes: list(environment.BENCH_MODES, allModes, 'BENCH_MODES'),
    connections: (environment.BENCH_CONNECTIONS ?? '1,50').split(',').map((value) => {
      const count = Number(value.trim());
      if (!Number.isInteger(count) || count < 1) throw new Error(`BENCH_CONNECTIONS: "${value}" is not a connection count`);
      return count;
    }),
    ttfbRequests: Math.floor(nonNegativeNumber(environment, 'BENCH_TTFB_REQUESTS', quick ? 50 : 500)),
    floorVariant,
    loadGenerator,
    gatewayNodeFlags: (environment.BENCH_GATEWAY_NODE_FLAGS ?? '').split(/\s+/).filter((flag) => flag !== ''),
    maxForeignPercent: nonNegativeNumber(environment, 'BENCH_MAX_FOREIGN', 10),
    retries: Math.floor(nonNegativeNumber(environment, 'BENCH_RETRIES', 2)),
  };
}

function positiveNumber(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = nonNegativeNumber(environment, name, fallback);
  if (value <= 0) throw new Error(`${name} must be greater than 0`);
  return value;
}

function nonNegativeNumber(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}: "${raw}" is not a number ≥ 0`);
  return value;
}

function list<T extends string>(raw: string | undefined, allowed: T[], name: string, defaults: T[] = allowed): T[] {
  if (raw === undefined || raw === '') return defaults;
  const chosen = raw.split(',').map((value) => value.trim());
  for (const value of chosen) {
    if (!allowed.includes(value as T)) throw new Error(`${name}: "${value}" is not one of ${allowed.join(', ')}`);
  }
  // Keep the canonical order whatever order was given.
  return allowed.filter((value) => chosen.includes(value));
}
