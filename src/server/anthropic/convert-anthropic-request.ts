import type { CacheControl, ChatMessage, ChatRequest } from '../../spec/chat-request.js';
import type { AnthropicContentBlock, AnthropicRequest } from './anthropic-request-schema.js';
import { partsOrText, textPart } from './convert-anthropic-content.js';
import { convertAnthropicMessages } from './convert-anthropic-messages.js';
import { convertAnthropicToolChoice, convertAnthropicTools } from './convert-anthropic-tools.js';
import { mapAnthropicThinking } from './map-anthropic-thinking.js';
import { refuseAnthropicField } from './refuse-anthropic-field.js';

/** Top-level fields the conversion maps. */
const MAPPED = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'output_config', 'output_format', 'cache_control',
]);

/** Fields that never change what a model answers (capacity tier, delivery speed, cache diagnostics): accepted and left out. */
const HARMLESS = new Set(['service_tier', 'speed', 'diagnostics']);

/** Known Anthropic fields no other model can honour, with the reason the 400 gives. */
const REFUSED: Record<string, string> = {
  container: "containers serve Anthropic's server-side tools, which the gateway does not run",
  inference_geo: 'the gateway cannot promise where a model other than Claude runs; pin deployments by region in the gateway config instead',
  mcp_servers: "the MCP connector runs on Anthropic's side; call MCP tools from the client and declare them as custom tools",
  context_management: "context editing runs on Anthropic's side",
};

/**
 * An Anthropic Messages request → the canonical (OpenAI-shaped) request, so that any model behind the
 * gateway can serve it. docs/anthropic-endpoint.md lists every mapping and every refusal.
 * Anthropic-only settings with no canonical field (the exact thinking budget, effort) also travel in
 * `providerOptions.anthropic` for an Anthropic upstream; other providers do not read that entry.
 */
export function convertAnthropicRequest(request: AnthropicRequest): ChatRequest {
  for (const key in request) {
    if (request[key] === undefined || request[key] === null || MAPPED.has(key) || HARMLESS.has(key)) continue;
    throw refuseAnthropicField(
      key,
      REFUSED[key] === undefined
        ? "not a field the gateway's Anthropic-compatible endpoint knows, and it does not drop fields silently"
        : `not supported by the gateway: ${REFUSED[key]}`,
    );
  }
  const messages: ChatMessage[] = [];
  const system = systemMessage(request.system);
  if (system !== undefined) messages.push(system);
  messages.push(...convertAnthropicMessages(request.messages));
  // A top-level breakpoint marks the last cacheable block, which is the end of the last message.
  if (request.cache_control !== undefined && request.cache_control !== null) messages[messages.length - 1]!.cache_control ??= request.cache_control as CacheControl;

  const chat: ChatRequest = { model: request.model, messages };
  if (request.stream === true) chat.stream = true;
  // Anthropic's max_tokens counts thinking too, which is what max_completion_tokens means (and reasoning models refuse max_tokens).
  if (typeof request.max_tokens === 'number') chat.max_completion_tokens = request.max_tokens;
  if (typeof request.temperature === 'number') chat.temperature = request.temperature;
  if (typeof request.top_p === 'number') chat.top_p = request.top_p;
  if (typeof request.top_k === 'number') chat.top_k = request.top_k;
  if (request.stop_sequences !== undefined && request.stop_sequences !== null && request.stop_sequences.length > 0) chat.stop = request.stop_sequences;
  const userId = request.metadata?.user_id;
  if (typeof userId === 'string' && userId !== '') chat.user = userId;
  if (request.tools !== undefined && request.tools !== null && request.tools.length > 0) chat.tools = convertAnthropicTools(request.tools);
  if (request.tool_choice !== undefined && request.tool_choice !== null) Object.assign(chat, convertAnthropicToolChoice(request.tool_choice));

  const format = request.output_config?.format ?? request.output_format;
  if (format !== undefined && format !== null) {
    // Anthropic's structured outputs always hold to the schema, which is OpenAI's strict mode.
    chat.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: format.schema, strict: true } };
  }
  const effort = mapAnthropicThinking(request.thinking, request.output_config?.effort);
  if (effort !== undefined) chat.reasoning_effort = effort;
  const anthropic: Record<string, unknown> = {};
  if (request.thinking !== undefined && request.thinking !== null) anthropic.thinking = request.thinking;
  // Passed whole: providerOptions fields replace the adapter's own top-level field, and the format must survive.
  if (request.output_config?.effort !== undefined && request.output_config.effort !== null) anthropic.output_config = request.output_config;
  if (Object.keys(anthropic).length > 0) chat.providerOptions = { anthropic };
  return chat;
}

function systemMessage(system: AnthropicRequest['system']): ChatMessage | undefined {
  if (system === undefined || system === null) return undefined;
  if (typeof system === 'string') return system === '' ? undefined : { role: 'system', content: system };
  if (system.length === 0) return undefined;
  return { role: 'system', content: partsOrText(system.map((block, index) => textPart(block as AnthropicContentBlock, `system[${index}]`))) };
}
