import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { countInputTokensLocally } from './count-input-tokens-locally.js';

/** One token per character, so each expected count can be read off the request. */
const perCharacter = (text: string): number => text.length;

test('messages, tool calls, images and tool definitions each add their share; earlier reasoning adds nothing', () => {
  const count = countInputTokensLocally(
    {
      model: 'm',
      messages: [
        { role: 'system', content: 'abc' },
        { role: 'user', content: [{ type: 'text', text: 'de' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] },
        { role: 'assistant', content: null, reasoning_content: 'long thoughts', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
    },
    perCharacter,
  );
  const framing = 3 + 4 * 4;
  const text = 3 + 2 + (1 + 2) + 2;
  const image = 1600;
  const tool = JSON.stringify({ name: 'f', parameters: {} }).length;
  assert.equal(count, framing + text + image + tool);
});

test('with the o200k tokenizer, special-token text counts as text', () => {
  const options = { disallowedSpecial: new Set<string>() };
  const count = countInputTokensLocally({ model: 'm', messages: [{ role: 'user', content: 'hello <|endoftext|>' }] }, (text) => countTokens(text, options));
  assert.equal(count, 3 + 4 + countTokens('hello <|endoftext|>', options));
  assert.ok(count > 3 + 4 + 1);
});
