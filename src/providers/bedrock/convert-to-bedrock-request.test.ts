import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage, ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { ImageFetcher } from '../../upstream/fetch-image.js';
import { bedrockToolCallId } from './bedrock-tool-call-id.js';
import { convertToBedrockRequest } from './convert-to-bedrock-request.js';

const CLAUDE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const NOVA = 'us.amazon.nova-pro-v1:0';
const noFetch: ImageFetcher = async (url) => {
  throw new Error(`unexpected fetch of ${url}`);
};

function convert(request: Partial<ChatRequest>, fetchImage: ImageFetcher = noFetch) {
  return convertToBedrockRequest({ model: CLAUDE, messages: [{ role: 'user', content: 'hi' }], ...request } as ChatRequest, {
    providerId: 'bedrock',
    fetchImage,
    cancellation: new Cancellation(),
  });
}

async function refusal(request: Partial<ChatRequest>): Promise<GatewayError> {
  const error = await convert(request).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof GatewayError, `refused with a GatewayError, got ${String(error)}`);
  assert.equal(error.status, 400);
  return error;
}

const weather = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

test('a tool loop: remapped ids agree between toolUse and toolResult, on every turn', async () => {
  const foreign = 'call.Gemini+sig/abc==';
  const history: ChatMessage[] = [
    { role: 'user', content: 'weather?' },
    { role: 'assistant', content: '', tool_calls: [{ id: foreign, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
    { role: 'tool', tool_call_id: foreign, content: 'rain' },
  ];
  const first = await convert({ messages: history, tools: [weather] });
  const second = await convert({ messages: history, tools: [weather] });
  const messages = first.body.messages as Array<{ role: string; content: Array<Record<string, any>> }>;
  const useId = messages[1]!.content[0]!.toolUse.toolUseId as string;
  const resultId = messages[2]!.content[0]!.toolResult.toolUseId as string;
  assert.match(useId, /^[a-zA-Z0-9_-]{1,64}$/, 'Bedrock accepts the remapped id');
  assert.notEqual(useId, foreign);
  assert.equal(resultId, useId, 'the result answers the same id');
  assert.deepEqual(second.body, first.body, 'deterministic across turns');
  assert.deepEqual(messages[1]!.content, [{ toolUse: { toolUseId: useId, name: 'get_weather', input: { city: 'Oslo' } } }], 'empty assistant text is left out');
  assert.equal(bedrockToolCallId('tooluse_abc-DEF_123'), 'tooluse_abc-DEF_123', 'valid ids pass unchanged');
  assert.equal(bedrockToolCallId('x'.repeat(65)).length <= 64, true, 'over-long ids are shortened');
  assert.notEqual(bedrockToolCallId('a.b'), bedrockToolCallId('a:b'), 'different ids stay different');
});

test('consecutive roles merge: tool results and the next user words form one user message; system and developer are hoisted in order', async () => {
  const { body } = await convert({
    tools: [weather],
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'a' },
      { role: 'user', content: [{ type: 'text', text: 'b' }] },
      { role: 'assistant', content: 'ok', tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }, { id: 't2', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't1', content: 'sun' },
      { role: 'tool', tool_call_id: 't2', content: [{ type: 'text', text: 'failed' }], is_error: true },
      { role: 'developer', content: 'Use metric units.' },
      { role: 'user', content: 'thanks' },
    ],
  });
  assert.deepEqual(body.system, [{ text: 'Be brief.' }, { text: 'Use metric units.' }]);
  assert.deepEqual(body.messages, [
    { role: 'user', content: [{ text: 'a' }, { text: 'b' }] },
    {
      role: 'assistant',
      content: [{ text: 'ok' }, { toolUse: { toolUseId: 't1', name: 'get_weather', input: {} } }, { toolUse: { toolUseId: 't2', name: 'get_weather', input: {} } }],
    },
    {
      role: 'user',
      content: [
        { toolResult: { toolUseId: 't1', content: [{ text: 'sun' }] } },
        { toolResult: { toolUseId: 't2', content: [{ text: 'failed' }], status: 'error' } },
        { text: 'thanks' },
      ],
    },
  ]);
});

test('thinking blocks go first in the assistant content, exactly; reasoning_content is not sent', async () => {
  const { body } = await convert({
    messages: [
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: 'a',
        reasoning_content: 'thought',
        thinking_blocks: [
          { type: 'thinking', thinking: 'thought', signature: 'sig==' },
          { type: 'redacted_thinking', data: 'opaque==' },
        ],
      },
      { role: 'user', content: 'q2' },
    ],
  });
  assert.deepEqual((body.messages as Array<{ content: unknown[] }>)[1]!.content, [
    { reasoningContent: { reasoningText: { text: 'thought', signature: 'sig==' } } },
    { reasoningContent: { redactedContent: 'opaque==' } },
    { text: 'a' },
  ]);
});

test('images: data URLs in place, http(s) URLs fetched, formats checked', async () => {
  const fetched: string[] = [];
  const fetchImage: ImageFetcher = async (url) => {
    fetched.push(url);
    return { mediaType: 'image/jpeg', base64: '/9j/AAAA' };
  };
  const { body } = await convert(
    {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } },
            { type: 'text', text: 'compare' },
          ],
        },
      ],
    },
    fetchImage,
  );
  assert.deepEqual(fetched, ['https://example.com/cat.jpg']);
  assert.deepEqual((body.messages as Array<{ content: unknown[] }>)[0]!.content, [
    { image: { format: 'jpeg', source: { bytes: '/9j/AAAA' } } },
    { image: { format: 'webp', source: { bytes: 'UklGRg==' } } },
    { text: 'compare' },
  ]);
  const error = await refusal({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }] }] });
  assert.equal(error.code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  assert.match(error.message, /image\/bmp/);
});

test('cache_control: on a part, on a message and on a tool → cachePoint blocks after them', async () => {
  const { body } = await convert({
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'long policy', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      { role: 'user', content: 'doc', cache_control: { type: 'ephemeral' } },
    ],
    tools: [{ ...weather, cache_control: { type: 'ephemeral' } }],
  });
  assert.deepEqual(body.system, [{ text: 'long policy' }, { cachePoint: { type: 'default', ttl: '1h' } }]);
  assert.deepEqual((body.messages as Array<{ content: unknown[] }>)[0]!.content, [{ text: 'doc' }, { cachePoint: { type: 'default' } }]);
  assert.deepEqual((body.toolConfig as { tools: unknown[] }).tools.at(-1), { cachePoint: { type: 'default' } });
});

test('tool_choice: auto, required → any, named → tool; none leaves the tools out when the history has no tool blocks', async () => {
  const choice = async (tool_choice: ChatRequest['tool_choice']) => ((await convert({ tools: [weather], tool_choice })).body.toolConfig as Record<string, unknown> | undefined)?.toolChoice;
  assert.deepEqual(await choice('auto'), { auto: {} });
  assert.deepEqual(await choice('required'), { any: {} });
  assert.deepEqual(await choice({ type: 'function', function: { name: 'get_weather' } }), { tool: { name: 'get_weather' } });
  assert.equal((await convert({ tools: [weather], tool_choice: 'none' })).body.toolConfig, undefined);
  const strict = await convert({ tools: [{ type: 'function', function: { ...weather.function, strict: true } }] });
  assert.equal(((strict.body.toolConfig as { tools: Array<{ toolSpec: Record<string, unknown> }> }).tools[0]!.toolSpec).strict, true);
});

test('refusals name the field: none with tool history, tool history without tools, n, seed, unknown fields, legacy roles', async () => {
  const history: ChatMessage[] = [
    { role: 'user', content: 'q' },
    { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 't1', content: 'sun' },
  ];
  assert.equal((await refusal({ messages: history, tools: [weather], tool_choice: 'none' })).param, 'tool_choice');
  assert.equal((await refusal({ messages: history })).param, 'tools');
  assert.equal((await refusal({ n: 2 })).param, 'n');
  assert.equal((await refusal({ seed: 7 })).param, 'seed');
  assert.equal((await refusal({ presence_penalty: 0.5 })).param, 'presence_penalty');
  assert.equal((await refusal({ logit_bias: { '1': 2 } })).param, 'logit_bias');
  assert.equal((await refusal({ modalities: ['audio'] } as Partial<ChatRequest>)).param, 'modalities');
  assert.equal((await refusal({ messages: [{ role: 'function', content: 'x', name: 'f' }] })).code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  assert.equal((await refusal({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] })).code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  // Neutral values change nothing and are accepted.
  await convert({ n: 1, logprobs: false, presence_penalty: 0, frequency_penalty: 0, parallel_tool_calls: false, user: 'u1' });
});

test('temperature: clamped to 0–1 for Claude, sent as given for other models', async () => {
  assert.equal(((await convert({ temperature: 1.8 })).body.inferenceConfig as Record<string, unknown>).temperature, 1);
  assert.equal(((await convert({ model: NOVA, temperature: 1.8 })).body.inferenceConfig as Record<string, unknown>).temperature, 1.8);
});

test('reasoning_effort and top_k: Claude-native fields; other families are refused with a pointer to providerOptions', async () => {
  const defaulted = await convert({ reasoning_effort: 'high' });
  assert.deepEqual(defaulted.body.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 24576 } });
  assert.equal((defaulted.body.inferenceConfig as Record<string, unknown>).maxTokens, 24576 + 4096, 'room for the answer after the budget');
  const capped = await convert({ reasoning_effort: 'high', max_completion_tokens: 5000, top_k: 40 });
  assert.deepEqual(capped.body.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 4999 }, top_k: 40 });
  assert.equal((capped.body.inferenceConfig as Record<string, unknown>).maxTokens, 5000, 'the client\'s limit covers thinking and answer');
  assert.equal((await convert({ reasoning_effort: 'none' })).body.additionalModelRequestFields, undefined);
  assert.equal((await refusal({ reasoning_effort: 'low', max_tokens: 500 })).param, 'max_tokens');
  const nova = await refusal({ model: NOVA, reasoning_effort: 'low' });
  assert.equal(nova.param, 'reasoning_effort');
  assert.match(nova.message, /providerOptions\.bedrock\.additionalModelRequestFields/);
  assert.equal((await refusal({ model: NOVA, top_k: 5 })).param, 'top_k');
  assert.equal((await refusal({ reasoning_effort: 'extreme' })).param, 'reasoning_effort');
});

test('response_format: json_schema → outputConfig; json_object → forced tool, refused beside tools or thinking', async () => {
  const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
  const structured = await convert({ response_format: { type: 'json_schema', json_schema: { name: 'thing', schema, description: 'A thing' } } });
  assert.deepEqual(structured.body.outputConfig, {
    textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'thing', description: 'A thing' } } },
  });
  assert.equal(structured.jsonTool, undefined);
  const json = await convert({ response_format: { type: 'json_object' } });
  assert.equal(json.jsonTool, 'json_response');
  assert.deepEqual((json.body.toolConfig as Record<string, unknown>).toolChoice, { any: {} });
  assert.equal((await refusal({ response_format: { type: 'json_object' }, tools: [weather] })).param, 'response_format');
  assert.equal((await refusal({ response_format: { type: 'json_object' }, reasoning_effort: 'low' })).param, 'response_format');
  assert.equal((await refusal({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } })).code, 'GW_ERR_REQUEST_INVALID');
});

test('providerOptions.bedrock merge at the top level, objects one level deep', async () => {
  const { body } = await convert({
    reasoning_effort: 'low',
    providerOptions: {
      bedrock: {
        additionalModelRequestFields: { anthropic_beta: ['context-1m-2025-08-07'] },
        guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '1' },
        performanceConfig: { latency: 'optimized' },
      },
    },
  });
  assert.deepEqual(body.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 }, anthropic_beta: ['context-1m-2025-08-07'] });
  assert.deepEqual(body.guardrailConfig, { guardrailIdentifier: 'gr-1', guardrailVersion: '1' });
  assert.deepEqual(body.performanceConfig, { latency: 'optimized' });
});

test('a refused request does not leave image fetches as unhandled rejections', async () => {
  let release: () => void = () => {};
  const fetchImage: ImageFetcher = () =>
    new Promise((_, reject) => {
      release = () => reject(new Error('fetch failed late'));
    });
  const error = await convert(
    {
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
        { role: 'user', content: [{ type: 'input_audio', input_audio: {} }] },
      ],
    },
    fetchImage,
  ).then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof GatewayError);
  const unhandled: unknown[] = [];
  const listener = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', listener);
  release();
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', listener);
  assert.deepEqual(unhandled, []);
});
