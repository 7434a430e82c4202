import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { createApp, type App } from '../src/app.js';
import { TEST_DATABASE } from './support/one-attempt-routing.js';
import { parseConfig } from '../src/config/load-config.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/start-simulator.js';
import { createLogger } from '../src/telemetry/create-logger.js';

/**
 * One conversation — a system prompt, an image by URL, two tools called in parallel, the tool results,
 * then a JSON-schema answer, streamed — through every adapter, each in front of the simulator speaking
 * that provider's wire format. An OpenAI SDK client must see the same thing whichever provider served it.
 */
const AWS = { accessKeyId: 'AKIAMATRIXTEST000001', secretAccessKey: 'matrix-secret-key' };
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const PROVIDERS = ['openai', 'anthropic', 'gemini', 'vertex', 'bedrock', 'cohere'] as const;
type ProviderId = (typeof PROVIDERS)[number];
/** Wires that get the image's bytes from the gateway (the others are sent the URL). */
const FETCHES_IMAGES = new Set<ProviderId>(['gemini', 'vertex', 'bedrock']);

const tools: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { city: { type: 'string', title: 'City' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['city', 'unit'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_time',
      description: 'Local time in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    },
  },
];

const reportSchema = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    temperature_c: { type: 'number' },
    local_time: { type: 'string' },
    sunny: { type: 'boolean' },
  },
  required: ['city', 'temperature_c', 'local_time', 'sunny'],
  additionalProperties: false,
};

let simulator: RunningSimulator;
let imageServer: Server;
let imageRequests = 0;
let imageUrl: string;
let app: App;
let client: OpenAI;

before(async () => {
  simulator = await startSimulator({ seed: 11, apiKey: 'sim-key', awsCredentials: AWS });
  imageServer = createServer((_request, response) => {
    imageRequests++;
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
    response.end(PNG);
  });
  await new Promise<void>((resolve) => imageServer.listen(0, '127.0.0.1', resolve));
  const imagePort = (imageServer.address() as AddressInfo).port;
  imageUrl = `http://127.0.0.1:${imagePort}/photo.png`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccount = {
    type: 'service_account',
    project_id: 'matrix-project',
    private_key_id: 'k1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'matrix@matrix-project.iam.gserviceaccount.com',
    token_uri: simulator.baseUrls.googleTokenUri,
  };
  const urls = simulator.baseUrls;
  const loaded = parseConfig(
    {
      providers: {
        openai: { type: 'openai-compatible', base_url: urls.openai, api_key: 'sim-key' },
        anthropic: { type: 'anthropic', base_url: urls.anthropic, api_key: 'sim-key' },
        gemini: { type: 'gemini', base_url: urls.gemini, api_key: 'sim-key' },
        vertex: { type: 'vertex', base_url: `${urls.vertex}/projects/{project}/locations/{region}/publishers/google`, credentials: JSON.stringify(serviceAccount), region: 'us-central1' },
        bedrock: { type: 'bedrock', base_url: urls.bedrock, region: 'us-east-1', aws_access_key_id: AWS.accessKeyId, aws_secret_access_key: AWS.secretAccessKey },
        cohere: { type: 'cohere', base_url: urls.cohere, api_key: 'sim-key' },
      },
      database: TEST_DATABASE,
      images: { allowed_hosts: [`127.0.0.1:${imagePort}`] },
      logging: { level: 'silent' },
    },
    { baseDirectory: process.cwd(), environment: {} },
  );
  app = await createApp({ loaded, environment: {}, logger: createLogger({ level: 'silent' }) });
  client = new OpenAI({ baseURL: `${await app.listen(0, '127.0.0.1')}/v1`, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await app?.close();
  await simulator?.close();
  imageServer?.close();
});

interface CollectedTurn {
  content: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | null;
  firstDelta: Record<string, unknown> | undefined;
  usage: OpenAI.CompletionUsage | undefined;
}

async function streamTurn(model: string, messages: ChatCompletionMessageParam[], extra: Record<string, unknown>): Promise<CollectedTurn> {
  const stream = (await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true }, ...extra } as never)) as unknown;
  const turn: CollectedTurn = { content: '', toolCalls: [], finishReason: null, firstDelta: undefined, usage: undefined };
  for await (const chunk of stream as AsyncIterable<OpenAI.ChatCompletionChunk>) {
    if (chunk.usage) turn.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    turn.firstDelta ??= choice.delta as Record<string, unknown>;
    if (choice.delta.content) turn.content += choice.delta.content;
    for (const call of choice.delta.tool_calls ?? []) {
      if (call.id !== undefined) {
        assert.equal(call.index, turn.toolCalls.length, 'tool-call indexes count tool calls only, from 0');
        turn.toolCalls.push({ id: call.id, name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' });
      } else turn.toolCalls[call.index]!.arguments += call.function?.arguments ?? '';
    }
    if (choice.finish_reason) turn.finishReason = choice.finish_reason;
  }
  return turn;
}

function conversation(): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: 'You are a travel assistant. Answer precisely.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Where was this photo taken? Use both tools, get_weather and get_time, for that city.' },
        { type: 'image_url', image_url: { url: imageUrl } },
      ],
    },
  ];
}

function assertMatchesSchema(value: unknown, schema: { properties: Record<string, { type: string; enum?: string[] }>; required: string[] }, where: string): void {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${where}: an object`);
  const record = value as Record<string, unknown>;
  for (const key of schema.required) assert.ok(key in record, `${where}: has ${key}`);
  for (const [key, property] of Object.entries(schema.properties)) {
    if (!(key in record)) continue;
    assert.equal(typeof record[key], property.type === 'integer' ? 'number' : property.type, `${where}: ${key} is a ${property.type}`);
    if (property.enum) assert.ok(property.enum.includes(record[key] as string), `${where}: ${key} is one of ${property.enum.join(', ')}`);
  }
  assert.deepEqual(Object.keys(record).filter((key) => !(key in schema.properties)), [], `${where}: no extra keys`);
}

describe('one conversation, every provider', () => {
  const outcomes = new Map<ProviderId, { first: CollectedTurn; second: CollectedTurn }>();

  for (const provider of PROVIDERS) {
    test(`${provider}: image + parallel tools, then tool results + JSON schema, streamed`, async () => {
      const model = `${provider}/vision`;
      const imagesBefore = imageRequests;
      simulator.clearRequests();
      const first = await streamTurn(model, conversation(), { tools });
      assert.deepEqual(first.firstDelta, { role: 'assistant', content: '' }, 'the first chunk carries the role');
      assert.equal(first.finishReason, 'tool_calls');
      assert.deepEqual(first.toolCalls.map((call) => call.name), ['get_weather', 'get_time']);
      const [weatherTool, timeTool] = tools.map((tool) => (tool as OpenAI.ChatCompletionFunctionTool).function.parameters as never) as [never, never];
      assertMatchesSchema(JSON.parse(first.toolCalls[0]!.arguments), weatherTool, `${provider} get_weather arguments`);
      assertMatchesSchema(JSON.parse(first.toolCalls[1]!.arguments), timeTool, `${provider} get_time arguments`);
      assert.equal(new Set(first.toolCalls.map((call) => call.id)).size, 2, 'distinct tool-call ids');
      assert.ok(first.usage !== undefined && first.usage.prompt_tokens > 0 && first.usage.completion_tokens > 0, 'usage on the last chunk');

      // The image reached the upstream: as bytes the gateway fetched, or as the URL.
      const upstreamBody = JSON.stringify(simulator.requests().at(-1)?.body ?? '');
      if (FETCHES_IMAGES.has(provider)) {
        assert.equal(imageRequests, imagesBefore + 1, 'the gateway fetched the image once');
        assert.ok(upstreamBody.includes(PNG.toString('base64')), 'the upstream got the bytes');
      } else {
        assert.equal(imageRequests, imagesBefore, 'the URL is passed, not fetched');
        assert.ok(upstreamBody.includes(imageUrl), 'the upstream got the URL');
      }

      const history: ChatCompletionMessageParam[] = [
        ...conversation(),
        {
          role: 'assistant',
          content: first.content === '' ? null : first.content,
          tool_calls: first.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
        },
        { role: 'tool', tool_call_id: first.toolCalls[0]!.id, content: JSON.stringify({ temperature_c: 21.5, sky: 'clear' }) },
        { role: 'tool', tool_call_id: first.toolCalls[1]!.id, content: '14:05' },
      ];
      const second = await streamTurn(model, history, {
        tools,
        response_format: { type: 'json_schema', json_schema: { name: 'weather_report', schema: reportSchema, strict: true } },
      });
      assert.equal(second.finishReason, 'stop');
      assert.deepEqual(second.toolCalls, []);
      assertMatchesSchema(JSON.parse(second.content), reportSchema as never, `${provider} JSON answer`);
      assert.ok(second.usage !== undefined && second.usage.prompt_tokens > first.usage!.prompt_tokens, 'the longer conversation counts more input');
      outcomes.set(provider, { first, second });
    });
  }

  test('every provider gave an equivalent answer', () => {
    assert.deepEqual([...outcomes.keys()], [...PROVIDERS], 'every provider completed the conversation');
    const shape = (outcome: { first: CollectedTurn; second: CollectedTurn }) => ({
      toolNames: outcome.first.toolCalls.map((call) => call.name),
      argumentKeys: outcome.first.toolCalls.map((call) => Object.keys(JSON.parse(call.arguments)).sort()),
      finishReasons: [outcome.first.finishReason, outcome.second.finishReason],
      answerKeys: Object.keys(JSON.parse(outcome.second.content)).sort(),
    });
    const reference = shape(outcomes.get('openai')!);
    for (const provider of PROVIDERS) assert.deepEqual(shape(outcomes.get(provider)!), reference, provider);
  });

  test('non-streaming answers match the streamed ones per provider', async () => {
    for (const provider of PROVIDERS) {
      const completion = await client.chat.completions.create({ model: `${provider}/vision`, messages: conversation(), tools });
      const message = completion.choices[0]!.message;
      assert.equal(completion.choices[0]!.finish_reason, 'tool_calls', provider);
      assert.deepEqual(
        message.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : call.type)),
        ['get_weather', 'get_time'],
        provider,
      );
      assert.ok(completion.usage!.prompt_tokens > 0, provider);
    }
  });
});
