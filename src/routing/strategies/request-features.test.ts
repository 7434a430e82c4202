import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../spec/chat-request.js';
import { hasImages, hasTools, isJsonMode, lastUserText } from './request-features.js';

const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AA==' } };

test('lastUserText: the last user message, text parts joined, other roles and parts skipped', () => {
  const request: ChatRequest = {
    model: 'm',
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first question' },
      { role: 'user', content: [{ type: 'text', text: 'look at' }, image, { type: 'text', text: 'this chart' }] },
      { role: 'assistant', content: 'an answer' },
    ],
  };
  assert.equal(lastUserText(request), 'look at\nthis chart');
  assert.equal(lastUserText({ model: 'm', messages: [{ role: 'system', content: 'only system' }] }), '');
  assert.equal(lastUserText({ model: 'm', messages: [{ role: 'user', content: null }] }), '');
});

test('hasImages, hasTools, isJsonMode', () => {
  const plain: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
  assert.equal(hasImages(plain), false);
  assert.equal(hasImages({ model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: [image] }] }), true);
  assert.equal(hasTools(plain), false);
  assert.equal(hasTools({ ...plain, tools: [] }), false);
  assert.equal(hasTools({ ...plain, tools: [{ type: 'function', function: { name: 'lookup' } }] }), true);
  assert.equal(isJsonMode(plain), false);
  assert.equal(isJsonMode({ ...plain, response_format: { type: 'text' } }), false);
  assert.equal(isJsonMode({ ...plain, response_format: { type: 'json_object' } }), true);
  assert.equal(isJsonMode({ ...plain, response_format: { type: 'json_schema', json_schema: { name: 'x' } } }), true);
});
