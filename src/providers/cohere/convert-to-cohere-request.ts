import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { outputTokenLimit } from '../shared/output-token-limit.js';
import { providerOptionsFor } from '../shared/provider-options-for.js';
import { REASONING_BUDGETS, reasoningEffortOf } from '../shared/reasoning-budget.js';
import { refuseUnhandledFields } from '../shared/refuse-unhandled-fields.js';
import { stopSequences } from '../shared/stop-sequences.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';
import { convertToCohereMessages } from './convert-to-cohere-messages.js';
import { convertToCohereTools } from './convert-to-cohere-tools.js';

/** Every top-level field this adapter maps (or checks and accepts); the rest are refused. */
const HANDLED = new Set([
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'n',
  'stop',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'logprobs',
  'top_logprobs',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
]);

/**
 * The canonical request → a Cohere `POST /v2/chat` body (docs.cohere.com/reference/chat). Mapping
 * and ranges (docs/providers.md):
 *
 * - `max_tokens` / `max_completion_tokens` → `max_tokens` (optional in Cohere);
 * - `temperature` (OpenAI 0–2) clamped to Cohere's 0–1; `top_p` → `p`, clamped to 0.01–0.99;
 *   `top_k` → `k`; `stop` → `stop_sequences`; `seed` as is;
 * - `frequency_penalty` / `presence_penalty`: Cohere takes 0–1 only; values outside are refused
 *   (a negative penalty, which encourages repetition, has no Cohere equivalent);
 * - `logprobs` → `logprobs`; `top_logprobs` > 0 refused (Cohere returns no alternatives);
 * - `n` > 1 refused; `response_format` json_object → `{type:"json_object"}`, json_schema →
 *   `{type:"json_object", json_schema}` (Cohere always enforces the schema; name/strict are not sent);
 * - `reasoning_effort` → `thinking: {type:"enabled", token_budget}` from the shared budget table,
 *   `none` → `{type:"disabled"}`;
 * - `providerOptions.cohere` (or the provider's id) is merged in last, at the top level.
 */
export function convertToCohereRequest(request: ChatRequest, provider: string, providerType: string): Record<string, unknown> {
  refuseUnhandledFields(request, provider, HANDLED);
  if (typeof request.n === 'number' && request.n > 1) throw unsupportedParameter(provider, 'n', 'Cohere returns one choice per request');
  if (typeof request.top_logprobs === 'number' && request.top_logprobs > 0) {
    throw unsupportedParameter(provider, 'top_logprobs', 'Cohere returns the log probability of each generated token only, without alternatives');
  }
  const body: Record<string, unknown> = { model: request.model, messages: convertToCohereMessages(request.messages, provider) };
  if (request.stream === true) body.stream = true;
  Object.assign(body, convertToCohereTools(request, provider));
  const maxTokens = outputTokenLimit(request);
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (isNumber(request.temperature)) body.temperature = clamp(request.temperature, 0, 1);
  if (isNumber(request.top_p)) body.p = clamp(request.top_p, 0.01, 0.99);
  if (isNumber(request.top_k)) body.k = request.top_k;
  const stop = stopSequences(request);
  if (stop !== undefined) body.stop_sequences = stop;
  if (isNumber(request.seed)) body.seed = request.seed;
  for (const penalty of ['frequency_penalty', 'presence_penalty'] as const) {
    const value = request[penalty];
    if (!isNumber(value)) continue;
    if (value < 0 || value > 1) throw unsupportedParameter(provider, penalty, `Cohere takes values from 0 to 1; got ${value}`);
    body[penalty] = value;
  }
  if (request.logprobs === true) body.logprobs = true;
  const responseFormat = convertResponseFormat(request, provider);
  if (responseFormat !== undefined) body.response_format = responseFormat;
  const effort = reasoningEffortOf(request.reasoning_effort);
  if (effort === 'none') body.thinking = { type: 'disabled' };
  else if (effort !== undefined) body.thinking = { type: 'enabled', token_budget: REASONING_BUDGETS[effort] };
  const extra = providerOptionsFor(request, provider, providerType);
  if (extra !== undefined) Object.assign(body, extra);
  return body;
}

function convertResponseFormat(request: ChatRequest, provider: string): Record<string, unknown> | undefined {
  const format = request.response_format;
  if (format === undefined || format === null || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    return schema === undefined ? { type: 'json_object' } : { type: 'json_object', json_schema: schema };
  }
  throw new GatewayError('GW_ERR_REQUEST_INVALID', `response_format.type must be text, json_object or json_schema; got ${JSON.stringify((format as { type: unknown }).type)}`, {
    param: 'response_format',
    provider,
  });
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
