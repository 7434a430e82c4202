/**
 * What the Prometheus metrics cost: nanoseconds per request on the request path (one
 * `recordRequest(row)` and one in-flight track/close), against what prom-client's own labelled
 * inc()/observe() would cost for the same figures; and milliseconds per scrape with 300 deployments
 * and 1,000 virtual keys (each key on 3 deployments: 3,000 usage series), alone and summed over two
 * workers as `--workers 2` does. Run by hand; nothing here asserts a time.
 *
 *   node --import tsx bench/metrics-cost.ts
 *
 * The metrics' files in src/telemetry/ are transpiled to plain JavaScript first (into bench/results/, beside node_modules so
 * prom-client resolves): under tsx every function would also pay esbuild's name helper.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AggregatorRegistry, Counter, Histogram, Registry } from 'prom-client';
import ts from 'typescript';
import type { RequestLogRow } from '../src/store/store-port.js';

const REQUESTS = Number(process.env['METRICS_COST_REQUESTS'] ?? 1_000_000);
const ROUNDS = Number(process.env['METRICS_COST_ROUNDS'] ?? 5);
const SCRAPES = Number(process.env['METRICS_COST_SCRAPES'] ?? 10);
const DEPLOYMENTS = 300;
const KEYS = 1_000;

const root = new URL('../', import.meta.url).pathname;
const outDir = join(root, 'bench/results/metrics-cost-build');
mkdirSync(outDir, { recursive: true });
// The metrics' own files (src/telemetry/ also holds the logger and tracing, which this does not load).
const METRICS_FILES = ['gateway-metrics', 'request-metrics', 'histogram-record', 'label-slots', 'label-values', 'metric-label-bounds', 'route-detours', 'collected-metric', 'cluster-metrics-worker', 'cluster-metrics-messages'];
for (const file of METRICS_FILES.map((name) => `${name}.ts`)) {
  const output = ts.transpileModule(readFileSync(join(root, 'src/telemetry', file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: true },
    fileName: file,
  });
  writeFileSync(join(outDir, file.replace(/\.ts$/, '.js')), output.outputText);
}
const { GatewayMetrics } = (await import(join(outDir, 'gateway-metrics.js'))) as typeof import('../src/telemetry/gateway-metrics.js');
const { metricLabelBounds } = (await import(join(outDir, 'metric-label-bounds.js'))) as typeof import('../src/telemetry/metric-label-bounds.js');

const groups = Array.from({ length: DEPLOYMENTS }, (_, index) => ({ name: `group-${index}`, configured: true, deployments: [{ id: `p${index % 10}/model-${index}`, providerId: `p${index % 10}` }] }));
const bounds = metricLabelBounds(groups, Array.from({ length: 10 }, (_, index) => `p${index}`));

function newMetrics(): InstanceType<typeof GatewayMetrics> {
  const metrics = new GatewayMetrics({ limits: { maxKeyLabels: KEYS, maxTeamLabels: 300 }, circuitOf: () => 'closed', queueDepth: () => 0 });
  metrics.setLabelBounds(bounds);
  return metrics;
}

/**
 * A request's row as route-and-respond.ts builds it: the model name is a new string per request (parsed
 * from the body, its hash not computed yet); the deployment, provider and key ids are the long-lived
 * strings of the Deployment and KeyRecord objects, as in the gateway. Key `index % 100` of 100 on 30
 * routes: the series exist after the warm-up, as on a gateway that has been up a while.
 */
const keyIds = Array.from({ length: 100 }, (_, index) => `0190a3c2-7e4b-7c3d-9f1e-${String(index).padStart(12, '0')}`);
const deploymentIds = Array.from({ length: 30 }, (_, route) => `p${route % 10}/model-${route}`);
const providerIds = Array.from({ length: 30 }, (_, route) => `p${route % 10}`);
function rowOf(index: number): RequestLogRow {
  const route = index % 30;
  return {
    id: 'id',
    at: 0,
    endpoint: 'chat',
    keyId: keyIds[index % 100]!,
    model: `group-${route}`,
    deployment: deploymentIds[route]!,
    provider: providerIds[route]!,
    attempts: 1,
    stream: (index & 1) === 0,
    status: 200,
    inputTokens: 120,
    outputTokens: 40,
    cachedInputTokens: 0,
    cacheWriteInputTokens: 0,
    reasoningTokens: 0,
    costNusd: 31_000,
    latencyMs: 180 + (index % 500),
    ttftMs: 90,
  };
}

/** The same figures through prom-client's own metrics: what "call inc()/observe() per request" would cost. */
function promClientRecorder(): (row: RequestLogRow) => void {
  const registry = new Registry();
  const labelNames = ['endpoint', 'model', 'deployment', 'provider', 'key', 'team'] as const;
  const routeNames = ['endpoint', 'model', 'deployment', 'provider'] as const;
  const requests = new Counter({ name: 'r', help: 'r', labelNames, registers: [registry] });
  const tokens = new Counter({ name: 't', help: 't', labelNames: [...labelNames, 'kind'], registers: [registry] });
  const cost = new Counter({ name: 'c', help: 'c', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'd', help: 'd', labelNames: routeNames, buckets: [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], registers: [registry] });
  const ttft = new Histogram({ name: 'f', help: 'f', labelNames: routeNames, buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers: [registry] });
  return (row) => {
    const route = { endpoint: row.endpoint, model: row.model, deployment: row.deployment ?? 'none', provider: row.provider ?? 'none' };
    const keyed = { ...route, key: row.keyId ?? 'none', team: row.teamId ?? 'none' };
    requests.inc(keyed);
    for (const [kind, value] of [['input', row.inputTokens], ['output', row.outputTokens], ['cached_input', row.cachedInputTokens], ['cache_write', row.cacheWriteInputTokens], ['reasoning', row.reasoningTokens]] as const) tokens.inc({ ...keyed, kind }, value);
    cost.inc(keyed, row.costNusd / 1e9);
    duration.observe(route, row.latencyMs / 1000);
    if (row.stream && row.ttftMs !== undefined) ttft.observe(route, row.ttftMs / 1000);
  };
}

/** Median ns per call of `record` with a new row and a new response (an EventEmitter, as ServerResponse is) per request. */
function nsPerRequest(record: (row: RequestLogRow, response: EventEmitter) => void): number {
  for (let index = 0; index < 200_000; index++) record(rowOf(index), new EventEmitter());
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < REQUESTS; index++) record(rowOf(index), new EventEmitter());
    rounds.push(Number(process.hrtime.bigint() - start) / REQUESTS);
  }
  return rounds.sort((left, right) => left - right)[Math.floor(ROUNDS / 2)]!;
}

function median(values: number[]): number {
  return values.sort((left, right) => left - right)[Math.floor(values.length / 2)]!;
}

let sink = 0;
const baseline = nsPerRequest((row) => {
  sink += row.latencyMs;
});
const ours = newMetrics();
const recordOurs = nsPerRequest((row, response) => {
  ours.trackInFlight('/chat/completions', response);
  ours.recordRequest(row);
  response.emit('close');
});
const recordPromClient = promClientRecorder();
const theirs = nsPerRequest((row) => recordPromClient(row));
if (sink === 0) throw new Error('the baseline did nothing');

// The scrape: every key on 3 of the 300 deployments, some errors, all 300 circuits watched.
const large = newMetrics();
for (let key = 0; key < KEYS; key++) {
  for (let pick = 0; pick < 3; pick++) {
    const deployment = (key * 7 + pick * 101) % DEPLOYMENTS;
    const row = { ...rowOf(0), keyId: `key-${key}`, model: `group-${deployment}`, deployment: `p${deployment % 10}/model-${deployment}`, provider: `p${deployment % 10}` };
    large.recordRequest(row);
    if (key % 10 === 0) large.recordRequest({ ...row, status: 502, errorCode: 'GW_ERR_UPSTREAM_SERVER', deployment: undefined, provider: undefined });
  }
}
const text = await large.registry.metrics();
const lines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
const scrapeMs: number[] = [];
for (let index = 0; index < SCRAPES; index++) {
  const start = process.hrtime.bigint();
  await large.registry.metrics();
  scrapeMs.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const json = await large.registry.getMetricsAsJSON();
const clusterMs: number[] = [];
for (let index = 0; index < SCRAPES; index++) {
  const start = process.hrtime.bigint();
  // What the primary does for a scrape of two workers (the IPC's JSON round trip included).
  const copies = [JSON.parse(JSON.stringify(await large.registry.getMetricsAsJSON())), JSON.parse(JSON.stringify(json))];
  await AggregatorRegistry.aggregate(copies).metrics();
  clusterMs.push(Number(process.hrtime.bigint() - start) / 1e6);
}

console.log(`node ${process.version}; ${REQUESTS.toLocaleString('en')} requests × ${ROUNDS} rounds (median); ${SCRAPES} scrapes (median)`);
console.log(`request path, a new row and response alone (subtracted below):  ${baseline.toFixed(0)} ns`);
console.log(`request path, GatewayMetrics (recordRequest + in flight):  ${(recordOurs - baseline).toFixed(0)} ns per request`);
console.log(`request path, prom-client inc()/observe() for the same:     ${(theirs - baseline).toFixed(0)} ns per request`);
console.log(`scrape, ${DEPLOYMENTS} deployments × ${KEYS} keys (${lines.toLocaleString('en')} sample lines, ${(text.length / 1024).toFixed(0)} KiB): ${median(scrapeMs).toFixed(1)} ms`);
console.log(`scrape summed over 2 workers (getMetricsAsJSON + IPC JSON + AggregatorRegistry): ${median(clusterMs).toFixed(1)} ms`);
ours.close();
large.close();
