import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anthropicModelTraits } from './anthropic-model-traits.js';

test('thinking form and sampling rules by model id', () => {
  const table: Array<[string, boolean, boolean]> = [
    // id, adaptive thinking, rejects sampling
    ['claude-3-haiku-20240307', false, false],
    ['claude-3-5-haiku-latest', false, false],
    ['claude-3-7-sonnet-20250219', false, false],
    ['claude-sonnet-4-20250514', false, false],
    ['claude-opus-4-1', false, false],
    ['claude-sonnet-4-5-20250929', false, false],
    ['claude-haiku-4-5@20251001', false, false],
    ['claude-opus-4-6', true, false],
    ['claude-sonnet-4-6', true, false],
    ['claude-opus-4-7', true, true],
    ['claude-opus-4-8', true, true],
    ['claude-sonnet-5', true, true],
    ['claude-opus-5-5', true, true],
    ['claude-fable-5-1', true, true],
    ['us.anthropic.claude-sonnet-5-v1:0', true, true],
    ['claude-mythos-preview', true, true],
    ['my-proxy-alias', false, false],
    ['claude-2.1', false, false],
  ];
  for (const [id, adaptive, rejects] of table) {
    assert.deepEqual(anthropicModelTraits(id), { adaptiveThinking: adaptive, rejectsSamplingParameters: rejects }, id);
  }
});
