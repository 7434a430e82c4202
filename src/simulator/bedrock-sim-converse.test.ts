import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { decodeEventStreamFrames, type DecodedFrame } from './__fixtures__/decode-event-stream-frames.js';
import { findSchemaViolations } from './__fixtures__/find-schema-violations.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user', content: [{ text: 'Say hello to the gateway.' }] }];
const weatherSchema = { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['C', 'F'] } }, required: ['city'] };
const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: weatherSchema } } }] };
const askWeather = [{ role: 'user', content: [{ text: 'Use the get_weather tool.' }] }];
const thinking = { thinking: { type: 'enabled', budget_tokens: 1024 } };

interface Block { text?: string; toolUse?: { toolUseId: string; name: string; input: unknown }; reasoningContent?: { reasoningText: { text: string; signature: string } } }
interface Converse { output: { message: { role: string; content: Block[] } }; stopReason: string; usage: Record<string, number>; metrics: { latencyMs: number } }

describe('Bedrock Converse wire', () => {
  let sim: RunningSimulator;
  const call = async (model: string, operation: string, body: unknown) => {
    const response = await request(`${sim.baseUrls.bedrock}/model/${encodeURIComponent(model)}/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bedrock-api-key' },
      body: JSON.stringify(body),
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      headers: response.headers,
      json: (type.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : undefined) as Converse,
      frames: type === 'application/vnd.amazon.eventstream' ? decodeEventStreamFrames(bytes) : [],
    };
  };
  const payloads = (frames: DecodedFrame[]) => frames.map((frame) => frame.payload as Record<string, any>);

  before(async () => {
    sim = await startSimulator({
      apiKey: 'bedrock-api-key',
      profiles: { 'anthropic.claude-sim-v1:0': instant, fast: instant, smart: instant, fixed: { ...instant, fixedText: 'one two three four' }, cached: { ...instant, cachedPromptFraction: 0.5 } },
    });
  });
  after(() => sim.close());

  it('answers Converse with output.message, stopReason, usage and metrics; model ids are URL-decoded', async () => {
    const answer = await call('anthropic.claude-sim-v1:0', 'converse', { messages: hello, system: [{ text: 'Be brief.' }], inferenceConfig: { maxTokens: 100, temperature: 0.2 } });
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.equal(answer.json.output.message.role, 'assistant');
    assert.equal(answer.json.output.message.content[0]?.text?.split(' ').length, 32);
    assert.equal(answer.json.stopReason, 'end_turn');
    const { inputTokens, outputTokens, totalTokens } = answer.json.usage;
    assert.equal(outputTokens, 32);
    assert.equal(totalTokens, (inputTokens ?? 0) + 32);
    assert.equal(answer.json.usage.cacheReadInputTokens, undefined, 'cache fields only when the request uses cachePoints');
    assert.equal(typeof answer.json.metrics.latencyMs, 'number');
  });

  it('streams CRC-valid event-stream frames in Bedrock’s order, with the same text', async () => {
    const stream = await call('fast', 'converse-stream', { messages: hello });
    assert.equal(stream.status, 200);
    for (const frame of stream.frames) {
      assert.equal(frame.headers[':message-type'], 'event');
      assert.equal(frame.headers[':content-type'], 'application/json');
      assert.equal(typeof (frame.payload as { p?: unknown }).p, 'string', 'payloads carry Bedrock’s padding field');
    }
    const names = stream.frames.map((frame) => frame.headers[':event-type']);
    assert.deepEqual(names, ['messageStart', ...Array(32).fill('contentBlockDelta'), 'contentBlockStop', 'messageStop', 'metadata']);
    const events = payloads(stream.frames);
    assert.equal(events[0]?.role, 'assistant');
    const text = events.slice(1, 33).map((event) => event.delta.text).join('');
    const whole = await call('fast', 'converse', { messages: hello });
    assert.equal(text, whole.json.output.message.content[0]?.text);
    assert.equal(events.at(-2)?.stopReason, 'end_turn');
    assert.deepEqual(events.at(-1)?.usage, whole.json.usage);
  });

  it('calls tools with toolUse blocks and streams their input', async () => {
    const answer = await call('fast', 'converse', { messages: askWeather, toolConfig });
    assert.equal(answer.json.stopReason, 'tool_use');
    const use = answer.json.output.message.content[0]?.toolUse;
    assert.match(use?.toolUseId ?? '', /^tooluse_[A-Za-z0-9]{22}$/);
    assert.equal(use?.name, 'get_weather');
    assert.deepEqual(findSchemaViolations(use?.input, weatherSchema), []);

    const events = payloads((await call('fast', 'converse-stream', { messages: askWeather, toolConfig })).frames);
    assert.deepEqual(events[1]?.start, { toolUse: { toolUseId: use?.toolUseId, name: 'get_weather' } });
    const input = events.filter((event) => event.delta?.toolUse).map((event) => event.delta.toolUse.input).join('');
    assert.deepEqual(JSON.parse(input), use?.input);

    const result = await call('fast', 'converse', {
      toolConfig,
      messages: [...askWeather, answer.json.output.message, { role: 'user', content: [{ toolResult: { toolUseId: use?.toolUseId, content: [{ json: { sky: 'clear' } }], status: 'success' } }] }],
    });
    assert.match(result.json.output.message.content[0]?.text ?? '', /^Based on the tool result, the get_weather tool returned \{"sky":"clear"\}\./);
    const forced = await call('fast', 'converse', { messages: hello, toolConfig: { ...toolConfig, toolChoice: { tool: { name: 'get_weather' } } } });
    assert.equal(forced.json.output.message.content[0]?.toolUse?.name, 'get_weather');
  });

  it('reasons with signed reasoningContent when additionalModelRequestFields asks, and checks it on the way back', async () => {
    const plain = await call('smart', 'converse', { messages: hello });
    assert.equal(plain.json.output.message.content[0]?.reasoningContent, undefined, 'no reasoning unless asked');
    const ask = { messages: askWeather, toolConfig, inferenceConfig: { maxTokens: 4096 }, additionalModelRequestFields: thinking };
    const answer = await call('smart', 'converse', ask);
    const reasoning = answer.json.output.message.content[0]?.reasoningContent?.reasoningText;
    assert.ok(reasoning?.text && reasoning.signature);
    const events = payloads((await call('smart', 'converse-stream', ask)).frames);
    const deltas = events.filter((event) => event.delta?.reasoningContent);
    assert.equal(deltas.filter((event) => event.delta.reasoningContent.text).map((event) => event.delta.reasoningContent.text).join(''), reasoning.text);
    assert.equal(deltas.at(-1)?.delta.reasoningContent.signature, reasoning.signature);

    const followUp = (content: Block[]) =>
      call('smart', 'converse', {
        ...ask,
        messages: [...askWeather, { role: 'assistant', content }, { role: 'user', content: [{ toolResult: { toolUseId: answer.json.output.message.content[1]?.toolUse?.toolUseId, content: [{ text: 'rain' }] } }] }],
      });
    assert.equal((await followUp(answer.json.output.message.content)).status, 200);
    const dropped = await followUp(answer.json.output.message.content.slice(1));
    assert.equal(dropped.status, 400);
    assert.match(JSON.stringify(dropped.json), /must start with a thinking block/);
    const tampered = await followUp([{ reasoningContent: { reasoningText: { text: `${reasoning.text}!`, signature: reasoning.signature } } }, ...answer.json.output.message.content.slice(1)]);
    assert.match(JSON.stringify(tampered.json), /Invalid `signature`/);
  });

  it('stops at stop sequences and reports cache reads and writes for cachePoints', async () => {
    const stopped = await call('fixed', 'converse', { messages: hello, inferenceConfig: { stopSequences: [' three'] } });
    assert.equal(stopped.json.output.message.content[0]?.text, 'one two');
    assert.equal(stopped.json.stopReason, 'stop_sequence');
    const system = [{ text: 'Rules. '.repeat(800) }, { cachePoint: { type: 'default' } }];
    const usage = (await call('cached', 'converse', { messages: hello, system, inferenceConfig: { maxTokens: 5 } })).json.usage;
    assert.ok((usage.cacheReadInputTokens ?? 0) > 0 && (usage.cacheWriteInputTokens ?? 0) > 0, JSON.stringify(usage));
    assert.equal(usage.totalTokens, (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0));
  });

  it('embeds through InvokeModel in the Titan and Cohere body shapes', async () => {
    const titan = await call('embed', 'invoke', { inputText: 'hello', dimensions: 32, normalize: true });
    const body = titan.json as unknown as { embedding: number[]; embeddingsByType: { float: number[] }; inputTextTokenCount: number };
    assert.equal(body.embedding.length, 32);
    assert.deepEqual(body.embeddingsByType.float, body.embedding);
    assert.ok(body.inputTextTokenCount > 0);
    const cohere = (await call('embed', 'invoke', { texts: ['a', 'b'], input_type: 'search_document' })).json as unknown as { embeddings: number[][]; response_type: string };
    assert.equal(cohere.embeddings.length, 2);
    assert.equal(cohere.response_type, 'embeddings_floats');
    const extra = await call('embed', 'invoke', { inputText: 'x', input: 'x' });
    assert.equal(extra.status, 400);
    assert.match(JSON.stringify(extra.json), /extraneous key \[input\] is not permitted/);
  });
});
