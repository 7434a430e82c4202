/**
 * The router's own cost per request, in process, without HTTP: `Router.routeChat` over a group of one
 * deployment (priority) and over ten (hybrid), with providers that answer at once, so the difference
 * is planning, ranking, health bookkeeping and the trace alone. It runs the compiled gateway (`dist/`,
 * as `npm start` does): under tsx every function would also pay esbuild's name helper.
 *
 *   npm run build && node --import tsx bench/route-cost.ts
 */
import type { App } from '../src/app.js';
import type { ChatProvider, ChatResponse } from '../src/providers/provider.js';
import type { RouteTrace as RouteTraceType } from '../src/routing/explain.js';

const { createApp } = (await import(new URL('../dist/app.js', import.meta.url).href)) as typeof import('../src/app.js');
const { parseConfig } = (await import(new URL('../dist/config/load-config.js', import.meta.url).href)) as typeof import('../src/config/load-config.js');
const { createLogger } = (await import(new URL('../dist/telemetry/create-logger.js', import.meta.url).href)) as typeof import('../src/telemetry/create-logger.js');
const { RouteTrace } = (await import(new URL('../dist/routing/explain.js', import.meta.url).href)) as typeof import('../src/routing/explain.js');
const { NO_HINTS } = (await import(new URL('../dist/routing/routing-hints.js', import.meta.url).href)) as typeof import('../src/routing/routing-hints.js');
const { Cancellation } = (await import(new URL('../dist/upstream/cancellation.js', import.meta.url).href)) as typeof import('../src/upstream/cancellation.js');

const REQUESTS = Number(process.env['ROUTE_COST_REQUESTS'] ?? 100_000);
const ROUNDS = Number(process.env['ROUTE_COST_ROUNDS'] ?? 5);

const providers: Record<string, unknown> = {};
for (let index = 0; index < 10; index++) providers[`p${index}`] = { type: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1' };
const loaded = parseConfig(
  {
    providers,
    models: [
      { name: 'single', deployments: [{ provider: 'p0', model: 'm', price: { input: 0.15, output: 0.6 } }] },
      {
        name: 'hybrid10',
        strategy: { type: 'hybrid' },
        deployments: Array.from({ length: 10 }, (_, index) => ({ provider: `p${index}`, model: 'm', price: { input: 0.15 * (index + 1), output: 0.6 * (index + 1) }, quality: 0.55 + index * 0.04 })),
      },
    ],
  },
  { baseDirectory: '.', environment: {} },
);
const app: App = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }) });
const runtime = app.runtime();
const answer: ChatResponse = {
  kind: 'result',
  result: { id: 'x', model: 'm', created: 0, choices: [], usage: { inputTokens: 12, outputTokens: 20, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0 } } as never,
};
for (const entry of runtime.providers.values()) (entry.provider as { chat: ChatProvider['chat'] }).chat = async () => answer;

async function measure(name: string): Promise<{ wallUs: number; cpuUs: number }> {
  const group = runtime.models.resolve(name)!;
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let index = 0; index < REQUESTS; index++) {
    const trace: RouteTraceType = new RouteTrace(name, Date.now);
    const request = { model: name, messages: [{ role: 'user' as const, content: `Say hello to request ${index % 100}.` }] };
    const routed = await runtime.router.routeChat(group, request, { requestId: 'r', cancellation: new Cancellation(), deadlineAt: 0, headers: {}, hints: NO_HINTS, trace });
    trace.reason(routed.deployment.id);
  }
  const cpu = process.cpuUsage(cpuStart);
  return { wallUs: Number(process.hrtime.bigint() - wallStart) / 1000 / REQUESTS, cpuUs: (cpu.user + cpu.system) / REQUESTS };
}

console.log(`node ${process.version}, ${REQUESTS} requests per window, ${ROUNDS} rounds (the first is warm-up)`);
const single: number[] = [];
const hybrid: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const one = await measure('single');
  const ten = await measure('hybrid10');
  console.log(`round ${round + 1}: single ${one.wallUs.toFixed(2)} µs (cpu ${one.cpuUs.toFixed(2)})   hybrid10 ${ten.wallUs.toFixed(2)} µs (cpu ${ten.cpuUs.toFixed(2)})`);
  if (round > 0) {
    single.push(one.wallUs);
    hybrid.push(ten.wallUs);
  }
}
const median = (values: number[]): number => [...values].sort((first, second) => first - second)[Math.floor(values.length / 2)]!;
console.log(`median: single ${median(single).toFixed(2)} µs, hybrid10 ${median(hybrid).toFixed(2)} µs, difference ${(median(hybrid) - median(single)).toFixed(2)} µs per request`);
await app.close();
