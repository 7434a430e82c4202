import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatMessage, ChatRequest } from '../../spec/chat-request.js';
import type { ChatResult } from '../../spec/chat-result.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { collectChatResult } from '../collect-chat-result.js';
import { anthropicMessageToResult } from './anthropic-message-to-result.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { decodeAnthropicStream } from './decode-anthropic-stream.js';

const OPTIONS = { providerId: 'claude', providerType: 'anthropic', apiVersion: '2023-06-01' };
const convert = (request: Partial<ChatRequest>, options = OPTIONS) =>
  convertToAnthropicRequest({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], ...request } as ChatRequest, options);

function refused(request: Partial<ChatRequest>, param: string, includes?: RegExp, options = OPTIONS): void {
  assert.throws(
    () => convert(request, options),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError, String(error));
      assert.equal(error.status, 400);
      assert.ok(error.message.includes(param), `"${error.message}" names ${param}`);
      assert.ok(error.message.includes('claude'), 'names the provider');
      if (includes !== undefined) assert.match(error.message, includes);
      return true;
    },
  );
}

/** What an OpenAI client sends back for an assistant turn it received (encodeOpenAIResult's message, echoed). */
function assistantTurn(result: ChatResult): ChatMessage {
  const choice = result.choices[0]!;
  const message: ChatMessage = { role: 'assistant', content: choice.content };
  if (choice.reasoning !== undefined) message.reasoning_content = choice.reasoning;
  if (choice.thinkingBlocks !== undefined) message.thinking_blocks = choice.thinkingBlocks;
  if (choice.toolCalls.length > 0) message.tool_calls = choice.toolCalls;
  return JSON.parse(JSON.stringify(message)) as ChatMessage;
}

const ANSWER_BLOCKS = [
  { type: 'thinking', thinking: 'Two cities, two calls.', signature: 'EqQBCgIYAhIMsig==' },
  { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFB' },
  { type: 'text', text: 'Checking both.' },
  { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Lisbon', when: { day: 'today' } } },
  { type: 'tool_use', id: 'toolu_01B', name: 'get_time', input: {} },
];

describe('a tool loop with thinking round-trips exactly', () => {
  const nextTurn = (assistant: ChatMessage) =>
    convert({
      reasoning_effort: 'low',
      messages: [
        { role: 'user', content: 'Weather and time?' },
        assistant,
        { role: 'tool', tool_call_id: 'toolu_01A', content: '18°C' },
        { role: 'tool', tool_call_id: 'toolu_01B', content: '12:00', is_error: false },
      ],
    });

  test('from a non-streaming answer', () => {
    const result = anthropicMessageToResult({ id: 'msg_1', model: 'claude-sonnet-4-5', content: ANSWER_BLOCKS, stop_reason: 'tool_use', usage: {} }, 'claude', 'm');
    const body = nextTurn(assistantTurn(result));
    assert.deepEqual(body.messages[1], { role: 'assistant', content: ANSWER_BLOCKS });
    assert.deepEqual(body.messages[2], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C' },
        { type: 'tool_result', tool_use_id: 'toolu_01B', content: '12:00' },
      ],
    });
  });

  test('from a streamed answer', async () => {
    const events: Array<[string, unknown]> = [['message_start', { type: 'message_start', message: { id: 'msg_2', model: 'claude-sonnet-4-5', content: [], usage: {} } }]];
    for (const [index, block] of ANSWER_BLOCKS.entries()) {
      const empty = block.type === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : block.type === 'text' ? { type: 'text', text: '' } : block.type === 'tool_use' ? { ...block, input: {} } : block;
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: empty }]);
      const deltas =
        block.type === 'thinking'
          ? [{ type: 'thinking_delta', thinking: 'Two cities,' }, { type: 'thinking_delta', thinking: ' two calls.' }, { type: 'signature_delta', signature: block.signature }]
          : block.type === 'text'
            ? [{ type: 'text_delta', text: block.text }]
            : block.type === 'tool_use'
              ? [{ type: 'input_json_delta', partial_json: '' }, ...splitJson(JSON.stringify(block.input))]
              : [];
      for (const delta of deltas) events.push(['content_block_delta', { type: 'content_block_delta', index, delta }]);
      events.push(['content_block_stop', { type: 'content_block_stop', index }]);
    }
    events.push(['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 40 } }], ['message_stop', { type: 'message_stop' }]);
    const bytes = Buffer.from(events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join(''));
    async function* body(): AsyncGenerator<Buffer> {
      yield bytes;
    }
    const result = await collectChatResult(decodeAnthropicStream(body(), { provider: 'claude', fallbackModel: 'm' }), 'm');
    const next = nextTurn(assistantTurn(result));
    assert.deepEqual(next.messages[1], { role: 'assistant', content: ANSWER_BLOCKS });
  });
});

function splitJson(text: string): Array<{ type: string; partial_json: string }> {
  const middle = Math.floor(text.length / 2);
  return text === '{}' ? [] : [{ type: 'input_json_delta', partial_json: text.slice(0, middle) }, { type: 'input_json_delta', partial_json: text.slice(middle) }];
}

describe('messages', () => {
  test('consecutive messages of one role merge; empty ones are skipped; tool results come first in their user turn', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }] },
        { role: 'assistant', content: 'three' },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call.9:x', type: 'function', function: { name: 'f', arguments: '' } }] },
        { role: 'tool', tool_call_id: 'call.9:x', content: [{ type: 'text', text: 'done' }, { type: 'image_url', image_url: 'https://example.com/a.png' }] },
        { role: 'user', content: 'four' },
      ],
    });
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'three' }, { type: 'tool_use', id: 'call_9_x', name: 'f', input: {} }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_9_x', content: [{ type: 'text', text: 'done' }, { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] },
          { type: 'text', text: 'four' },
        ],
      },
    ]);
  });

  test('unsigned reasoning is not sent (Anthropic verifies signatures); a message-level cache_control marks the last block', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'a',
          reasoning_content: 'from another provider',
          thinking_blocks: [{ type: 'thinking', thinking: 'no signature' }],
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
          cache_control: { type: 'ephemeral' },
        },
      ],
    });
    assert.deepEqual(body.messages[1], {
      role: 'assistant',
      content: [
        { type: 'text', text: 'a' },
        { type: 'tool_use', id: 'toolu_1', name: 'f', input: { x: 1 }, cache_control: { type: 'ephemeral' } },
      ],
    });
  });

  test('files: a PDF data URL becomes a document; an OpenAI file_id is refused', () => {
    const body = convert({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'a.pdf' } }] }] });
    assert.deepEqual(body.messages[0]!.content, [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'a.pdf' }]);
    refused({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] }, 'file_id');
  });

  test('unsupported content and message fields are refused, naming them', () => {
    refused({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] }] }, 'input_audio');
    refused({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }] }] }, 'image/bmp');
    refused({ messages: [{ role: 'user', content: 'hi', name: 'alice' }] }, 'messages[0].name', /participant names/);
    refused({ messages: [{ role: 'function', content: 'x', name: 'f' }] }, '"function"');
    refused({ messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] }, 'system');
  });
});

describe('tools and tool_choice', () => {
  const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }];
  const choice = (request: Partial<ChatRequest>) => convert({ tools, ...request }).tool_choice;

  test('every tool_choice form, with parallel_tool_calls: false', () => {
    assert.equal(choice({}), undefined);
    assert.deepEqual(choice({ tool_choice: 'auto' }), { type: 'auto' });
    assert.deepEqual(choice({ tool_choice: 'none' }), { type: 'none' });
    assert.deepEqual(choice({ tool_choice: 'required' }), { type: 'any' });
    assert.deepEqual(choice({ tool_choice: { type: 'function', function: { name: 'f' } } }), { type: 'tool', name: 'f' });
    assert.deepEqual(choice({ parallel_tool_calls: false }), { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(choice({ tool_choice: 'required', parallel_tool_calls: false }), { type: 'any', disable_parallel_tool_use: true });
    assert.deepEqual(choice({ tool_choice: { type: 'function', function: { name: 'f' } }, parallel_tool_calls: false }), {
      type: 'tool',
      name: 'f',
      disable_parallel_tool_use: true,
    });
    assert.deepEqual(choice({ tool_choice: 'none', parallel_tool_calls: false }), { type: 'none' });
    assert.deepEqual(choice({ parallel_tool_calls: true }), undefined);
  });

  test('without tools, "auto" and "none" have nothing to choose from and are left out', () => {
    assert.equal(convert({ tool_choice: 'none' }).tool_choice, undefined);
    assert.equal(convert({ tool_choice: 'auto', parallel_tool_calls: false }).tool_choice, undefined);
  });

  test('a tool without parameters gets an empty object schema', () => {
    assert.deepEqual(convert({ tools: [{ type: 'function', function: { name: 'now' } }] }).tools, [{ name: 'now', input_schema: { type: 'object', properties: {} } }]);
  });

  test('a forced tool with thinking on is refused', () => {
    refused({ tools, tool_choice: 'required', reasoning_effort: 'low' }, 'tool_choice', /thinking/);
  });
});

describe('generation settings', () => {
  test('max_tokens: the client cap, else 4096 (+ the thinking budget)', () => {
    assert.equal(convert({}).max_tokens, 4096);
    assert.equal(convert({ max_tokens: 100 }).max_tokens, 100);
    assert.equal(convert({ max_tokens: 100, max_completion_tokens: 200 }).max_tokens, 200);
    assert.deepEqual(convert({ reasoning_effort: 'high' }).thinking, { type: 'enabled', budget_tokens: 24576 });
    assert.equal(convert({ reasoning_effort: 'high' }).max_tokens, 4096 + 24576);
    const capped = convert({ reasoning_effort: 'high', max_tokens: 3000 });
    assert.deepEqual([capped.max_tokens, capped.thinking], [3000, { type: 'enabled', budget_tokens: 2999 }]);
    refused({ reasoning_effort: 'low', max_tokens: 1000 }, 'reasoning_effort', /1024/);
    assert.equal(convert({ reasoning_effort: 'none' }).thinking, undefined);
  });

  test('adaptive models take an effort instead of a budget', () => {
    const body = convert({ model: 'claude-opus-4-7', reasoning_effort: 'minimal' });
    assert.deepEqual([body.thinking, body.output_config], [{ type: 'adaptive' }, { effort: 'low' }]);
  });

  test('temperature is clamped to 0–1; top_p, top_k, stop and user map', () => {
    const body = convert({ temperature: 1.8, top_p: 0.5, top_k: 40, stop: ['END', 'STOP'], user: 'u-1' });
    assert.deepEqual(
      [body.temperature, body.top_p, body.top_k, body.stop_sequences, body.metadata],
      [1, 0.5, 40, ['END', 'STOP'], { user_id: 'u-1' }],
    );
    assert.equal(convert({ temperature: -1 }).temperature, 0);
  });

  test('with thinking on: temperature only at its default, top_p within [0.95, 1], no top_k', () => {
    const body = convert({ reasoning_effort: 'low', temperature: 1.5, top_p: 0.97 });
    assert.deepEqual([body.temperature, body.top_p], [undefined, 0.97]);
    refused({ reasoning_effort: 'low', temperature: 0.2 }, 'temperature', /thinking/);
    refused({ reasoning_effort: 'low', top_p: 0.9 }, 'top_p', /0\.95/);
    refused({ reasoning_effort: 'low', top_k: 5 }, 'top_k');
  });

  test('Claude 4.7+ and anthropic-version 2026-10-21 take only default sampling', () => {
    const body = convert({ model: 'claude-opus-4-7', temperature: 1, top_p: 1 });
    assert.deepEqual([body.temperature, body.top_p], [undefined, undefined]);
    refused({ model: 'claude-sonnet-5', temperature: 0.3 }, 'temperature', /claude-sonnet-5/);
    refused({ model: 'claude-opus-5', top_k: 3 }, 'top_k');
    refused({ temperature: 0.3 }, 'temperature', /anthropic-version 2026-10-21/, { ...OPTIONS, apiVersion: '2026-10-21' });
    assert.equal(convert({ temperature: 0.3 }).temperature, 0.3);
  });

  test('json_schema maps to output_config.format; json_object is refused with advice', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    assert.deepEqual(convert({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }).output_config, { format: { type: 'json_schema', schema } });
    assert.equal(convert({ response_format: { type: 'text' } }).output_config, undefined);
    refused({ response_format: { type: 'json_object' } }, 'response_format', /json_schema/);
  });

  test('fields Anthropic lacks are refused when set, accepted at their defaults', () => {
    refused({ n: 2 }, 'n');
    refused({ logprobs: true }, 'logprobs');
    refused({ top_logprobs: 3 }, 'top_logprobs');
    refused({ seed: 7 }, 'seed');
    refused({ presence_penalty: 0.5 }, 'presence_penalty');
    refused({ frequency_penalty: -1 }, 'frequency_penalty');
    refused({ logit_bias: { '50256': -100 } }, 'logit_bias');
    refused({ verbosity: 'low' }, 'verbosity');
    const body = convert({ n: 1, logprobs: false, presence_penalty: 0, frequency_penalty: 0, logit_bias: {}, seed: null, stream_options: { include_usage: true }, store: false });
    assert.deepEqual(Object.keys(body).sort(), ['max_tokens', 'messages', 'model']);
  });

  test('providerOptions merge at top level, the provider id over the type', () => {
    const body = convert({ providerOptions: { anthropic: { top_k: 5, cache_control: { type: 'ephemeral' } }, claude: { service_tier: 'standard_only' } } });
    assert.equal(body.service_tier, 'standard_only');
    assert.equal(body.top_k, undefined);
    assert.deepEqual(convert({ providerOptions: { anthropic: { top_k: 5 } } }).top_k, 5);
  });
});
