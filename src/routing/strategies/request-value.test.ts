import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../spec/chat-request.js';
import { compileRequestValue } from './request-value.js';

const request = (metadata?: Record<string, unknown>): ChatRequest => ({ model: 'm', messages: [], ...(metadata === undefined ? {} : { metadata }) }) as ChatRequest;

test('header:<name> reads the first non-empty value, whatever case the config used', () => {
  const read = compileRequestValue('header:X-Task');
  assert.equal(read(request(), { 'x-task': 'code' }), 'code');
  assert.equal(read(request(), { 'x-task': ['', 'chat', 'code'] }), 'chat');
  assert.equal(read(request(), { 'x-task': '' }), undefined);
  assert.equal(read(request(), {}), undefined);
  assert.equal(read(request(), undefined), undefined);
});

test('metadata:<key> reads a non-empty string, or a number or boolean as text', () => {
  const read = compileRequestValue('metadata:task');
  assert.equal(read(request({ task: 'code' }), {}), 'code');
  assert.equal(read(request({ task: 7 }), {}), '7');
  assert.equal(read(request({ task: false }), {}), 'false');
  assert.equal(read(request({ task: '' }), {}), undefined);
  assert.equal(read(request({ task: { nested: 1 } }), {}), undefined);
  assert.equal(read(request({ other: 'x' }), {}), undefined);
  assert.equal(read(request(), {}), undefined);
});
