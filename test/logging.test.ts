import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { createApp, type App } from '../src/app.js';
import { parseConfig } from '../src/config/load-config.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { createLogger } from '../src/telemetry/create-logger.js';
import { simModel } from './support/start-routing-gateway.js';
import { TEST_DATABASE } from './support/one-attempt-routing.js';

/**
 * The gateway's own log (pino JSON lines, captured from the destination stream createLogger takes)
 * across requests that succeed, fail, fail over, break mid-stream or are left by the client: every
 * line about a request carries its requestId, and no line carries the prompt, the answer, a client key
 * or the provider's key.
 */

const MASTER = 'master-key-for-logging-0123456789';
const PROVIDER_KEY = 'sk-provider-secret-for-logging-abcdef0123';
const PROMPT = 'PROMPT-MARKER tangerine lighthouse';

const quick = { timeToFirstTokenMs: 1, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0, outputTokens: 6 };

let simulator: RunningSimulator;
let app: App;
let url: string;
const written: string[] = [];
/** Lines written before the first request: start-up, about no request. */
let startupLines = 0;
let virtualKey: string;
/** The content of the answer served at once, and the texts of the streams served. */
let servedContent: string;
const streamTexts: string[] = [];

before(async () => {
  simulator = await startSimulator({
    seed: 9,
    apiKey: PROVIDER_KEY,
    profiles: {
      healthy: { ...quick },
      down: { ...quick, outages: [{ mode: 'error' }] },
      breaks: { ...quick, tokensPerSecond: 1000, outputTokens: 12, midStreamFailureRate: 1, midStreamFailureAfterChunks: 3 },
      slow: { ...quick, tokensPerSecond: 20, outputTokens: 200 },
    },
  });
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  const loaded = parseConfig(
    {
      database: TEST_DATABASE,
      auth: { master_key: MASTER },
      providers: {
        sim: { type: 'openai-compatible', base_url: simulator.baseUrls.openai, api_key: PROVIDER_KEY },
        // The same simulator with a key it refuses: its 401 quotes (a masked) key back.
        wrong: { type: 'openai-compatible', base_url: simulator.baseUrls.openai, api_key: `${PROVIDER_KEY}-wrong` },
      },
      catalog: { models: [simModel('healthy', { input: 1, output: 2 }), simModel('down', { input: 1, output: 2 }), simModel('breaks', { input: 1, output: 2 }), simModel('slow', { input: 1, output: 2 })] },
      models: [
        { name: 'plain', deployments: [{ provider: 'sim', model: 'healthy' }] },
        { name: 'solo', deployments: [{ provider: 'sim', model: 'down' }] },
        { name: 'locked', deployments: [{ provider: 'wrong', model: 'healthy' }] },
        { name: 'breaks', deployments: [{ provider: 'sim', model: 'breaks' }] },
        { name: 'slow', deployments: [{ provider: 'sim', model: 'slow' }] },
        { name: 'failover', strategy: 'priority', deployments: [{ provider: 'sim', model: 'down', priority: 1 }, { provider: 'sim', model: 'healthy', priority: 2 }] },
      ],
      routing: { retry: { backoff_base_ms: 1, backoff_max_ms: 1 }, circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 } },
    },
    { baseDirectory: process.cwd(), environment: {} },
  );
  app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'debug', destination }) });
  url = await app.listen(0, '127.0.0.1');
  startupLines = lines().length;

  const created = await fetch(`${url}/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'logged' }) });
  assert.equal(created.status, 201, await created.clone().text());
  virtualKey = ((await created.json()) as { key: string }).key;

  const send = (requestId: string, body: Record<string, unknown>, signal?: AbortSignal, key = virtualKey): Promise<Response> =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-request-id': requestId },
      body: JSON.stringify({ messages: [{ role: 'user', content: PROMPT }], ...body }),
      ...(signal === undefined ? {} : { signal }),
    });

  const ok = await send('log-ok-1', { model: 'plain' });
  assert.equal(ok.status, 200);
  servedContent = ((await ok.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content;
  const stream = await send('log-stream-1', { model: 'plain', stream: true });
  assert.equal(stream.status, 200);
  streamTexts.push(await stream.text());
  const failed = await send('log-fail-1', { model: 'solo' });
  assert.ok(failed.status >= 500, `solo fails: ${failed.status}`);
  await failed.text();
  const locked = await send('log-locked-1', { model: 'locked' });
  assert.ok(locked.status >= 400, `locked fails: ${locked.status}`);
  await locked.text();
  const refused = await send('log-refused-1', { model: 'plain' }, undefined, 'sk-not-a-key-of-this-gateway');
  assert.equal(refused.status, 401);
  await refused.text();
  const failover = await send('log-failover-1', { model: 'failover' });
  assert.equal(failover.status, 200);
  await failover.text();
  const broken = await send('log-break-1', { model: 'breaks', stream: true });
  assert.equal(broken.status, 200);
  streamTexts.push(await broken.text());
  // A client that leaves a slow stream after its first bytes.
  const controller = new AbortController();
  const left = await send('log-left-1', { model: 'slow', stream: true }, controller.signal);
  const reader = left.body!.getReader();
  await reader.read();
  controller.abort();
  await reader.read().catch(() => undefined);
  // Lines about the requests above are written by the time their answers end, or the abandoned stream's end is noticed.
  await new Promise((resolve) => setTimeout(resolve, 200));
});

after(async () => {
  await app.close();
  await simulator.close();
});

function lines(): Array<Record<string, unknown>> {
  return written
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('every line written about a request carries its requestId', () => {
  const requestLines = lines().slice(startupLines);
  assert.ok(requestLines.length > 0, 'the requests were logged');
  for (const line of requestLines) {
    assert.equal(typeof line['requestId'], 'string', `no requestId: ${JSON.stringify(line)}`);
    assert.notEqual(line['requestId'], '');
  }
});

test('the failures are logged, each under the id the client sent', () => {
  const byId = (id: string): Array<Record<string, unknown>> => lines().filter((line) => line['requestId'] === id);
  assert.ok(
    byId('log-fail-1').some((line) => line['msg'] === 'request failed' && String(line['code']).startsWith('GW_ERR_UPSTREAM_')),
    `the failed request: ${JSON.stringify(byId('log-fail-1'))}`,
  );
  assert.ok(
    byId('log-break-1').some((line) => line['msg'] === 'upstream failed mid-stream'),
    `the broken stream: ${JSON.stringify(byId('log-break-1'))}`,
  );
  assert.deepEqual(byId('log-ok-1'), [], 'a request served at once writes nothing');
});

test('no line carries the prompt, an answer, a client key or the provider key', () => {
  const text = written.join('');
  assert.ok(text.includes('log-fail-1'), 'the log is the one the requests wrote');
  const secrets = [PROMPT, 'tangerine', virtualKey, MASTER, 'sk-not-a-key-of-this-gateway', PROVIDER_KEY, `${PROVIDER_KEY}-wrong`];
  for (const secret of secrets) assert.ok(!text.includes(secret), `"${secret}" is in the log`);
  // The answers' own words: the content of the answer served at once, the text of the streams.
  assert.ok(servedContent.length > 10);
  assert.ok(!text.includes(servedContent), 'the answer is not in the log');
  for (const stream of streamTexts) {
    const deltas = stream
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => (JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content ?? '')
      .join('');
    if (deltas.length > 10) assert.ok(!text.includes(deltas), 'a streamed answer is not in the log');
  }
});

test("with tracing off (the default), OpenTelemetry's SDK and exporter are not even loaded", () => {
  assert.equal(app.tracing, undefined);
  // Its packages are CommonJS: loaded through an import, they would be in the require cache. (The API
  // package may be there: prom-client loads it for its exemplars.)
  const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => /@opentelemetry\/(sdk-|exporter-|otlp-|resources)/.test(path));
  assert.deepEqual(loaded, []);
});
