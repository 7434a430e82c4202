import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatMessage, ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { convertToOpenAICompatibleRequest, nineCharacterId } from './convert-to-openai-compatible-request.js';
import { COMPATIBLE_SERVICES } from './openai-compatible-services.js';

const base: ChatRequest = { model: 'group-name', messages: [{ role: 'user', content: 'hi' }] };

function convert(request: ChatRequest, type: keyof typeof COMPATIBLE_SERVICES, providerId: string = type) {
  return convertToOpenAICompatibleRequest(request, { upstreamModel: 'upstream-model', providerId, providerType: type, service: COMPATIBLE_SERVICES[type] });
}

test('the upstream model replaces the group name; unknown fields pass; the gateway fields do not', () => {
  const body = convert({ ...base, vendor_field: { a: 1 }, skyroute: { strategy: 'cost' }, providerOptions: { other: { x: 1 } } } as ChatRequest, 'openai');
  assert.equal(body.model, 'upstream-model');
  assert.deepEqual(body.vendor_field, { a: 1 });
  assert.equal('skyroute' in body, false);
  assert.equal('providerOptions' in body, false);
  assert.equal('x' in body, false, "another provider's options are not merged");
});

test('streams always ask for usage, keeping what the client put in stream_options', () => {
  const body = convert({ ...base, stream: true, stream_options: { include_usage: false, other: 1 } }, 'openai');
  assert.deepEqual(body.stream_options, { include_usage: true, other: 1 });
  assert.equal(convert({ ...base, stream: false }, 'openai').stream_options, undefined);
  assert.equal(convert({ ...base, stream: true }, 'mistral').stream_options, undefined, 'Mistral rejects stream_options and sends usage anyway');
});

test('providerOptions for this provider (by id or by type) are merged into the body', () => {
  assert.equal(convert({ ...base, providerOptions: { groq: { reasoning_format: 'parsed' } } }, 'groq').reasoning_format, 'parsed');
  assert.equal(convert({ ...base, providerOptions: { fastgroq: { service_tier: 'flex' } } }, 'groq', 'fastgroq').service_tier, 'flex');
});

test('Groq refuses n > 1 and logprobs with a 400 that names the parameter and the model', () => {
  for (const [field, value] of [['n', 2], ['logprobs', true], ['logit_bias', { '1': 1 }]] as const) {
    assert.throws(() => convert({ ...base, [field]: value }, 'groq'), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.code, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER');
      assert.equal(error.status, 400);
      assert.equal(error.param, field);
      assert.match(error.message, new RegExp(`^${field}: groq/upstream-model cannot take it`));
      return true;
    });
  }
  assert.doesNotThrow(() => convert({ ...base, n: 1, logprobs: false }, 'groq'));
});

test('Mistral: 9-character tool-call ids, deterministic across turns; max_completion_tokens and seed renamed', () => {
  const request: ChatRequest = {
    ...base,
    max_completion_tokens: 100,
    seed: 5,
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc123def456', type: 'function', function: { name: 'w', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_abc123def456', content: 'sunny' },
    ],
  };
  const body = convert(request, 'mistral');
  const messages = body.messages as Array<Record<string, any>>;
  const id = messages[1]!.tool_calls[0].id as string;
  assert.match(id, /^[a-zA-Z0-9]{9}$/);
  assert.equal(messages[2]!.tool_call_id, id, 'the tool result points at the same id');
  assert.equal((convert(request, 'mistral').messages as Array<Record<string, any>>)[1]!.tool_calls[0].id, id, 'same id on the next turn');
  assert.equal(nineCharacterId('abcDEF123'), 'abcDEF123', 'a valid id is kept');
  assert.equal(body.max_tokens, 100);
  assert.equal('max_completion_tokens' in body, false);
  assert.equal(body.random_seed, 5);
  assert.equal('seed' in body, false);
  assert.equal(request.messages[1]!.tool_calls![0]!.id, 'call_abc123def456', 'the client request is not mutated');
});

test('reasoning_content in the history goes to providers that take it and is removed for the others', () => {
  const request: ChatRequest = { ...base, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a', reasoning_content: 'because' }, { role: 'user', content: 'q2' }] };
  assert.equal((convert(request, 'deepseek').messages as Array<Record<string, unknown>>)[1]!.reasoning_content, 'because');
  assert.equal('reasoning_content' in (convert(request, 'openai').messages as Array<Record<string, unknown>>)[1]!, false);
  assert.equal(request.messages[1]!.reasoning_content, 'because', 'the client request is not mutated');
});

test('thinking_blocks and is_error never reach an OpenAI-format server; cache_control only where the service takes it', () => {
  const request: ChatRequest = {
    model: 'm',
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'long prompt', cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: 'q', cache_control: { type: 'ephemeral' } },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'why',
        thinking_blocks: [{ type: 'thinking', thinking: 'why', signature: 's' }],
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'boom', is_error: true },
    ],
    tools: [{ type: 'function', function: { name: 'f' }, cache_control: { type: 'ephemeral' } }],
  };
  for (const type of ['openai', 'deepseek', 'vllm'] as const) {
    const body = convert(request, type);
    const text = JSON.stringify(body);
    assert.doesNotMatch(text, /thinking_blocks|is_error|cache_control/, type);
    assert.equal((body.messages as ChatMessage[])[0]?.content?.[0]?.['text' as never], 'long prompt');
  }
  assert.equal((convert(request, 'deepseek').messages as ChatMessage[])[2]?.reasoning_content, 'why', 'DeepSeek keeps reasoning history');
  const openrouter = JSON.stringify(convert(request, 'openrouter'));
  assert.match(openrouter, /cache_control/);
  assert.doesNotMatch(openrouter, /thinking_blocks|is_error/);
  assert.equal(convert(base, 'openai').messages, base.messages, 'a plain conversation is not copied');
});

test('tool-call ids over 40 characters (Gemini ids carry signatures) are shortened the same way in the call and its result', () => {
  const long = `call_1~ts~${'A'.repeat(300)}`;
  const request: ChatRequest = {
    model: 'm',
    messages: [
      { role: 'assistant', content: null, tool_calls: [{ id: long, type: 'function', function: { name: 'f', arguments: '{}' } }, { id: 'call_short', type: 'function', function: { name: 'g', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: long, content: 'ok' },
      { role: 'tool', tool_call_id: 'call_short', content: 'ok' },
    ],
  };
  const messages = convert(request, 'openai').messages as ChatMessage[];
  const shortened = messages[0]?.tool_calls?.[0]?.id ?? '';
  assert.ok(shortened.length <= 40 && shortened !== long);
  assert.equal(messages[1]?.tool_call_id, shortened);
  assert.equal(messages[0]?.tool_calls?.[1]?.id, 'call_short');
  assert.equal(messages[2]?.tool_call_id, 'call_short');
  assert.equal((convert(request, 'openai').messages as ChatMessage[])[1]?.tool_call_id, shortened, 'deterministic across turns');
});
