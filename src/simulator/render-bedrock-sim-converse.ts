import { bedrockSimShapes, type BedrockSimUsage } from './bedrock-sim-shapes.js';
import type { CompletionPlan } from './plan-completion.js';

export interface BedrockSimConverseMeta {
  usage: BedrockSimUsage;
  /** Signature of the reasoning block; undefined when the answer has no reasoning. */
  reasoningSignature: string | undefined;
  latencyMs: number;
}

/** A Converse answer: output.message (reasoningContent, text, toolUse blocks), stopReason, usage, metrics. */
export function renderBedrockSimConverse(plan: CompletionPlan, meta: BedrockSimConverseMeta): string {
  const content: unknown[] = [];
  if (plan.reasoning.length > 0 && meta.reasoningSignature !== undefined) {
    content.push({ reasoningContent: { reasoningText: { text: plan.reasoning.join(''), signature: meta.reasoningSignature } } });
  }
  if (plan.content.length > 0) content.push({ text: plan.content.join('') });
  for (const call of plan.toolCalls) {
    content.push({ toolUse: { toolUseId: bedrockSimShapes.toolId(call), name: call.name, input: bedrockSimShapes.toolInput(call) } });
  }
  return JSON.stringify({
    output: { message: { role: 'assistant', content } },
    stopReason: bedrockSimShapes.stopReason(plan),
    usage: bedrockSimShapes.usage(meta.usage),
    metrics: { latencyMs: meta.latencyMs },
  });
}
