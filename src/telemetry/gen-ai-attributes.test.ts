import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { GEN_AI, GEN_AI_OPERATION } from './gen-ai-attributes.js';
import { genAiProviderName } from './gen-ai-provider-name.js';

test('the GenAI attribute names are the installed semantic conventions own', () => {
  assert.deepEqual(GEN_AI, {
    operationName: incubating.ATTR_GEN_AI_OPERATION_NAME,
    providerName: incubating.ATTR_GEN_AI_PROVIDER_NAME,
    requestModel: incubating.ATTR_GEN_AI_REQUEST_MODEL,
    requestMaxTokens: incubating.ATTR_GEN_AI_REQUEST_MAX_TOKENS,
    requestTemperature: incubating.ATTR_GEN_AI_REQUEST_TEMPERATURE,
    requestTopP: incubating.ATTR_GEN_AI_REQUEST_TOP_P,
    responseModel: incubating.ATTR_GEN_AI_RESPONSE_MODEL,
    responseFinishReasons: incubating.ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
    usageInputTokens: incubating.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
    usageOutputTokens: incubating.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  });
  assert.equal(GEN_AI_OPERATION.chat, incubating.GEN_AI_OPERATION_NAME_VALUE_CHAT);
  assert.equal(GEN_AI_OPERATION.embeddings, incubating.GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS);
});

test('provider types map to the well-known gen_ai.provider.name values, others to their own name', () => {
  assert.equal(genAiProviderName('bedrock'), incubating.GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK);
  assert.equal(genAiProviderName('vertex'), incubating.GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI);
  assert.equal(genAiProviderName('gemini'), incubating.GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI);
  assert.equal(genAiProviderName('azure'), incubating.GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI);
  assert.equal(genAiProviderName('mistral'), incubating.GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI);
  assert.equal(genAiProviderName('xai'), incubating.GEN_AI_PROVIDER_NAME_VALUE_X_AI);
  assert.equal(genAiProviderName('openai'), incubating.GEN_AI_PROVIDER_NAME_VALUE_OPENAI);
  assert.equal(genAiProviderName('ollama'), 'ollama');
});
