import type { CompletionPlan, PlannedToolCall } from './plan-completion.js';

export interface GeminiSimUsageCounts {
  prompt: number;
  cached: number;
  /** Answer tokens (text and function calls), without thoughts. */
  candidates: number;
  thoughts: number;
}

/** The pieces of Gemini's answer shape that the renderer and the stream sink share. */
export const geminiSimShapes = {
  /** `usageMetadata` as proto3 JSON writes it: zero counts are left out, not sent as 0. */
  usage(counts: GeminiSimUsageCounts): string {
    let text = `{"promptTokenCount":${counts.prompt}`;
    if (counts.candidates > 0) text += `,"candidatesTokenCount":${counts.candidates}`;
    text += `,"totalTokenCount":${counts.prompt + counts.candidates + counts.thoughts}`;
    if (counts.cached > 0) text += `,"cachedContentTokenCount":${counts.cached}`;
    text += `,"promptTokensDetails":[{"modality":"TEXT","tokenCount":${counts.prompt}}]`;
    if (counts.cached > 0) text += `,"cacheTokensDetails":[{"modality":"TEXT","tokenCount":${counts.cached}}]`;
    if (counts.thoughts > 0) text += `,"thoughtsTokenCount":${counts.thoughts}`;
    return `${text}}`;
  },

  /** STOP also ends an answer of function calls; Gemini has no separate reason for them or for stop sequences. */
  finishReason(plan: CompletionPlan): string {
    return plan.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP';
  },

  functionCallPart(call: PlannedToolCall, signature: string | undefined): string {
    let args: unknown = {};
    try {
      args = JSON.parse(call.arguments);
    } catch {
      // Arguments cut short by maxOutputTokens: Gemini sends whole calls only, so the call has none.
    }
    const part = `{"functionCall":{"name":${JSON.stringify(call.name)},"args":${JSON.stringify(args)}}`;
    return signature === undefined ? `${part}}` : `${part},"thoughtSignature":"${signature}"}`;
  },

  textPart(text: string, signature: string | undefined): string {
    return signature === undefined ? `{"text":${text}}` : `{"text":${text},"thoughtSignature":"${signature}"}`;
  },
};
