import type { ChatMessage } from '../../spec/chat-request.js';
import { parseToolArguments } from '../shared/parse-tool-arguments.js';
import { textOfContent } from '../shared/text-of-content.js';
import { decodeGeminiToolCallId } from './gemini-tool-call-id.js';
import type { GeminiPart } from './gemini-wire.js';

export interface AssistantMessageOptions {
  provider: string;
  /** Gemini API: echo call ids on `functionCall.id`. Vertex refuses the field (vercel/ai #17902). */
  sendCallIds: boolean;
  /** Gemini 3: a model turn's first function call must carry a thought signature. */
  requireCallSignature: boolean;
}

/**
 * Google's documented stand-in signature for function calls whose history was not produced by
 * Gemini (https://ai.google.dev/gemini-api/docs/thought-signatures), e.g. a conversation begun on
 * another provider. Without it Gemini 3 answers 400.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/**
 * An assistant message of the history → the parts of a `model` turn, in Gemini's own order:
 * thoughts, text, function calls.
 *
 * Reasoning state comes back as the gateway handed it out (docs/reasoning.md):
 * - a function call's signature is inside its id (gemini-tool-call-id.ts) and returns to that
 *   `functionCall` part;
 * - `thinking_blocks` with text (collected, non-streaming answers) become thought parts carrying
 *   their signatures; without such blocks, `reasoning_content` becomes one unsigned thought part;
 * - blocks with empty text (a text part's signature, or any signature a streaming client gathered)
 *   go on the text part, else on the last unsigned thought part. Gemini refuses empty text parts,
 *   so a signature with neither to carry it cannot be sent; Gemini enforces only function-call
 *   signatures, so this loses no validity. `redacted_thinking` blocks are another provider's state
 *   and are not sent.
 */
export function convertGeminiAssistantMessage(message: ChatMessage, options: AssistantMessageOptions): GeminiPart[] {
  const thoughts: GeminiPart[] = [];
  const looseSignatures: string[] = [];
  for (const block of message.thinking_blocks ?? []) {
    if (block.type !== 'thinking') continue;
    if (block.thinking !== '') thoughts.push(withSignature({ text: block.thinking, thought: true }, block.signature));
    else if (block.signature !== undefined && block.signature !== '') looseSignatures.push(block.signature);
  }
  if (thoughts.length === 0 && typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
    thoughts.push({ text: message.reasoning_content, thought: true });
  }
  const parts: GeminiPart[] = [...thoughts];
  const text = textOfContent(message, options.provider);
  if (text !== '') parts.push({ text });
  const carrier = text !== '' ? parts[parts.length - 1] : thoughts.findLast((part) => part.thoughtSignature === undefined);
  if (carrier !== undefined && looseSignatures.length > 0) carrier.thoughtSignature = looseSignatures[0];

  for (const [position, call] of (message.tool_calls ?? []).entries()) {
    const { base, signature } = decodeGeminiToolCallId(call.id);
    const name = call.function.name;
    const part: GeminiPart = {
      functionCall: { ...(options.sendCallIds ? { id: base } : {}), name, args: parseToolArguments(call.function.arguments, name) },
    };
    if (signature !== undefined) part.thoughtSignature = signature;
    else if (position === 0 && options.requireCallSignature) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
    parts.push(part);
  }
  return parts;
}

function withSignature(part: GeminiPart, signature: string | undefined): GeminiPart {
  if (signature !== undefined && signature !== '') part.thoughtSignature = signature;
  return part;
}
