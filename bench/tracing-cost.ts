// Micro-benchmark of what tracing costs one request: the SERVER span (started, its row's attributes,
// ended at the response's close) and one attempt's CLIENT span (GenAI attributes, traceparent, the
// result), through the batch span processor, in three settings:
//   - an exporter that drops the batches: the request path's own cost;
//   - the real OTLP/HTTP JSON exporter to a local receiver that reads and drops the body: that cost
//     plus the export's (serialization, HTTP), which runs off the request path but on the same CPU;
//   - the same with a caller's traceparent to parse.
// Tracing off is one `undefined` check per hook (timed as well, for the record).
// The receiver runs in a child process, so its CPU is not counted; it counts the spans it got, to show
// that none were dropped (the batch processor drops spans when its queue of 2048 is full).
// Run: npx tsx bench/tracing-cost.ts
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ConfigSchema, type TracingConfig } from '../src/config/config-schema.js';
import type { ChatProvider } from '../src/providers/provider.js';
import type { Deployment } from '../src/routing/deployment.js';
import { RouteTrace } from '../src/routing/explain.js';
import type { ChatRequest } from '../src/spec/chat-request.js';
import type { ChatResult } from '../src/spec/chat-result.js';
import { emptyUsage } from '../src/spec/usage.js';
import type { RequestLogRow } from '../src/store/store-port.js';
import { createLogger } from '../src/telemetry/create-logger.js';
import { createTracing } from '../src/telemetry/create-tracing.js';
import type { RequestSpan, Tracing } from '../src/telemetry/tracing.js';

const requests = 20_000;
const rounds = 5;
/** Requests between two event-loop turns: traffic arrives over time, and the exports need turns to run. */
const burst = 20;

function tracingConfig(fields: Record<string, unknown>): TracingConfig {
  return ConfigSchema.parse({ tracing: { enabled: true, ...fields } }).tracing;
}

const deployment: Deployment = {
  id: 'openai/gpt-4.1-mini',
  providerId: 'openai',
  providerSubject: 'provider:openai',
  provider: { id: 'openai', type: 'openai' } as ChatProvider,
  model: 'gpt-4.1-mini',
  mode: 'chat',
  capabilities: undefined,
  contextWindow: 1_047_576,
  maxOutputTokens: 32_768,
  price: { input: 0.4, output: 1.6 },
  quality: 0.55,
  weight: 1,
  priority: 0,
  rpm: undefined,
  tpm: undefined,
  region: undefined,
  catalogEntry: undefined,
};
const chat: ChatRequest = { model: 'fast', max_tokens: 400, temperature: 0.2, messages: [{ role: 'user', content: 'Say hello.' }] };
const result: ChatResult = {
  id: 'chatcmpl-1',
  model: 'gpt-4.1-mini-2025-04-14',
  created: 1_700_000_000,
  choices: [{ index: 0, content: 'Hello!', toolCalls: [], finishReason: 'stop' }],
  usage: { ...emptyUsage(), inputTokens: 12, outputTokens: 3 },
};
const row: RequestLogRow = {
  id: 'r',
  at: 1_700_000_000_000,
  endpoint: 'chat',
  model: 'fast',
  attempts: 1,
  stream: false,
  status: 200,
  inputTokens: 12,
  outputTokens: 3,
  cachedInputTokens: 0,
  cacheWriteInputTokens: 0,
  reasoningTokens: 0,
  costNusd: 9_600,
  latencyMs: 300,
  keyId: 'key_1',
  teamId: 'team_1',
  deployment: deployment.id,
  provider: 'openai',
  routeReason: 'priority: openai/gpt-4.1-mini is first (priority 0)',
};

/** What the request handler hands tracing: a request's method and headers, a response that closes. */
class FakeResponse extends EventEmitter {
  statusCode = 200;
  headersSent = true;
  writableFinished = true;
}

function oneRequest(tracing: Tracing, headers: Record<string, string>, index: number): void {
  const response = new FakeResponse();
  const span = tracing.startRequest({ method: 'POST', headers } as unknown as IncomingMessage, response as unknown as ServerResponse, `request-${index}`, '/chat/completions') as RequestSpan;
  const trace = new RouteTrace('fast', Date.now);
  trace.decide('fast', 'priority', undefined, [], undefined);
  const attempt = span.attempt({ operation: 'chat', request: chat, deployment, number: 1, hedge: false, group: 'fast', trace });
  if (attempt.traceparent.length !== 55) throw new Error('no traceparent');
  attempt.result(result);
  span.settled(row);
  response.emit('close');
}

async function measure(label: string, tracing: Tracing, headers: Record<string, string>, received: () => Promise<number>): Promise<void> {
  const samples: Array<{ cpuUs: number; wallUs: number }> = [];
  const before = await received();
  for (let round = 0; round < rounds + 1; round++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let index = 0; index < requests; index++) {
      oneRequest(tracing, headers, index);
      if (index % burst === burst - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    // The batches' export is part of the cost: wait for it.
    await tracing.flush();
    const used = process.cpuUsage(cpu);
    // The first round warms up.
    if (round > 0) samples.push({ cpuUs: (used.user + used.system) / requests, wallUs: Number(process.hrtime.bigint() - start) / 1000 / requests });
  }
  samples.sort((left, right) => left.cpuUs - right.cpuUs);
  const median = samples[Math.floor(samples.length / 2)]!;
  const spans = (await received()) - before;
  console.log(
    `${label.padEnd(52)} ${median.cpuUs.toFixed(2).padStart(6)} µs CPU a request (wall ${median.wallUs.toFixed(2)}; best ${samples[0]!.cpuUs.toFixed(2)}, worst ${samples.at(-1)!.cpuUs.toFixed(2)}); ${spans} of ${2 * requests * (rounds + 1)} spans exported`,
  );
}

function timeOff(): void {
  // The hooks as the request path runs them when tracing is off: each an optional call on undefined.
  const context: { span: RequestSpan | undefined } = { span: undefined };
  let sink = 0;
  const iterations = 10_000_000;
  const start = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) {
    const span = context.span?.attempt({ operation: 'chat', request: chat, deployment, number: index, hedge: false, group: 'fast', trace: undefined as never });
    context.span?.settled(row);
    if (span === undefined) sink++;
  }
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  if (sink !== iterations) throw new Error('a span appeared');
  console.log(`${'tracing off (two hooks of a request)'.padEnd(52)} ${ns.toFixed(2).padStart(6)} ns a request`);
}

const logger = createLogger({ level: 'silent' });
let dropped = 0;
const dropping: SpanExporter = {
  export: (spans, done) => {
    dropped += spans.length;
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};

// The OTLP receiver: counts the spans of each JSON body, answers GET /count.
const RECEIVER = `
const { createServer } = require('node:http');
let spans = 0;
const server = createServer((request, response) => {
  if (request.method === 'GET') { response.end(String(spans)); return; }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    spans += Buffer.concat(chunks).toString('utf8').split('"spanId"').length - 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;
const child = fork('-e', [RECEIVER], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(message as number)));
const endpoint = `http://127.0.0.1:${port}`;
const receivedSpans = async (): Promise<number> => Number(await (await fetch(`${endpoint}/count`)).text());

console.log(`node ${process.version}, ${requests} requests a round, ${burst} between event-loop turns, median of ${rounds} rounds (after one to warm up)`);
timeOff();
// The harness alone (a response to close, a route trace, the event-loop turns), with spans that do nothing: subtract it from the rest.
const nothing: Tracing = {
  startRequest: (_request, response) => {
    response.once('close', () => undefined);
    return {
      attempt: () => ({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', result: () => undefined, embedded: () => undefined, streamEnded: () => undefined, failed: () => undefined }),
      settled: () => undefined,
      failed: () => undefined,
    };
  },
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
await measure('the harness alone (spans that do nothing)', nothing, {}, () => Promise.resolve(0));
const inMemory = createTracing({ config: tracingConfig({}), environment: {}, logger, exporter: dropping });
await measure('on, spans dropped at the exporter', inMemory, {}, () => Promise.resolve(dropped));
await inMemory.shutdown();
const unsampled = createTracing({ config: tracingConfig({ sample_ratio: 0 }), environment: {}, logger, exporter: dropping });
await measure('on, sample_ratio 0 (every request sampled out)', unsampled, {}, () => Promise.resolve(dropped));
await unsampled.shutdown();
const otlp = createTracing({ config: tracingConfig({ otlp_endpoint: endpoint }), environment: {}, logger });
await measure('on, OTLP/HTTP JSON to a receiver process', otlp, {}, receivedSpans);
await measure('on, OTLP/HTTP JSON, continuing a caller traceparent', otlp, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'caller=1' }, receivedSpans);
await otlp.shutdown();
const sampled = createTracing({ config: tracingConfig({ otlp_endpoint: endpoint, sample_ratio: 0.1 }), environment: {}, logger });
await measure('on, sample_ratio 0.1, OTLP/HTTP JSON', sampled, {}, receivedSpans);
await sampled.shutdown();
child.kill();
