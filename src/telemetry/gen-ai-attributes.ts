/**
 * The GenAI semantic-convention attribute names the attempt spans carry, as of
 * @opentelemetry/semantic-conventions 1.45 (its `incubating` entry point). Copied rather than imported,
 * as OpenTelemetry advises for incubating names: a minor release of that package may rename them, and
 * gen-ai-attributes.test.ts then fails instead of our spans silently changing. 1.45 names the provider
 * `gen_ai.provider.name` (`gen_ai.system` is its deprecated predecessor, not sent).
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
} as const;

/** gen_ai.operation.name values. */
export const GEN_AI_OPERATION = { chat: 'chat', embeddings: 'embeddings' } as const;
