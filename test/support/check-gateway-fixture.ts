import assert from 'node:assert/strict';
import { assertFixtureToolCalls } from './assert-fixture-tool-calls.js';
import { collectOpenAIOutput, type OpenAIOutput } from './collect-openai-output.js';

export interface GatewayFixture {
  /** The provider id the gateway routes `<provider>/<model>` to. */
  provider: string;
  /** The OpenAI request (chat or embeddings); `model` without the provider prefix. */
  request: Record<string, any>;
  expected: Record<string, any>;
  /** The gateway answers with an error status (nothing was streamed), rather than an error event. */
  rejects: boolean;
}

export type GatewayFixtureOutcome =
  | { kind: 'failed' }
  | { kind: 'embeddings'; body: Record<string, any> }
  | { kind: 'chat'; text: string; output: OpenAIOutput };

/**
 * Sends a fixture's request through the whole gateway as an OpenAI client would (asking for usage on
 * streams) and checks what comes back against its `expect` block, the same way for every provider:
 * the error status and envelope (naming the provider), or the error event that ends a stream without
 * [DONE], or content, reasoning_content, tool calls, thinking_blocks, finish reason, usage (a count
 * the fixture leaves out must be 0), `parsed`, and a stream's opening role and closing [DONE].
 * Returns what it read, for the checks that only one provider makes.
 */
export async function checkGatewayFixture(gateway: string, fixture: GatewayFixture): Promise<GatewayFixtureOutcome> {
  const { provider, request, expected } = fixture;
  const isEmbedding = request.input !== undefined;
  const isStream = request.stream === true;
  const body: Record<string, unknown> = { ...request, model: `${provider}/${request.model}` };
  // OpenAI streams carry usage only when asked for.
  if (isStream) body.stream_options = { include_usage: true };
  const response = await fetch(`${gateway}/v1/${isEmbedding ? 'embeddings' : 'chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.headers.get('x-request-id'), 'x-request-id');
  if (fixture.rejects) {
    assert.equal(response.status, expected.error.status, `status (body: ${text})`);
    const error = JSON.parse(text).error as Record<string, unknown>;
    const message = String(error.message);
    assert.equal(error.type, expected.error.type);
    assert.ok(message.includes(expected.error.message_includes), `message "${message}" includes "${expected.error.message_includes}"`);
    assert.ok(message.startsWith(provider), 'the message names the provider');
    if (expected.error.message_excludes !== undefined) assert.ok(!message.includes(expected.error.message_excludes), `message "${message}" leaves out "${expected.error.message_excludes}"`);
    if (expected.error.retry_after_seconds !== undefined) assert.equal(response.headers.get('retry-after'), String(expected.error.retry_after_seconds));
    // Gateway codes (GW_ERR_…) stay in the log; an upstream's own code is what OpenAI clients test for.
    if (expected.error.code !== undefined && !String(expected.error.code).startsWith('GW_ERR_')) assert.equal(error.code, expected.error.code);
    return { kind: 'failed' };
  }
  assert.equal(response.status, 200, text);
  assert.equal(response.headers.get('x-skyroute-provider'), provider);
  assert.equal(response.headers.get('x-skyroute-model'), request.model);
  if (isEmbedding) return { kind: 'embeddings', body: JSON.parse(text) as Record<string, any> };
  const output = collectOpenAIOutput(response.status, response.headers.get('content-type') ?? '', text);
  assert.equal(output.content, expected.content ?? '', 'content');
  assert.equal(output.reasoning, expected.reasoning ?? '', 'reasoning (as reasoning_content)');
  assertFixtureToolCalls(output.toolCalls, expected.tool_calls);
  assert.deepEqual(thinkingBlocksOf(output, isStream), expectedThinkingBlocks(expected.thinking_blocks ?? [], isStream), 'thinking_blocks reach the client');
  if (expected.error !== undefined) {
    assert.ok(output.error, 'an error event ends the stream');
    assert.equal(output.error.type, expected.error.type);
    assert.ok(String(output.error.message).includes(expected.error.message_includes), `message "${String(output.error.message)}" includes "${expected.error.message_includes}"`);
    assert.ok(!text.includes('[DONE]'), 'no [DONE] after an error');
    return { kind: 'failed' };
  }
  assert.equal(output.finishReason, expected.finish_reason, 'finish reason');
  const usage = output.usage as Record<string, any> | undefined;
  assert.ok(usage !== undefined && expected.usage !== undefined, 'usage is reported and expected');
  assert.equal(usage.prompt_tokens, expected.usage.prompt_tokens, 'usage.prompt_tokens');
  assert.equal(usage.completion_tokens, expected.usage.completion_tokens, 'usage.completion_tokens');
  assert.equal(usage.total_tokens, expected.usage.total_tokens, 'usage.total_tokens');
  assert.equal(usage.prompt_tokens_details?.cached_tokens, expected.usage.cached_tokens ?? 0, 'usage.prompt_tokens_details.cached_tokens');
  assert.equal(usage.prompt_tokens_details?.cache_write_tokens ?? 0, expected.usage.cache_write_tokens ?? 0, 'usage.prompt_tokens_details.cache_write_tokens');
  assert.equal(usage.completion_tokens_details?.reasoning_tokens, expected.usage.reasoning_tokens ?? 0, 'usage.completion_tokens_details.reasoning_tokens');
  if (expected.parsed !== undefined) assert.deepEqual(JSON.parse(output.content), expected.parsed, 'the JSON answer');
  if (isStream) {
    assert.equal((output.chunks[0]?.choices as Array<{ delta: { role?: string } }> | undefined)?.[0]?.delta.role, 'assistant', 'the first chunk carries the role');
    assert.ok(text.endsWith('data: [DONE]\n\n'), 'the stream ends with [DONE]');
  }
  return { kind: 'chat', text, output };
}

/** A stream sends a block's text as reasoning_content and the block itself, when it closes, with empty text (docs/reasoning.md). */
function expectedThinkingBlocks(blocks: Array<Record<string, unknown>>, isStream: boolean): unknown[] {
  return isStream ? blocks.map((block) => (block.type === 'thinking' ? { ...block, thinking: '' } : block)) : blocks;
}

/** thinking_blocks as a client gets them: on the message, or on stream deltas. */
function thinkingBlocksOf(output: OpenAIOutput, isStream: boolean): unknown[] {
  if (isStream) {
    return output.chunks.flatMap((chunk) => ((chunk.choices as Array<{ delta?: { thinking_blocks?: unknown[] } }> | undefined) ?? []).flatMap((choice) => choice.delta?.thinking_blocks ?? []));
  }
  return (output.topLevel.choices as Array<{ message: { thinking_blocks?: unknown[] } }> | undefined)?.[0]?.message.thinking_blocks ?? [];
}
