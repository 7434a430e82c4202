/**
 * Cohere v2 wire shapes, lenient: every field the adapter reads is optional and checked where it is
 * read, so an added or missing field never crashes a stream. Sources: Cohere's OpenAPI spec
 * (cohere-ai/cohere-developer-experience `cohere-openapi.yaml`: `/v2/chat`, `/v2/embed`,
 * ChatMessageV2, Usage, ChatFinishReason, the Chat*Event schemas) and docs.cohere.com/reference/chat,
 * /reference/chat-stream, /v2/docs/streaming.
 */

/** A request message (ChatMessageV2): system, user, assistant or tool. */
export type CohereMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | CohereUserContent[] }
  | { role: 'assistant'; content?: string | CohereAssistantContent[]; tool_calls?: CohereToolCall[]; tool_plan?: string }
  | { role: 'tool'; tool_call_id: string; content: string | Array<{ type: 'text'; text: string }> };

export type CohereUserContent =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } };

export type CohereAssistantContent = { type: 'text'; text: string } | { type: 'thinking'; thinking: string };

export interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** `usage` of a response and of `message-end`: raw token counts, billed units and prompt-cache hits. */
export interface CohereUsage {
  billed_units?: { input_tokens?: number; output_tokens?: number; search_units?: number; classifications?: number };
  tokens?: { input_tokens?: number; output_tokens?: number };
  cached_tokens?: number;
}

/** One `logprobs` item: a text chunk, its token ids and one log probability per token. */
export interface CohereLogprobItem {
  text?: string;
  token_ids?: number[];
  logprobs?: number[];
}

/** A non-streaming `/v2/chat` response (ChatResponseV2). */
export interface CohereChatResponse {
  id?: string;
  finish_reason?: string;
  message?: {
    role?: string;
    content?: Array<{ type?: string; text?: string; thinking?: string }>;
    tool_plan?: string;
    tool_calls?: Array<{ id?: string; type?: string; function?: { name?: string; arguments?: string | null } }>;
    citations?: unknown[];
  };
  usage?: CohereUsage;
  logprobs?: CohereLogprobItem[];
}

/**
 * One streamed event (StreamedChatResponseV2), named by `type` (the same name is on the SSE `event:`
 * line). Only the fields the decoder reads are listed.
 */
export interface CohereStreamEvent {
  type?: string;
  id?: string;
  index?: number;
  delta?: {
    message?: {
      content?: { type?: string; text?: string; thinking?: string };
      tool_plan?: string;
      tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string | null } };
      citations?: unknown;
    };
    finish_reason?: string;
    error?: string;
    usage?: CohereUsage;
  };
  logprobs?: CohereLogprobItem;
}

/** A `/v2/embed` response with `embedding_types: ["float"]` (EmbedByTypeResponse). */
export interface CohereEmbedResponse {
  id?: string;
  embeddings?: { float?: number[][] };
  meta?: { billed_units?: { input_tokens?: number; images?: number } };
}
