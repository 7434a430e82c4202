import type { FinishReason } from './finish-reason.js';
import type { ThinkingBlock, ToolCall } from './chat-request.js';
import type { Usage } from './usage.js';

/** A non-streaming response: the parts of a stream, collected. */
export interface ChatResult {
  id: string;
  model: string;
  created: number;
  choices: ChatResultChoice[];
  usage: Usage;
  /** Top-level upstream fields the canonical shape does not name (system_fingerprint, citations…), passed through. */
  extra?: Record<string, unknown>;
  /** Usage fields with no canonical home (e.g. OpenRouter `cost`). */
  usageExtra?: Record<string, unknown>;
  /**
   * The upstream's OpenAI-format body, verbatim, when the adapter checked it needs no normalisation
   * (the non-streaming twin of RawEventsPart). The OpenAI ingress may send it as it came; whoever
   * changes the result must drop it.
   */
  raw?: string;
}

export interface ChatResultChoice {
  index: number;
  content: string | null;
  reasoning?: string;
  /** Present when the provider returned state to echo back (signatures, redacted blocks); holds all reasoning blocks in order. */
  thinkingBlocks?: ThinkingBlock[];
  toolCalls: ToolCall[];
  finishReason: FinishReason | null;
  providerFinishReason?: string;
  /** Per-choice and per-message fields with no canonical home (logprobs, refusal, annotations…). */
  extra?: Record<string, unknown>;
  messageExtra?: Record<string, unknown>;
}
