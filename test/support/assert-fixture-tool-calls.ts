import assert from 'node:assert/strict';

/** Tool calls (from parts or from what a client received) against `expect.tool_calls`; arguments must be valid JSON. */
export function assertFixtureToolCalls(actual: Array<{ id: string; name: string; arguments: string }>, expected: Array<Record<string, any>> | undefined): void {
  assert.equal(actual.length, expected?.length ?? 0, 'number of tool calls');
  for (const [index, call] of (expected ?? []).entries()) {
    assert.equal(actual[index]!.id, call.id, `tool call ${index} id`);
    assert.equal(actual[index]!.name, call.name, `tool call ${index} name`);
    assert.deepEqual(JSON.parse(actual[index]!.arguments), call.arguments, `tool call ${index} arguments (valid JSON)`);
  }
}
