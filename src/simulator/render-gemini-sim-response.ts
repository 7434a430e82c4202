import { geminiSimShapes, type GeminiSimUsageCounts } from './gemini-sim-shapes.js';
import type { CompletionPlan } from './plan-completion.js';

export interface GeminiSimResponseMeta {
  model: string;
  responseId: string;
  usage: GeminiSimUsageCounts;
  includeThoughts: boolean;
  /** Rides on the first answer part when the model thought; undefined otherwise. */
  thoughtSignature: string | undefined;
}

/**
 * A generateContent answer: one candidate whose parts are the thought summary (with
 * includeThoughts), the text or the function calls (the first answer part carries the
 * thoughtSignature), then usageMetadata, modelVersion and responseId. An answer that ran out
 * of tokens while thinking has no parts at all, as Gemini's does.
 */
export function renderGeminiSimResponse(plan: CompletionPlan, meta: GeminiSimResponseMeta): string {
  const parts: string[] = [];
  if (meta.includeThoughts && plan.reasoning.length > 0) parts.push(`{"text":${JSON.stringify(plan.reasoning.join(''))},"thought":true}`);
  let signature = meta.thoughtSignature;
  if (plan.content.length > 0) {
    parts.push(geminiSimShapes.textPart(JSON.stringify(plan.content.join('')), signature));
    signature = undefined;
  }
  for (const call of plan.toolCalls) {
    parts.push(geminiSimShapes.functionCallPart(call, signature));
    signature = undefined;
  }
  const content = parts.length > 0 ? `{"parts":[${parts.join(',')}],"role":"model"}` : '{"role":"model"}';
  return (
    `{"candidates":[{"content":${content},"finishReason":"${geminiSimShapes.finishReason(plan)}","index":0}],` +
    `"usageMetadata":${geminiSimShapes.usage(meta.usage)},"modelVersion":${JSON.stringify(meta.model)},"responseId":"${meta.responseId}"}`
  );
}
