import type { ChatResult } from '../../spec/chat-result.js';
import type { Usage } from '../../spec/usage.js';

/** ChatResult → an OpenAI `chat.completion` object, with every pass-through field put back. */
export function encodeOpenAIResult(result: ChatResult): Record<string, unknown> {
  return {
    id: result.id,
    object: 'chat.completion',
    created: result.created,
    model: result.model,
    choices: result.choices.map((choice) => {
      const message: Record<string, unknown> = { role: 'assistant', content: choice.content };
      if (choice.reasoning !== undefined) message.reasoning_content = choice.reasoning;
      if (choice.thinkingBlocks !== undefined) message.thinking_blocks = choice.thinkingBlocks;
      if (choice.toolCalls.length > 0) message.tool_calls = choice.toolCalls;
      if (choice.messageExtra !== undefined) Object.assign(message, choice.messageExtra);
      return { index: choice.index, message, ...choice.extra, finish_reason: choice.finishReason };
    }),
    usage: encodeOpenAIUsage(result.usage, result.usageExtra),
    ...result.extra,
  };
}

/** Canonical usage → OpenAI usage; extra fields (details, cost) are kept, canonical counts win. */
export function encodeOpenAIUsage(usage: Usage, extra?: Record<string, unknown>): Record<string, unknown> {
  const promptDetails = (extra?.prompt_tokens_details ?? undefined) as Record<string, unknown> | undefined;
  const completionDetails = (extra?.completion_tokens_details ?? undefined) as Record<string, unknown> | undefined;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    ...extra,
    prompt_tokens_details: {
      ...promptDetails,
      cached_tokens: usage.cachedInputTokens,
      ...(usage.cacheWriteInputTokens > 0 ? { cache_write_tokens: usage.cacheWriteInputTokens } : {}),
    },
    completion_tokens_details: { ...completionDetails, reasoning_tokens: usage.reasoningTokens },
  };
}
