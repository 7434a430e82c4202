import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { simModel, startRoutingGateway, type RoutingGateway } from './support/start-routing-gateway.js';

/**
 * OpenTelemetry traces end to end: a gateway with tracing on in front of the simulator, exporting to a
 * local OTLP/HTTP receiver (this file's own node:http server, reading the JSON the exporter sends), and
 * one with tracing off.
 */

const MASTER = 'master-key-for-tracing-0123456789';
const PROVIDER_KEY = 'sk-provider-secret-for-tracing-abcdef0123';
const PROMPT = 'PROMPT-MARKER pineapple orbit';
const COLLECTOR_KEY = 'collector-key-for-tracing';

const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 4 };

interface Export {
  contentType: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A span as the OTLP JSON encoding carries it, attributes flattened to plain values. */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  status: number;
  attributes: Record<string, unknown>;
}

const SERVER = 2;
const CLIENT = 3;
const STATUS_ERROR = 2;

let simulator: RunningSimulator;
let receiver: Server;
let receiverUrl: string;
const exports: Export[] = [];
let gateway: RoutingGateway;
let untraced: RoutingGateway;
let virtualKey: string;
let keyId: string;
let untracedKey: string;
let teamId: string;

before(async () => {
  simulator = await startSimulator({
    seed: 5,
    apiKey: PROVIDER_KEY,
    profiles: {
      healthy: { ...quick },
      down: { ...quick, outages: [{ mode: 'error' }] },
      streamy: { ...quick, tokensPerSecond: 400, outputTokens: 12 },
      breaks: { ...quick, tokensPerSecond: 1000, outputTokens: 12, midStreamFailureRate: 1, midStreamFailureAfterChunks: 3 },
      glacial: { ...quick, timeToFirstTokenMs: 3_000 },
      slow: { ...quick, tokensPerSecond: 20, outputTokens: 200 },
    },
  });
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      exports.push({ contentType: request.headers['content-type'], headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const tree = {
    auth: { master_key: MASTER },
    providers: { sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai, api_key: PROVIDER_KEY } },
    catalog: { models: [simModel('healthy', { input: 1, output: 2 }), simModel('streamy', { input: 1, output: 2 }), simModel('down', { input: 1, output: 2 }), simModel('breaks', { input: 1, output: 2 })] },
    models: [
      { name: 'plain', deployments: [{ provider: 'sim', model: 'healthy' }] },
      { name: 'streams', deployments: [{ provider: 'sim', model: 'streamy' }] },
      { name: 'breaks', deployments: [{ provider: 'sim', model: 'breaks' }] },
      { name: 'slow', deployments: [{ provider: 'sim', model: 'slow' }] },
      { name: 'hedged', strategy: 'priority', hedge: { after_ms: 50 }, deployments: [{ provider: 'sim', model: 'glacial', priority: 1 }, { provider: 'sim', model: 'healthy', priority: 2 }] },
      { name: 'failover', strategy: 'priority', deployments: [{ provider: 'sim', model: 'down', priority: 1 }, { provider: 'sim', model: 'healthy', priority: 2 }] },
    ],
    routing: { retry: { backoff_base_ms: 1, backoff_max_ms: 1 }, circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 } },
  };
  // A URL without a path: the gateway adds /v1/traces.
  gateway = await startRoutingGateway(simulator, { ...tree, tracing: { enabled: true, otlp_endpoint: receiverUrl, headers: { 'x-collector-key': COLLECTOR_KEY }, service_name: 'skyroute-under-test' } });
  untraced = await startRoutingGateway(simulator, { ...tree, tracing: { enabled: false, otlp_endpoint: receiverUrl } });

  const team = await admin('POST', '/admin/teams', { name: 'tracers' });
  teamId = team['id'] as string;
  const key = await admin('POST', '/admin/keys', { name: 'tracer', team_id: teamId });
  virtualKey = key['key'] as string;
  keyId = key['id'] as string;
  untracedKey = (await admin('POST', '/admin/keys', { name: 'untraced' }, untraced.url))['key'] as string;
});

after(async () => {
  await gateway.close();
  await untraced.close();
  await simulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function admin(method: string, path: string, body: unknown, url = gateway.url): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function chat(url: string, requestId: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${url === untraced.url ? untracedKey : virtualKey}`, 'x-request-id': requestId, ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: PROMPT }], ...body }),
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function value(encoded: Record<string, unknown>): unknown {
  if ('stringValue' in encoded) return encoded['stringValue'];
  if ('boolValue' in encoded) return encoded['boolValue'];
  if ('intValue' in encoded) return Number(encoded['intValue']);
  if ('doubleValue' in encoded) return Number(encoded['doubleValue']);
  if ('arrayValue' in encoded) return ((encoded['arrayValue'] as { values?: Array<Record<string, unknown>> }).values ?? []).map(value);
  return undefined;
}

function attributesOf(list: unknown): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const item of (list ?? []) as Array<{ key: string; value: Record<string, unknown> }>) attributes[item.key] = value(item.value);
  return attributes;
}

/** Every span received so far, with its resource's attributes. */
function receivedSpans(): Array<ExportedSpan & { resource: Record<string, unknown> }> {
  const spans: Array<ExportedSpan & { resource: Record<string, unknown> }> = [];
  for (const received of exports) {
    const payload = JSON.parse(received.body) as { resourceSpans?: Array<{ resource?: { attributes?: unknown }; scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }> };
    for (const resourceSpans of payload.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          spans.push({
            traceId: span['traceId'] as string,
            spanId: span['spanId'] as string,
            parentSpanId: (span['parentSpanId'] as string | undefined) ?? '',
            name: span['name'] as string,
            kind: span['kind'] as number,
            startNs: BigInt(span['startTimeUnixNano'] as string),
            endNs: BigInt(span['endTimeUnixNano'] as string),
            status: ((span['status'] as { code?: number } | undefined)?.code ?? 0) as number,
            attributes: attributesOf(span['attributes']),
            resource,
          });
        }
      }
    }
  }
  return spans;
}

/** The request's server span and its attempt spans, once exported (spans end as responses close: flush until they are there). */
async function traceOf(requestId: string, attempts: number): Promise<{ server: ExportedSpan; attempts: ExportedSpan[] }> {
  for (let round = 0; ; round++) {
    await gateway.app.tracing!.flush();
    const spans = receivedSpans();
    const server = spans.find((span) => span.kind === SERVER && span.attributes['skyroute.request_id'] === requestId);
    const children = server === undefined ? [] : spans.filter((span) => span.parentSpanId === server.spanId).sort((left, right) => Number(left.attributes['skyroute.attempt']) - Number(right.attributes['skyroute.attempt']));
    if (server !== undefined && children.length >= attempts) return { server, attempts: children };
    if (round === 100) assert.fail(`the spans of ${requestId} were not exported: ${JSON.stringify(spans.map((span) => span.name))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function upstreamTraceparents(): string[] {
  return simulator.requests().map((request) => String(request.headers['traceparent'] ?? ''));
}

function traceparentOf(span: ExportedSpan): string {
  return `00-${span.traceId}-${span.spanId}-01`;
}

test('a chat request: a SERVER span with the request, a CLIENT child with the GenAI attributes, and its traceparent sent upstream', async () => {
  simulator.clearRequests();
  const answer = await chat(gateway.url, 'trace-chat-1', { model: 'plain', max_tokens: 50, temperature: 0.3 });
  assert.equal(answer.status, 200, answer.text);
  const usage = (JSON.parse(answer.text) as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
  const { server, attempts } = await traceOf('trace-chat-1', 1);

  assert.equal(server.name, 'POST /v1/chat/completions');
  assert.equal(server.parentSpanId, '', 'no caller trace: the gateway starts one');
  assert.equal(server.attributes['http.request.method'], 'POST');
  assert.equal(server.attributes['http.route'], '/v1/chat/completions');
  assert.equal(server.attributes['http.response.status_code'], 200);
  assert.equal(server.attributes['skyroute.model'], 'plain');
  assert.equal(server.attributes['skyroute.key_id'], keyId);
  assert.equal(server.attributes['skyroute.team_id'], teamId);
  assert.equal(server.attributes['skyroute.deployment'], 'sim/healthy');
  assert.equal(server.attributes['skyroute.attempts'], 1);
  assert.equal(server.attributes['skyroute.cost_usd'], Number(answer.headers.get('x-skyroute-cost-usd')));
  assert.ok(Number(server.attributes['skyroute.cost_usd']) > 0, 'the catalog prices sim/healthy');
  assert.ok(typeof server.attributes['skyroute.route_reason'] === 'string' && server.attributes['skyroute.route_reason'] !== '');
  assert.notEqual(server.status, STATUS_ERROR);

  assert.equal(attempts.length, 1);
  const [attempt] = attempts as [ExportedSpan];
  assert.equal(attempt.kind, CLIENT);
  assert.equal(attempt.traceId, server.traceId);
  assert.equal(attempt.name, 'chat healthy');
  assert.equal(attempt.attributes['gen_ai.operation.name'], 'chat');
  assert.equal(attempt.attributes['gen_ai.provider.name'], 'openai-compatible');
  assert.equal(attempt.attributes['gen_ai.request.model'], 'healthy');
  assert.equal(attempt.attributes['gen_ai.response.model'], 'healthy');
  assert.equal(attempt.attributes['gen_ai.request.max_tokens'], 50);
  assert.equal(attempt.attributes['gen_ai.request.temperature'], 0.3);
  assert.equal(attempt.attributes['gen_ai.usage.input_tokens'], usage.prompt_tokens);
  assert.equal(attempt.attributes['gen_ai.usage.output_tokens'], usage.completion_tokens);
  assert.deepEqual(attempt.attributes['gen_ai.response.finish_reasons'], ['stop']);
  assert.equal(attempt.attributes['skyroute.deployment'], 'sim/healthy');
  assert.equal(attempt.attributes['skyroute.attempt'], 1);
  assert.equal(attempt.attributes['skyroute.hedge'], false);
  assert.equal(attempt.attributes['skyroute.cost_usd'], server.attributes['skyroute.cost_usd']);
  assert.ok(typeof attempt.attributes['skyroute.route_reason'] === 'string');
  assert.equal(attempt.attributes['error.type'], undefined);
  // A span's start is Date.now() (whole milliseconds) and its end that plus a precise duration: 1 ms of slack.
  assert.ok(attempt.startNs >= server.startNs && attempt.endNs <= server.endNs + 1_000_000n, 'the attempt lies within the request');

  assert.deepEqual(upstreamTraceparents(), [traceparentOf(attempt)], 'the upstream got the attempt span as its parent');
  const received = exports.at(-1)!;
  assert.match(received.contentType ?? '', /^application\/json/, 'the exporter sends OTLP JSON');
  assert.equal(received.headers['x-collector-key'], COLLECTOR_KEY, 'tracing.headers go with every export');
  const resource = receivedSpans().find((span) => span.spanId === server.spanId)!.resource;
  assert.equal(resource['service.name'], 'skyroute-under-test');
});

test('a stream: its attempt span ends when the stream ends, with the usage and finish reason only the end knows', async () => {
  const answer = await chat(gateway.url, 'trace-stream-1', { model: 'streams', stream: true, stream_options: { include_usage: true } });
  assert.equal(answer.status, 200, answer.text);
  const chunks = answer.text
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)) as { usage?: { prompt_tokens: number; completion_tokens: number } | null });
  const usage = chunks.find((chunk) => chunk.usage !== undefined && chunk.usage !== null)?.usage;
  assert.ok(usage !== undefined && usage !== null && usage.completion_tokens === 12, 'the client saw the usage chunk');
  const { server, attempts } = await traceOf('trace-stream-1', 1);
  const [attempt] = attempts as [ExportedSpan];
  assert.equal(attempt.attributes['gen_ai.usage.output_tokens'], usage.completion_tokens);
  assert.deepEqual(attempt.attributes['gen_ai.response.finish_reasons'], ['stop']);
  assert.equal(attempt.attributes['gen_ai.response.model'], 'streamy');
  assert.equal(server.attributes['skyroute.stream'], true);
  // The cost is a trailer fetch does not show: priced here from the usage at sim/streamy's $1 / $2 per million.
  assert.equal(Math.round(Number(server.attributes['skyroute.cost_usd']) * 1e9), usage.prompt_tokens * 1000 + usage.completion_tokens * 2000);
  // 12 tokens at 400 a second: the stream takes about 30 ms; an attempt span ended at the headers would be far shorter.
  assert.ok(attempt.endNs - attempt.startNs >= 20_000_000n, `the attempt lasted ${attempt.endNs - attempt.startNs} ns`);
});

test('a stream that fails mid-way: the attempt and the request are in error, though the status was 200', async () => {
  const answer = await chat(gateway.url, 'trace-breaks-1', { model: 'breaks', stream: true });
  assert.equal(answer.status, 200);
  assert.match(answer.text, /"error"/, 'the client got an error event');
  const { server, attempts } = await traceOf('trace-breaks-1', 1);
  const [attempt] = attempts as [ExportedSpan];
  assert.equal(attempt.status, STATUS_ERROR);
  assert.match(String(attempt.attributes['error.type']), /^GW_ERR_/);
  assert.equal(server.status, STATUS_ERROR);
  assert.equal(server.attributes['error.type'], attempt.attributes['error.type']);
  assert.equal(server.attributes['http.response.status_code'], 200);
});

test('a client that leaves a stream: the request span says so, the attempt is cancelled', async () => {
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${virtualKey}`, 'x-request-id': 'trace-left-1' },
    body: JSON.stringify({ model: 'slow', stream: true, messages: [{ role: 'user', content: PROMPT }] }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.read().catch(() => undefined);
  const { server, attempts } = await traceOf('trace-left-1', 1);
  assert.equal(server.attributes['skyroute.client_disconnected'], true);
  assert.equal(attempts[0]!.attributes['skyroute.outcome'], 'cancelled');
  assert.notEqual(attempts[0]!.status, STATUS_ERROR);
});

test('a failover: two attempt spans, the first in error with error.type, each sent upstream with its own traceparent', async () => {
  simulator.clearRequests();
  const answer = await chat(gateway.url, 'trace-failover-1', { model: 'failover' });
  assert.equal(answer.status, 200, answer.text);
  const { server, attempts } = await traceOf('trace-failover-1', 2);
  assert.equal(attempts.length, 2);
  const [first, second] = attempts as [ExportedSpan, ExportedSpan];
  assert.equal(first.attributes['skyroute.attempt'], 1);
  assert.equal(first.attributes['skyroute.deployment'], 'sim/down');
  assert.equal(first.attributes['skyroute.outcome'], 'error');
  assert.match(String(first.attributes['error.type']), /^GW_ERR_UPSTREAM_/);
  assert.ok(Number(first.attributes['http.response.status_code']) >= 500, 'the upstream status of the failure');
  assert.equal(first.status, STATUS_ERROR);
  assert.equal(second.attributes['skyroute.attempt'], 2);
  assert.equal(second.attributes['skyroute.deployment'], 'sim/healthy');
  assert.equal(second.attributes['error.type'], undefined);
  assert.notEqual(second.status, STATUS_ERROR);
  assert.equal(server.attributes['skyroute.attempts'], 2);
  assert.notEqual(server.status, STATUS_ERROR, 'the client was served');
  assert.deepEqual(upstreamTraceparents(), [traceparentOf(first), traceparentOf(second)]);
});

test('a hedge: the slow attempt is cancelled, the hedged one serves', async () => {
  const answer = await chat(gateway.url, 'trace-hedge-1', { model: 'hedged' });
  assert.equal(answer.status, 200, answer.text);
  const { attempts } = await traceOf('trace-hedge-1', 2);
  const [slow, hedge] = attempts as [ExportedSpan, ExportedSpan];
  assert.equal(slow.attributes['skyroute.deployment'], 'sim/glacial');
  assert.equal(slow.attributes['skyroute.hedge'], false);
  assert.equal(slow.attributes['skyroute.outcome'], 'cancelled');
  assert.equal(slow.attributes['error.type'], undefined, 'a lost race is not an error of the deployment');
  assert.equal(hedge.attributes['skyroute.deployment'], 'sim/healthy');
  assert.equal(hedge.attributes['skyroute.hedge'], true);
  assert.equal(hedge.attributes['skyroute.attempt'], 2);
  assert.equal(hedge.attributes['skyroute.outcome'], 'ok');
});

test("an incoming traceparent: the gateway's spans join the caller's trace", async () => {
  simulator.clearRequests();
  const callerTrace = '0af7651916cd43dd8448eb211c80319c';
  const callerSpan = 'b7ad6b7169203331';
  const answer = await chat(gateway.url, 'trace-parent-1', { model: 'plain' }, { traceparent: `00-${callerTrace}-${callerSpan}-01`, tracestate: 'caller=1' });
  assert.equal(answer.status, 200, answer.text);
  const { server, attempts } = await traceOf('trace-parent-1', 1);
  assert.equal(server.traceId, callerTrace);
  assert.equal(server.parentSpanId, callerSpan);
  assert.equal(attempts[0]!.traceId, callerTrace);
  assert.deepEqual(upstreamTraceparents(), [traceparentOf(attempts[0]!)]);
});

test('a request refused before routing still has its span, with the error', async () => {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-key-of-this-gateway', 'x-request-id': 'trace-refused-1' },
    body: JSON.stringify({ model: 'plain', messages: [{ role: 'user', content: PROMPT }] }),
  });
  assert.equal(response.status, 401);
  await response.text();
  const { server } = await traceOf('trace-refused-1', 0);
  assert.equal(server.attributes['http.response.status_code'], 401);
  assert.match(String(server.attributes['error.type']), /^GW_ERR_AUTH_/);
  assert.notEqual(server.status, STATUS_ERROR, "a client's mistake is not the server's error");
});

test('health checks are not traced; GET /v1/models is, under its route', async () => {
  for (const path of ['/health/live', '/health/ready']) {
    const response = await fetch(`${gateway.url}${path}`, { headers: { 'x-request-id': `trace-health${path.replaceAll('/', '-')}` } });
    assert.equal(response.status, 200);
    await response.text();
  }
  const models = await fetch(`${gateway.url}/models`, { headers: { authorization: `Bearer ${virtualKey}`, 'x-request-id': 'trace-models-1' } });
  assert.equal(models.status, 200);
  await models.text();
  const { server } = await traceOf('trace-models-1', 0);
  assert.equal(server.name, 'GET /v1/models', 'the route is the same with or without /v1');
  assert.deepEqual(receivedSpans().filter((span) => String(span.attributes['skyroute.request_id']).startsWith('trace-health')), []);
});

test('embeddings: the attempt is an embeddings operation', async () => {
  const response = await fetch(`${gateway.url}/v1/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${virtualKey}`, 'x-request-id': 'trace-embed-1' },
    body: JSON.stringify({ model: 'sim/embed', input: PROMPT }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  const { server, attempts } = await traceOf('trace-embed-1', 1);
  assert.equal(server.name, 'POST /v1/embeddings');
  assert.equal(attempts[0]!.attributes['gen_ai.operation.name'], 'embeddings');
  assert.equal(attempts[0]!.name, 'embeddings embed');
  assert.equal(attempts[0]!.attributes['gen_ai.usage.input_tokens'], (JSON.parse(text) as { usage: { prompt_tokens: number } }).usage.prompt_tokens);
});

test('with tracing off: no span at all, and no traceparent upstream', async () => {
  assert.equal(untraced.app.tracing, undefined);
  const before = receivedSpans().length;
  const exportsBefore = exports.length;
  simulator.clearRequests();
  for (const [id, body] of [
    ['untraced-1', { model: 'plain' }],
    ['untraced-2', { model: 'streams', stream: true }],
    ['untraced-3', { model: 'failover' }],
  ] as const) {
    const answer = await chat(untraced.url, id, body, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    assert.equal(answer.status, 200, answer.text);
  }
  assert.ok(simulator.requests().length >= 4, 'the requests reached the upstream');
  assert.deepEqual(upstreamTraceparents().filter((header) => header !== ''), [], 'no traceparent was sent upstream');
  // The traced gateway's flush sends whatever is pending; none of it is the untraced gateway's.
  await gateway.app.tracing!.flush();
  const spans = receivedSpans();
  assert.equal(spans.filter((span) => String(span.attributes['skyroute.request_id'] ?? '').startsWith('untraced-')).length, 0);
  assert.ok(spans.length >= before && exports.length >= exportsBefore);
});

test('no prompt text, virtual key, master key or provider key in anything exported', async () => {
  await gateway.app.tracing!.flush();
  assert.ok(exports.length > 0);
  const everything = exports.map((received) => received.body).join('\n');
  assert.ok(everything.includes('trace-chat-1'), 'the exports are the ones the tests above read');
  for (const secret of [PROMPT, 'pineapple', virtualKey, untracedKey, MASTER, PROVIDER_KEY, PROVIDER_KEY.slice(-12)]) {
    assert.ok(!everything.includes(secret), `${secret} was exported`);
  }
});
