/**
 * The canonical chat request: the OpenAI Chat Completions request, typed for the fields the gateway
 * reads, open for every other field. Unknown fields are kept (OpenAI-compatible upstreams receive them
 * untouched); native adapters must map or refuse them, never drop them silently.
 */
export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface TextContentPart {
  type: 'text';
  text: string;
  [extra: string]: unknown;
}

export interface ImageContentPart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
  [extra: string]: unknown;
}

export interface OtherContentPart {
  type: string;
  [extra: string]: unknown;
}

export type ContentPart = TextContentPart | ImageContentPart | OtherContentPart;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  [extra: string]: unknown;
}

/**
 * A provider's reasoning state that must go back on the next turn exactly as it came: an Anthropic or
 * Bedrock thinking block with its signature, a Gemini thought signature, or an encrypted (redacted)
 * block. Clients receive it on the assistant message (`thinking_blocks`) and send it back unchanged;
 * see docs/reasoning.md.
 */
export type ThinkingBlock =
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

/**
 * A prompt-cache breakpoint (Anthropic's `cache_control`, Bedrock's `cachePoint`). Clients may put it
 * on a content part, a message (its last part) or a tool; providers without explicit caching ignore it
 * (they cache automatically), which docs/providers.md states.
 */
export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface ChatMessage {
  role: ChatRole;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  /** Reasoning text of an earlier assistant turn (our OpenAI-side field, see docs/reasoning.md). */
  reasoning_content?: string;
  /** Round-trip reasoning state of an earlier assistant turn (signatures, redacted blocks). */
  thinking_blocks?: ThinkingBlock[];
  cache_control?: CacheControl;
  /** On a tool message: the tool failed and the content describes the error (Anthropic `is_error`, Bedrock `status: error`). */
  is_error?: boolean;
  [extra: string]: unknown;
}

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
  [extra: string]: unknown;
}

export type ToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean; description?: string } };

/** Hints a client may give the router in the body's `skyroute` field (stripped before the upstream sees the body). */
export interface RoutingHints {
  strategy?: string;
  fallbacks?: string[];
  [extra: string]: unknown;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean; [extra: string]: unknown } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  user?: string;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high' | string;
  /** Not an OpenAI field: sampling from the k likeliest tokens (Anthropic, Gemini, Cohere `k`, vLLM); refused where unsupported. */
  top_k?: number | null;
  /** Provider-specific fields keyed by provider id, e.g. `{ anthropic: { cache_control: … } }`. */
  providerOptions?: Record<string, Record<string, unknown>>;
  [extra: string]: unknown;
}
