import type { CompletionPlan, SimulatedUsage } from './plan-completion.js';

const systemFingerprint = 'fp_sim0c4a7e';

/** OpenAI's `usage` object, with the detail fields real responses always carry. */
export function renderOpenAiSimUsage(usage: SimulatedUsage): string {
  return (
    `{"prompt_tokens":${usage.promptTokens},"completion_tokens":${usage.completionTokens},` +
    `"total_tokens":${usage.promptTokens + usage.completionTokens},` +
    `"prompt_tokens_details":{"cached_tokens":${usage.cachedTokens},"audio_tokens":0},` +
    `"completion_tokens_details":{"reasoning_tokens":${usage.reasoningTokens},"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}`
  );
}

/**
 * A non-streaming `chat.completion` body, fields in the order api.openai.com sends them. Built by
 * concatenation because it is the hot path of every non-streaming benchmark.
 */
export function renderOpenAiSimCompletion(
  plan: CompletionPlan,
  meta: { id: string; created: number; model: string },
  /** Memo for a content array shared across answers (a fixed text); see SimulatorState.encoderCache. */
  renderCache?: WeakMap<object, string>,
): string {
  let content = 'null';
  if (plan.hasContent) {
    const cached = renderCache?.get(plan.content);
    content = cached ?? JSON.stringify(plan.content.join(''));
    if (cached === undefined) renderCache?.set(plan.content, content);
  }
  let message = `{"role":"assistant","content":${content}`;
  // DeepSeek's convention for reasoning text in OpenAI-shaped answers; OpenAI itself hides it.
  if (plan.reasoning.length > 0) message += `,"reasoning_content":${JSON.stringify(plan.reasoning.join(''))}`;
  if (plan.toolCalls.length > 0) {
    const calls = plan.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
    message += `,"tool_calls":${JSON.stringify(calls)}`;
  }
  message += ',"refusal":null,"annotations":[]}';
  return (
    `{"id":"${meta.id}","object":"chat.completion","created":${meta.created},"model":${JSON.stringify(meta.model)},` +
    `"choices":[{"index":0,"message":${message},"logprobs":null,"finish_reason":"${plan.finishReason}"}],` +
    `"usage":${renderOpenAiSimUsage(plan.usage)},"service_tier":"default","system_fingerprint":"${systemFingerprint}"}`
  );
}
