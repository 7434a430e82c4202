import { createHash } from 'node:crypto';
import type { ChatMessage, ChatRequest, ContentPart, FunctionTool } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { CompatibleService } from './openai-compatible-services.js';

/**
 * The canonical request → the body an OpenAI-compatible upstream receives. Every field the client
 * sent is kept (unknown ones included) except the gateway's own (`skyroute`, `providerOptions`);
 * `providerOptions[<provider id>]` / `[<provider type>]` are merged in; usage is always requested.
 */
export function convertToOpenAICompatibleRequest(
  request: ChatRequest,
  options: { upstreamModel: string; providerId: string; providerType: string; service: CompatibleService },
): Record<string, unknown> {
  const { service } = options;
  for (const refused of service.refuses) {
    if (refused.applies(request)) {
      throw new GatewayError(
        'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER',
        `${refused.parameter}: ${options.providerId}/${options.upstreamModel} cannot take it (${refused.reason})`,
        { param: refused.parameter, provider: options.providerId },
      );
    }
  }
  const { skyroute: _routing, providerOptions, ...body } = request as ChatRequest & { skyroute?: unknown };
  body.model = options.upstreamModel;
  if (request.stream === true && service.streamUsageOption) {
    body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
  }
  if (service.maxTokensOnly && body.max_completion_tokens !== undefined && body.max_completion_tokens !== null) {
    body.max_tokens ??= body.max_completion_tokens;
    delete body.max_completion_tokens;
  }
  if (service.randomSeed && body.seed !== undefined && body.seed !== null) {
    body.random_seed = body.seed;
    delete body.seed;
  }
  body.messages = rewriteMessages(request.messages, service);
  if (!service.keepsCacheControl && request.tools !== undefined && request.tools.some((tool) => tool.cache_control !== undefined)) {
    body.tools = request.tools.map(({ cache_control: _cache, ...tool }) => tool as FunctionTool);
  }
  const extra = providerOptions?.[options.providerId] ?? providerOptions?.[options.providerType];
  if (extra !== undefined) Object.assign(body, extra);
  return body;
}

function rewriteMessages(messages: ChatMessage[], service: CompatibleService): ChatMessage[] {
  let copy: ChatMessage[] | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    let rewritten = message;
    if (!service.keepsReasoningHistory && message.reasoning_content !== undefined) {
      const { reasoning_content: _dropped, ...rest } = message;
      rewritten = rest as ChatMessage;
    }
    // Thinking blocks are state for Anthropic, Bedrock and Gemini, and `is_error` has no OpenAI field
    // (the tool's content says what failed): no OpenAI-format server reads either.
    if (rewritten.thinking_blocks !== undefined || rewritten.is_error !== undefined) {
      const { thinking_blocks: _blocks, is_error: _isError, ...rest } = rewritten;
      rewritten = rest as ChatMessage;
    }
    if (!service.keepsCacheControl) rewritten = withoutCacheControl(rewritten);
    const rewriteId = service.nineCharacterToolCallIds ? nineCharacterId : shortToolCallId;
    if (rewritten.tool_calls !== undefined && rewritten.tool_calls.some((call) => rewriteId(call.id) !== call.id)) {
      rewritten = { ...rewritten, tool_calls: rewritten.tool_calls.map((call) => ({ ...call, id: rewriteId(call.id) })) };
    }
    if (typeof rewritten.tool_call_id === 'string' && rewriteId(rewritten.tool_call_id) !== rewritten.tool_call_id) {
      rewritten = { ...rewritten, tool_call_id: rewriteId(rewritten.tool_call_id) };
    }
    if (rewritten !== message) {
      copy ??= messages.slice();
      copy[index] = rewritten;
    }
  }
  return copy ?? messages;
}

function withoutCacheControl(message: ChatMessage): ChatMessage {
  const partsHaveIt = Array.isArray(message.content) && message.content.some((part) => part.cache_control !== undefined);
  if (message.cache_control === undefined && !partsHaveIt) return message;
  const { cache_control: _cache, ...rest } = message;
  if (partsHaveIt) rest.content = (message.content as ContentPart[]).map(({ cache_control: _partCache, ...part }) => part as ContentPart);
  return rest as ChatMessage;
}

/**
 * OpenAI refuses tool-call ids over 40 characters; ids made elsewhere can be far longer (Gemini's carry
 * their thought signature). Such ids become `call_` + a hash, the same on every turn.
 */
export function shortToolCallId(id: string): string {
  if (id.length <= 40) return id;
  return `call_${createHash('sha256').update(id).digest('base64url').slice(0, 32)}`;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic, so the same id maps the same way on every turn of a conversation. */
export function nineCharacterId(id: string): string {
  if (/^[a-zA-Z0-9]{9}$/.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let result = '';
  for (let index = 0; index < 9; index++) result += ALPHABET[digest[index]! % ALPHABET.length];
  return result;
}
