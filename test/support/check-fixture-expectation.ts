import assert from 'node:assert/strict';
import { collectChatResult } from '../../src/providers/collect-chat-result.js';
import { expandPartStream } from '../../src/providers/expand-part-stream.js';
import type { ChatResponse } from '../../src/providers/provider.js';
import type { ThinkingBlock } from '../../src/spec/chat-request.js';
import type { GatewayError } from '../../src/spec/gateway-error.js';
import { resultToParts } from '../../src/spec/result-to-parts.js';
import type { FinishPart, PartStream, StreamPart } from '../../src/spec/stream-part.js';
import type { Usage } from '../../src/spec/usage.js';
import { assertAdapterError } from './assert-adapter-error.js';
import { assertFixtureToolCalls } from './assert-fixture-tool-calls.js';

/** An adapter's answer, read part by part (raw OpenAI events expanded). */
export interface FixturePartSummary {
  parts: StreamPart[];
  id: string | undefined;
  created: number | undefined;
  content: string;
  reasoning: string;
  refusal: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  thinkingBlocks: ThinkingBlock[];
  finish: FinishPart | undefined;
  usage: Usage | undefined;
  error: GatewayError | undefined;
}

/**
 * Checks what an adapter's chat() resolved to against a fixture's `expect` block, the same way for
 * every provider: a stream for a streaming request and a result otherwise; response-start first;
 * content, reasoning, tool calls (arguments valid JSON), thinking blocks; then either the `error`
 * part that ends the stream, or the finish part followed only by the usage part, with the exact
 * usage (a count the fixture leaves out must be 0); `id`, `created` and `parsed` where the fixture
 * states them. Returns what it read, for the checks that only one provider makes.
 */
export async function checkFixtureExpectation(
  response: ChatResponse,
  expected: Record<string, any>,
  options: {
    provider: string;
    stream: boolean;
    /** The client asked for usage on every chunk (vLLM's `continuous_usage_stats`): usage parts come all along. */
    runningUsage?: boolean;
  },
): Promise<FixturePartSummary> {
  assert.equal(response.kind, options.stream ? 'stream' : 'result', 'streaming requests stream, others are collected');
  const summary = await summarizeParts(response.kind === 'stream' ? response.parts : resultToParts(response.result));
  assert.equal(summary.parts[0]?.type, 'response-start', 'the first part is response-start');
  if (expected.id !== undefined) assert.equal(summary.id, expected.id, 'response id');
  if (expected.created !== undefined) assert.equal(summary.created, expected.created, 'created');
  assert.equal(summary.content, expected.content ?? '', 'content');
  assert.equal(summary.reasoning, expected.reasoning ?? '', 'reasoning');
  assertFixtureToolCalls(summary.toolCalls, expected.tool_calls);
  assert.deepEqual(summary.thinkingBlocks, expected.thinking_blocks ?? [], 'thinking blocks (round-trip state)');
  if (response.kind === 'result') assert.deepEqual(response.result.choices[0]?.thinkingBlocks ?? [], expected.thinking_blocks ?? [], 'the result\'s thinking blocks');
  if (expected.error !== undefined) {
    assertAdapterError(summary.error, expected.error, options.provider);
    assert.equal(summary.parts.at(-1)?.type, 'error', 'the error part ends the stream');
    assert.equal(summary.finish, undefined, 'no finish after a failure');
    return summary;
  }
  assert.equal(summary.error, undefined, 'no error part');
  assert.equal(summary.finish?.reason, expected.finish_reason, 'finish reason');
  const ending = summary.parts.slice(summary.parts.findIndex((part) => part.type === 'finish')).map((part) => part.type);
  if (options.runningUsage === true) {
    assert.ok(ending[0] === 'finish' && ending.length > 1 && ending.slice(1).every((type) => type === 'usage'), `finish, then the last usage, end the stream: ${ending.join(', ')}`);
  } else {
    assert.deepEqual(ending, ['finish', 'usage'], 'finish, then usage, last');
  }
  assert.ok(summary.usage !== undefined && expected.usage !== undefined, 'usage is reported and expected');
  const usage = expected.usage as Record<string, number | undefined>;
  assert.deepEqual(
    {
      prompt_tokens: summary.usage.inputTokens,
      completion_tokens: summary.usage.outputTokens,
      total_tokens: summary.usage.inputTokens + summary.usage.outputTokens,
      cached_tokens: summary.usage.cachedInputTokens,
      cache_write_tokens: summary.usage.cacheWriteInputTokens,
      reasoning_tokens: summary.usage.reasoningTokens,
    },
    {
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      total_tokens: usage.total_tokens,
      cached_tokens: usage.cached_tokens ?? 0,
      cache_write_tokens: usage.cache_write_tokens ?? 0,
      reasoning_tokens: usage.reasoning_tokens ?? 0,
    },
    'usage',
  );
  if (expected.parsed !== undefined) assert.deepEqual(JSON.parse(summary.content), expected.parsed, 'the JSON answer');
  return summary;
}

async function summarizeParts(batches: PartStream): Promise<FixturePartSummary> {
  const received: StreamPart[] = [];
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'batches are never empty');
    received.push(...batch);
  }
  const summary: FixturePartSummary = {
    parts: [],
    id: undefined,
    created: undefined,
    content: '',
    reasoning: '',
    refusal: '',
    toolCalls: [],
    thinkingBlocks: [],
    finish: undefined,
    usage: undefined,
    error: undefined,
  };
  for await (const batch of expandPartStream(once(received))) summary.parts.push(...batch);
  for (const part of summary.parts) {
    if (part.type === 'response-start') {
      summary.id = part.id;
      summary.created = part.created;
    } else if (part.type === 'text-delta') summary.content += part.text;
    else if (part.type === 'reasoning-delta') summary.reasoning += part.text;
    else if (part.type === 'refusal-delta') summary.refusal += part.text;
    else if (part.type === 'tool-call-start') summary.toolCalls[part.index] = { id: part.id, name: part.name, arguments: '' };
    else if (part.type === 'tool-call-delta') summary.toolCalls[part.index]!.arguments += part.argumentsDelta;
    else if (part.type === 'finish') summary.finish = part;
    else if (part.type === 'usage') summary.usage = part.usage;
    else if (part.type === 'error') summary.error = part.error;
  }
  // Thinking blocks as the gateway rebuilds them for clients, from the parts before any failure (collectChatResult throws on one).
  const collected = await collectChatResult(once(summary.parts.filter((part) => part.type !== 'error')), 'fixture');
  summary.thinkingBlocks = collected.choices[0]?.thinkingBlocks ?? [];
  return summary;
}

async function* once(parts: StreamPart[]): PartStream {
  yield parts;
}
