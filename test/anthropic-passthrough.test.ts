import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { SIMULATOR_ANTHROPIC_KEY, startTestGateway, type TestGateway } from './support/start-test-gateway.js';

/**
 * The Anthropic SDK → /v1/messages → a `type: anthropic` provider → the simulator's Anthropic wire:
 * what the client put in an Anthropic request must reach the Anthropic upstream unchanged, across a
 * multi-turn tool loop with thinking (signatures exact, thinking first in the assistant turn, tool
 * ids the same, the client's budget rather than a table's) and prompt caching (`cache_control`
 * exactly where the client put it, nowhere else).
 */
const KEY = 'sk-skyroute-anthropic-passthrough-test';
const MODEL = 'sim/thinky';

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const ephemeral = { type: 'ephemeral' as const };

/** Where `cache_control` appears in a body, as paths, with its value. */
function cacheControlPaths(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => cacheControlPaths(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'cache_control' ? [[`${path}.${key}`, child] as [string, unknown]] : cacheControlPaths(child, path === '' ? key : `${path}.${key}`),
  );
}

describe('an Anthropic client through the gateway to an Anthropic upstream', () => {
  let gateway: TestGateway;
  let client: Anthropic;
  before(async () => {
    gateway = await startTestGateway({
      tree: { auth: { keys: [KEY] } },
      profiles: { thinky: { reasoning: true, reasoningTokens: 32, autoToolCallRate: 1, timeToFirstTokenMs: 0 } },
      upstream: 'anthropic',
    });
    client = new Anthropic({ baseURL: gateway.url, apiKey: KEY, maxRetries: 0 });
  });
  after(() => gateway.close());

  const upstreamBodies = (): Record<string, any>[] =>
    gateway.simulator
      .requests()
      .filter((request) => request.path.endsWith('/messages'))
      .map((request) => request.body as Record<string, any>);

  test('a thinking tool loop over three turns: signatures, tool ids, budget and cache_control arrive as the client sent them', async () => {
    gateway.simulator.clearRequests();
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'You are a weather assistant.', cache_control: ephemeral }];
    const params = {
      model: MODEL,
      max_tokens: 4096,
      thinking: { type: 'enabled' as const, budget_tokens: 1536 },
      system,
      tools: [{ ...weatherTool, cache_control: ephemeral }],
    };
    const question: Anthropic.MessageParam = { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?', cache_control: ephemeral }] };

    // Turn 1, streamed: the signature comes as a signature_delta.
    const first = await client.messages.stream({ ...params, messages: [question] }).finalMessage();
    assert.equal(first.stop_reason, 'tool_use');
    const firstThinking = first.content[0];
    assert.ok(firstThinking?.type === 'thinking' && firstThinking.signature.length > 0, JSON.stringify(first.content));
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use');

    // Turn 2: the tool result, itself marked for caching.
    const afterTool: Anthropic.MessageParam[] = [
      question,
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '21°C and sunny', cache_control: ephemeral }] },
    ];
    const second = await client.messages.create({ ...params, messages: afterTool });
    assert.equal(second.stop_reason, 'end_turn');
    const secondThinking = second.content[0];
    assert.ok(secondThinking?.type === 'thinking' && secondThinking.signature.length > 0);

    // Turn 3: a follow-up, with both earlier assistant turns in the history.
    const followUp: Anthropic.MessageParam[] = [...afterTool, { role: 'assistant', content: second.content }, { role: 'user', content: 'And in Rome?' }];
    await client.messages.create({ ...params, messages: followUp });

    const bodies = upstreamBodies();
    assert.equal(bodies.length, 3);
    const [, turn2, turn3] = bodies as [Record<string, any>, Record<string, any>, Record<string, any>];
    for (const body of bodies) {
      assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 1536 }, "the client's budget, not the nearest effort level's");
      assert.equal(body.max_tokens, 4096);
      assert.deepEqual(body.system, system);
    }
    // The assistant turn opens with its thinking block, exactly as the client got it, then the call under the same id.
    assert.deepEqual(turn2.messages[1].content[0], { type: 'thinking', thinking: firstThinking.thinking, signature: firstThinking.signature });
    const sentCall = turn2.messages[1].content.find((block: { type: string }) => block.type === 'tool_use');
    assert.deepEqual(sentCall, { type: 'tool_use', id: call.id, name: call.name, input: call.input });
    assert.deepEqual(turn2.messages[2], { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '21°C and sunny', cache_control: ephemeral }] });
    assert.deepEqual(
      turn3.messages.filter((message: { role: string }) => message.role === 'assistant').map((message: { content: Record<string, unknown>[] }) => message.content[0]),
      [
        { type: 'thinking', thinking: firstThinking.thinking, signature: firstThinking.signature },
        { type: 'thinking', thinking: secondThinking.thinking, signature: secondThinking.signature },
      ],
    );
    // cache_control exactly where the client put it: system, the tool, the question, the tool result.
    const byPath = (pairs: [string, unknown][]) => [...pairs].sort(([a], [b]) => a.localeCompare(b));
    assert.deepEqual(byPath(cacheControlPaths(turn2)), [
      ['messages[0].content[0].cache_control', ephemeral],
      ['messages[2].content[0].cache_control', ephemeral],
      ['system[0].cache_control', ephemeral],
      ['tools[0].cache_control', ephemeral],
    ]);
    // The gateway's own key went upstream, never the client's.
    const headers = gateway.simulator.requests().at(-1)?.headers ?? {};
    assert.equal(headers['x-api-key'], SIMULATOR_ANTHROPIC_KEY);
    assert.equal(headers.authorization, undefined);
  });

  test('the upstream checks what the gateway passes on: a changed signature comes back as its 400', async () => {
    const params = { model: MODEL, max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, tools: [weatherTool] };
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather?' };
    const first = await client.messages.create({ ...params, messages: [question] });
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use');
    const tampered = first.content.map((block) => (block.type === 'thinking' ? { ...block, signature: `${block.signature.slice(0, -4)}AAA=` } : block));
    const result: Anthropic.MessageParam = { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] };
    await assert.rejects(client.messages.create({ ...params, messages: [question, { role: 'assistant', content: tampered }, result] }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError, String(error));
      assert.equal(error.type, 'invalid_request_error');
      assert.match(error.apiMessage ?? '', /Invalid `signature` in `thinking` block/);
      return true;
    });
  });
});
