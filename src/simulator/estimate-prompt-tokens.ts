import type { SimulatedChatRequest } from './simulated-chat-request.js';

// OpenAI's cookbook counts ~4 characters per token, 3-4 tokens of framing per message and 3 to
// prime the reply; a low-detail image costs 85 tokens. Close enough for usage and context checks.
const charactersPerToken = 4;
const tokensPerMessage = 4;
const tokensPerReplyPrimer = 3;
const tokensPerImage = 85;

export function estimatePromptTokens(request: SimulatedChatRequest): number {
  let tokens = tokensPerReplyPrimer;
  for (const message of request.messages) {
    tokens += tokensPerMessage + Math.ceil(message.text.length / charactersPerToken);
    tokens += message.imageCount * tokensPerImage;
  }
  for (const tool of request.tools) {
    tokens += Math.ceil(tool.definitionSize / charactersPerToken);
  }
  return tokens;
}
