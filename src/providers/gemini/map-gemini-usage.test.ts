import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapGeminiUsage } from './map-gemini-usage.js';

test('prompt includes cached content; thoughts are added to the candidates; tool-use prompt counts as input', () => {
  assert.deepEqual(
    mapGeminiUsage({
      promptTokenCount: 4_000,
      cachedContentTokenCount: 3_000,
      candidatesTokenCount: 200,
      thoughtsTokenCount: 700,
      toolUsePromptTokenCount: 50,
      totalTokenCount: 4_000 + 200 + 700 + 50,
    }),
    { inputTokens: 4_050, outputTokens: 900, cachedInputTokens: 3_000, cacheWriteInputTokens: 0, reasoningTokens: 700 },
  );
});
