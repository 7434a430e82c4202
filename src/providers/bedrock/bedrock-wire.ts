/**
 * Lenient shapes of the Bedrock Converse JSON the adapter reads (Bedrock API reference:
 * ConverseResponse, ContentBlock, ConverseStreamOutput, TokenUsage). Every field is optional: the
 * adapter checks what it uses and ignores the rest, so new fields never break a response.
 */
export interface BedrockToolUse {
  toolUseId?: string;
  name?: string;
  /** An object in Converse responses; a JSON fragment (string) in stream deltas. */
  input?: unknown;
}

export interface BedrockReasoningContent {
  reasoningText?: { text?: string; signature?: string };
  /** Base64 of the encrypted (redacted) reasoning. */
  redactedContent?: string;
}

export interface BedrockContentBlock {
  text?: string;
  toolUse?: BedrockToolUse;
  reasoningContent?: BedrockReasoningContent;
  [other: string]: unknown;
}

export interface BedrockUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  /** The cache writes by lifetime (`ttl` "5m" or "1h"); empty when nothing was written. */
  cacheDetails?: Array<{ ttl?: string; inputTokens?: number }>;
}

export interface BedrockConverseResponse {
  output?: { message?: { role?: string; content?: BedrockContentBlock[] } };
  stopReason?: string;
  usage?: BedrockUsage;
  metrics?: { latencyMs?: number };
  [other: string]: unknown;
}

/** `contentBlockDelta.delta` of ConverseStream. */
export interface BedrockContentBlockDelta {
  text?: string;
  toolUse?: { input?: string };
  reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
  [other: string]: unknown;
}

/** One ConverseStream event payload; which fields are present depends on its `:event-type`. */
export interface BedrockStreamEvent {
  role?: string;
  contentBlockIndex?: number;
  start?: { toolUse?: BedrockToolUse; [other: string]: unknown };
  delta?: BedrockContentBlockDelta;
  stopReason?: string;
  usage?: BedrockUsage;
  [other: string]: unknown;
}
