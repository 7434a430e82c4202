/**
 * What the dashboard's routing routes cost at scale, run by hand:
 *
 *   node --import tsx bench/admin-routing.ts
 *
 * 1. GET /admin/deployments with 300 deployments (10 providers × 30 models, in 30 groups of 10, plus
 *    `auto` over all of them; every deployment with health figures, half of them with rpm/tpm limits):
 *    the document built in-process (describeDeployments), then over HTTP (one request at a time).
 * 2. POST /admin/what-if over 50,000 logged rows (a SQLite file): reading the rows, the replay alone,
 *    and the whole route, per strategy.
 *
 * BENCH_STATE   memory (default) or redis (127.0.0.1:6379; the headroom read is then a round trip)
 * BENCH_RUNS    timed runs per measurement (200 for the deployments, a tenth of that for the what-if)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config/load-config.js';
import { estimateWhatIf } from '../src/routing/what-if/estimate-what-if.js';
import { describeDeployments } from '../src/server/admin/describe-deployments.js';
import { readLoggedRequests } from '../src/server/admin/read-logged-requests.js';
import { createSeededRandom } from '../src/simulator/create-seeded-random.js';
import type { RequestLogRow } from '../src/store/store-port.js';
import { createLogger } from '../src/telemetry/create-logger.js';

const PROVIDERS = 10;
const MODELS_PER_PROVIDER = 30;
const GROUP_SIZE = 10;
const ROWS = 50_000;
const MASTER_KEY = 'bench-master-key-0123456789';
const stateBackend = process.env['BENCH_STATE'] === 'redis' ? 'redis' : 'memory';
const runs = Number(process.env['BENCH_RUNS'] ?? 200);

async function median(times: number, run: () => Promise<unknown>): Promise<{ median: number; best: number }> {
  await run(); // warm-up
  const samples: number[] = [];
  for (let index = 0; index < times; index++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((left, right) => left - right);
  return { median: samples[Math.floor(samples.length / 2)]!, best: samples[0]! };
}

function line(label: string, result: { median: number; best: number }, extra = ''): void {
  console.log(`| ${label.padEnd(48)} | ${result.median.toFixed(2).padStart(8)} ms | ${result.best.toFixed(2).padStart(8)} ms | ${extra}`);
}

const directory = mkdtempSync(join(tmpdir(), 'skyroute-bench-admin-'));
const random = createSeededRandom(2026);
const providers: Record<string, unknown> = {};
const deployments: Array<Record<string, unknown>> = [];
for (let provider = 0; provider < PROVIDERS; provider++) {
  providers[`p${provider}`] = { type: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1' };
  for (let model = 0; model < MODELS_PER_PROVIDER; model++) {
    const limited = (provider * MODELS_PER_PROVIDER + model) % 2 === 0;
    deployments.push({
      provider: `p${provider}`,
      model: `m${model}`,
      price: { input: 0.1 + random() * 5, output: 0.4 + random() * 15 },
      quality: 0.5 + random() * 0.5,
      weight: 1 + Math.floor(random() * 4),
      ...(limited ? { rpm: 1_000, tpm: 1_000_000 } : {}),
    });
  }
}
// Group g takes one model from each provider, so every group spreads over every provider.
const models = Array.from({ length: deployments.length / GROUP_SIZE }, (_, group) => ({
  name: `group-${group}`,
  strategy: 'hybrid',
  deployments: Array.from({ length: GROUP_SIZE }, (_, member) => deployments[member * MODELS_PER_PROVIDER + group]!),
}));
const loaded = parseConfig(
  {
    auth: { master_key: MASTER_KEY },
    database: { url: join(directory, 'bench.db') },
    state: stateBackend === 'redis' ? { backend: 'redis', redis_url: 'redis://127.0.0.1:6379', key_prefix: `bench:${randomUUID()}:` } : { backend: 'memory' },
    providers,
    models,
  },
  { baseDirectory: process.cwd(), environment: {} },
);
const app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }) });
const url = await app.listen(0, '127.0.0.1');
try {
  const runtime = app.runtime();
  const { health, limits } = runtime.router.parts;
  const all = runtime.models.list().filter((group) => group.configured);
  const distinct = new Map(all.flatMap((group) => group.deployments).map((deployment) => [deployment.id, deployment]));
  for (const [id, deployment] of distinct) {
    for (let sample = 0; sample < 3; sample++) health.record(id, { kind: 'success', ttftMs: 200 + random() * 600, tokensPerSecond: 30 + random() * 90 });
    if (deployment.rpm !== undefined) await limits.acquire(deployment, 1_000);
  }
  await new Promise((resolve) => setTimeout(resolve, 600)); // the health records reach the state port

  const entries = all.reduce((sum, group) => sum + group.deployments.length, 0);
  console.log(`node ${process.version}, state ${stateBackend}: ${distinct.size} deployments (${entries} group entries, auto included) in ${all.length} groups, ${PROVIDERS} providers`);
  console.log(`| ${'measurement'.padEnd(48)} | ${'median'.padStart(11)} | ${'best'.padStart(11)} |`);
  console.log(`|${'-'.repeat(50)}|${'-'.repeat(13)}|${'-'.repeat(13)}|`);
  line('describeDeployments (in-process)', await median(runs, () => describeDeployments(runtime, Date.now())));
  const headers = { authorization: `Bearer ${MASTER_KEY}` };
  let bytes = 0;
  line(
    'GET /admin/deployments (HTTP, sequential)',
    await median(runs, async () => {
      const response = await fetch(`${url}/admin/deployments`, { headers });
      bytes = (await response.arrayBuffer()).byteLength;
    }),
  );
  line('limits.usage (the one state call)', await median(runs, () => limits.usage(distinct.values())));
  const document = await describeDeployments(runtime, Date.now());
  line('JSON.stringify of the document', await median(runs, async () => JSON.stringify(document)));
  console.log(`response: ${(bytes / 1024).toFixed(0)} KiB`);

  // The what-if: a day of rows over the 30 groups.
  const store = runtime.gateway.admin.store;
  const now = Date.now();
  for (let start = 0; start < ROWS; start += 1_000) {
    const batch: RequestLogRow[] = [];
    for (let index = start; index < Math.min(ROWS, start + 1_000); index++) {
      const group = models[index % models.length]!;
      const deployment = group.deployments[Math.floor(random() * GROUP_SIZE)]!;
      const failed = random() < 0.02;
      batch.push({
        id: randomUUID(),
        at: now - 86_000_000 + Math.floor((index / ROWS) * 85_000_000),
        endpoint: 'chat',
        model: group.name,
        deployment: `${deployment['provider'] as string}/${deployment['model'] as string}`,
        provider: deployment['provider'] as string,
        attempts: 1,
        stream: random() < 0.5,
        status: failed ? 502 : 200,
        inputTokens: 50 + Math.floor(random() * 4_000),
        outputTokens: failed ? 0 : 10 + Math.floor(random() * 1_000),
        cachedInputTokens: 0,
        cacheWriteInputTokens: 0,
        reasoningTokens: 0,
        costNusd: Math.floor(random() * 10_000_000),
        latencyMs: 200 + random() * 5_000,
      });
    }
    await store.writeRequests(batch, { log: true });
  }
  const whatIfRuns = Math.max(3, Math.floor(runs / 10));
  let read = await readLoggedRequests(store, { from: now - 86_400_000, to: now + 1, limit: ROWS });
  line(`read ${read.requests.length.toLocaleString('en-US')} rows (SQLite file)`, await median(whatIfRuns, async () => {
    read = await readLoggedRequests(store, { from: now - 86_400_000, to: now + 1, limit: ROWS });
  }));
  for (const strategy of [{ type: 'cost' }, { type: 'hybrid', weights: { cost: 0.4, latency: 0.3, quality: 0.3 } }, { type: 'weighted' }, { type: 'least-busy' }] as const) {
    line(
      `replay only: ${strategy.type}`,
      await median(whatIfRuns, () =>
        estimateWhatIf({ requests: read.requests, strategy, resolveGroup: (name) => runtime.models.resolve(name), currentHealth: (id) => health.view(id), seed: 1 }),
      ),
    );
  }
  for (const strategy of ['cost', 'hybrid']) {
    line(
      `POST /admin/what-if ${strategy} (HTTP, whole route)`,
      await median(whatIfRuns, async () => {
        const response = await fetch(`${url}/admin/what-if`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ window: '24h', strategy }) });
        if (response.status !== 200) throw new Error(`what-if answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      }),
    );
  }
} finally {
  await app.close();
  rmSync(directory, { recursive: true, force: true });
}
