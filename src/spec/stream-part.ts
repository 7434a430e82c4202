import type { FinishReason } from './finish-reason.js';
import type { GatewayError } from './gateway-error.js';
import type { Usage } from './usage.js';

/**
 * A stream of parts, delivered in batches: one batch per upstream read, so a stream costs one
 * async hop per network read rather than one per part. Batches are never empty; consumers treat
 * the concatenation of all batches as the sequence of parts.
 */
export type PartStream = AsyncIterable<StreamPart[]>;

/**
 * A response is a sequence of stream parts. Providers emit parts and never write wire strings;
 * the ingress (OpenAI or Anthropic codec) encodes them for the client. A non-streaming call is
 * the same parts, collected (see collect-chat-result.ts).
 *
 * `choice` is the OpenAI choice index (n > 1); it defaults to 0.
 */
export type StreamPart =
  | ResponseStartPart
  | TextDeltaPart
  | ReasoningDeltaPart
  | RefusalDeltaPart
  | ToolCallStartPart
  | ToolCallDeltaPart
  | ToolCallEndPart
  | UsagePart
  | FinishPart
  | ErrorPart
  | RawEventsPart;

export interface ResponseStartPart {
  type: 'response-start';
  id: string;
  /** The model id the upstream reports having used. */
  model: string;
  /** Unix seconds. */
  created: number;
  /** Top-level fields of the upstream's chunk that the canonical parts do not name (system_fingerprint…). */
  extra?: Record<string, unknown>;
}

export interface TextDeltaPart {
  type: 'text-delta';
  text: string;
  choice?: number;
}

/**
 * Reasoning text. A part with `signature` closes the current thinking block (Anthropic
 * `signature_delta`, Bedrock `reasoningContent.signature`, Gemini `thoughtSignature`); a part with
 * `redacted` is one whole encrypted block (Anthropic `redacted_thinking`), with empty text. The
 * consumer rebuilds `thinking_blocks` from these (see providers/collect-chat-result.ts).
 */
export interface ReasoningDeltaPart {
  type: 'reasoning-delta';
  text: string;
  signature?: string;
  redacted?: string;
  choice?: number;
}

/** OpenAI's `refusal` text (the model declined); other providers' refusals arrive as content plus a content_filter finish. */
export interface RefusalDeltaPart {
  type: 'refusal-delta';
  text: string;
  choice?: number;
}

export interface ToolCallStartPart {
  type: 'tool-call-start';
  /** Position among this choice's tool calls only (not among content blocks). */
  index: number;
  id: string;
  name: string;
  choice?: number;
}

export interface ToolCallDeltaPart {
  type: 'tool-call-delta';
  index: number;
  argumentsDelta: string;
  choice?: number;
}

export interface ToolCallEndPart {
  type: 'tool-call-end';
  index: number;
  choice?: number;
}

export interface UsagePart {
  type: 'usage';
  usage: Usage;
  /** Provider usage fields with no canonical home (e.g. OpenRouter `cost`), passed to OpenAI clients as they came. */
  extra?: Record<string, unknown>;
}

export interface FinishPart {
  type: 'finish';
  reason: FinishReason;
  /** The provider's own stop reason, kept for logs and the decision trace. */
  providerReason?: string;
  choice?: number;
  /** Per-choice fields with no canonical home (logprobs, content_filter_results…). */
  extra?: Record<string, unknown>;
}

export interface ErrorPart {
  type: 'error';
  error: GatewayError;
}

/**
 * One or more complete SSE events of the OpenAI wire format (`data: {chunk}\n\n`…), verbatim from an
 * OpenAI-compatible upstream, that the adapter checked need no normalisation (plain content deltas:
 * no tool calls, usage, finish reason, reasoning field or error). The OpenAI ingress writes the bytes
 * as they came, so a run of plain events costs what a plain proxy pays for it; any other consumer
 * expands it with `expandRawEvents()` into the parts it stands for.
 */
export interface RawEventsPart {
  type: 'raw-events';
  /**
   * The events' bytes as a "binary" (latin1) string, one character per byte: scanned as text without
   * decoding UTF-8, and written out unchanged with `write(binary, 'latin1')`. Not text: a character
   * outside ASCII is one byte of a UTF-8 sequence (`utf8FromBinary` decodes it).
   */
  binary: string;
}
