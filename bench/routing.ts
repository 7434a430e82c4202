// `npm run bench:routing`: one fixed, seeded workload replayed through five simulated deployments
// (cheap-but-slow, fast-but-pricey, high-quality-expensive, flaky, one with an outage mid-run) under
// each routing strategy, with a fresh simulator and a fresh gateway (so fresh health) per strategy.
// Prints Markdown for BENCHMARKS.md ("Routing strategies") and writes it to bench/results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { createApp } from '../src/app.js';
import { startSimulator } from '../src/simulator/start-simulator.js';
import { createLogger } from '../src/telemetry/create-logger.js';
import { outageWindow, routingDeployments } from './routing-deployments.js';
import { circuitCooldownMs, routingGatewayConfig, routingGroupName } from './routing-gateway-config.js';
import { sendRoutingRequest, type RoutingOutcome } from './routing-request.js';
import { routingStrategies, type RoutingStrategy } from './routing-strategies.js';
import { combineRoutingRounds, summarizeRoutingRun, type RoutingSummary } from './routing-summary.js';
import { formatRoutingDeployments, formatRoutingTables } from './routing-table.js';
import { routingWorkload, type RoutingWorkloadItem } from './routing-workload.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

interface RoutingBenchSettings {
  requests: number;
  /** Mean arrivals per second (open loop: a slow strategy does not slow the arrivals down). */
  rate: number;
  seed: number;
  rounds: number;
  strategies: RoutingStrategy[];
}

/** BENCH_ROUTING_REQUESTS (300), BENCH_ROUTING_RATE (20 per second), BENCH_ROUTING_SEED (42), BENCH_ROUTING_ROUNDS (1), BENCH_ROUTING_STRATEGIES (keys, comma-separated; all). */
function readSettings(environment: NodeJS.ProcessEnv): RoutingBenchSettings {
  const integer = (name: string, fallback: number, minimum: number): number => {
    const raw = environment[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < minimum) throw new Error(`${name}: "${raw}" is not an integer ≥ ${minimum}`);
    return value;
  };
  const chosen = (environment.BENCH_ROUTING_STRATEGIES ?? '').split(',').map((key) => key.trim()).filter((key) => key !== '');
  for (const key of chosen) {
    if (!routingStrategies.some((strategy) => strategy.key === key)) {
      throw new Error(`BENCH_ROUTING_STRATEGIES: "${key}" is not one of ${routingStrategies.map((strategy) => strategy.key).join(', ')}`);
    }
  }
  return {
    requests: integer('BENCH_ROUTING_REQUESTS', 300, 1),
    rate: integer('BENCH_ROUTING_RATE', 20, 1),
    seed: integer('BENCH_ROUTING_SEED', 42, 0),
    rounds: integer('BENCH_ROUTING_ROUNDS', 1, 1),
    strategies: chosen.length === 0 ? [...routingStrategies] : routingStrategies.filter((strategy) => chosen.includes(strategy.key)),
  };
}

/** One pass of the workload under one strategy: its own simulator (same seed every time) and its own gateway. */
async function runStrategy(strategy: RoutingStrategy, workload: readonly RoutingWorkloadItem[], settings: RoutingBenchSettings): Promise<RoutingSummary> {
  const profiles = Object.fromEntries(routingDeployments.map((deployment) => [deployment.model, deployment.profile]));
  const simulator = await startSimulator({ seed: settings.seed, profiles });
  const app = await createApp({
    loaded: routingGatewayConfig(strategy.config, routingDeployments, simulator.url),
    environment: {},
    logger: createLogger({ level: 'silent' }),
  });
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  try {
    const url = `${await app.listen(0, '127.0.0.1')}/v1/chat/completions`;
    const outageStart = Math.floor(outageWindow.start * workload.length);
    const outageEnd = Math.floor(outageWindow.end * workload.length);
    const outages = routingDeployments.filter((deployment) => deployment.hasOutage);
    const pending: Array<Promise<RoutingOutcome>> = [];
    const startedAt = performance.now();
    for (const item of workload) {
      const wait = item.sendAtMs - (performance.now() - startedAt);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // At a request of the sequence: every strategy meets the outage at the same requests (and, open loop, at the same time).
      if (item.index === outageStart) for (const deployment of outages) simulator.setProfile(deployment.model, { outages: [{ mode: 'error' }] });
      if (item.index === outageEnd) for (const deployment of outages) simulator.setProfile(deployment.model, { outages: [] });
      pending.push(send(dispatcher, url, item));
    }
    const outcomes = await Promise.all(pending);
    const wallSeconds = (performance.now() - startedAt) / 1000;
    return summarizeRoutingRun(strategy.label, outcomes, routingDeployments, wallSeconds);
  } finally {
    await dispatcher.close();
    await app.close();
    await simulator.close();
  }
}

/** A request that could not complete at the socket level is a failure like any other, not the end of the run. */
async function send(dispatcher: Agent, url: string, item: RoutingWorkloadItem): Promise<RoutingOutcome> {
  const startedAt = performance.now();
  try {
    return await sendRoutingRequest(dispatcher, url, routingGroupName, item);
  } catch (error) {
    const latencyMs = performance.now() - startedAt;
    return { index: item.index, stream: item.stream, ok: false, status: 0, latencyMs, provider: undefined, model: undefined, attempts: undefined, promptTokens: 0, completionTokens: 0, error: `client: ${(error as Error).message}` };
  }
}

function describeSource(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter((line) => line.trim() !== '').length;
    return `commit ${commit}${dirty > 0 ? ` plus uncommitted changes in ${dirty} src/ file(s)` : ''}`;
  } catch {
    return 'commit unknown';
  }
}

function describeCommand(): string {
  const knobs = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_ROUTING_'))
    .map(([name, value]) => `${name}=${value ?? ''}`);
  return [...knobs, 'npm run bench:routing'].join(' ');
}

function describeWorkload(workload: readonly RoutingWorkloadItem[]): string {
  const streamed = workload.filter((item) => item.stream).length;
  const long = workload.filter((item) => item.promptWords >= 1_200).length;
  const contracts = workload.filter((item) => item.prompt.startsWith('contract')).length;
  const words = workload.reduce((sum, item) => sum + item.promptWords, 0);
  const output = workload.reduce((sum, item) => sum + item.maxTokens, 0);
  return (
    `${workload.length} requests, ${streamed} streamed; prompts of ${Math.round(words / workload.length)} words on average ` +
    `(${long} over 1,200), ${contracts} contract reviews; ${Math.round(output / workload.length)} output tokens on average (max_tokens, 16–127)`
  );
}

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const workload = routingWorkload(settings.requests, settings.seed, settings.rate);
  const startedAt = new Date().toISOString();
  const outageStart = Math.floor(outageWindow.start * workload.length);
  const outageEnd = Math.min(workload.length - 1, Math.floor(outageWindow.end * workload.length));
  const header = [
    `Skyroute routing benchmark — ${startedAt}`,
    '',
    `Command: \`${describeCommand()}\``,
    '',
    `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, gateway source ${describeSource()}. ` +
      `Simulator, gateway and client in one process; open loop: requests arrive at ${settings.rate}/s on average (Poisson, seeded) whatever the answers take; seed ${settings.seed}; ` +
      `${settings.rounds} round(s), strategies interleaved within a round. Routing settings are the defaults but for the circuit breaker's cooldown (${circuitCooldownMs / 1000} s, not 10 s: see bench/routing-gateway-config.ts).`,
    `Workload: ${describeWorkload(workload)}. Outage: ${routingDeployments.filter((deployment) => deployment.hasOutage).map((deployment) => deployment.name).join(', ')} answers 503 to every request ` +
      `from request ${outageStart} (${(workload[outageStart]!.sendAtMs / 1000).toFixed(1)} s) to request ${outageEnd} (${(workload[outageEnd]!.sendAtMs / 1000).toFixed(1)} s) of ${workload.length} (${(workload[workload.length - 1]!.sendAtMs / 1000).toFixed(1)} s).`,
    '',
    formatRoutingDeployments(routingDeployments),
  ].join('\n');
  log(header);
  const byStrategy = new Map<string, RoutingSummary[]>(settings.strategies.map((strategy) => [strategy.key, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const strategy of settings.strategies) {
      const summary = await runStrategy(strategy, workload, settings);
      byStrategy.get(strategy.key)!.push(summary);
      log(
        `r${round} ${strategy.key.padEnd(18)} ${((summary.succeeded / summary.requests) * 100).toFixed(1).padStart(5)}% ok  p50 ${summary.p50Ms.toFixed(0).padStart(4)} ms  p95 ${summary.p95Ms.toFixed(0).padStart(5)} ms  ` +
          `$${summary.costUsd.toFixed(4)}  ${summary.wallSeconds.toFixed(1)} s  ${routingDeployments.map((deployment) => `${deployment.name} ${summary.servedBy[deployment.name] ?? 0}`).join(' ')}`,
      );
    }
  }
  const rows = settings.strategies.map((strategy) => combineRoutingRounds(byStrategy.get(strategy.key)!));
  const report = `${header}\n${formatRoutingTables(rows, routingDeployments)}`;
  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `routing-${startedAt.replace(/[:.]/g, '-')}`);
  writeFileSync(`${file}.md`, report);
  writeFileSync(`${file}.json`, `${JSON.stringify({ startedAt, settings: { ...settings, strategies: settings.strategies.map((strategy) => strategy.key) }, rounds: Object.fromEntries(byStrategy) }, null, 2)}\n`);
  process.stdout.write(`\n${report}\nWritten to ${file}.md and .json\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:routing: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
