import { anthropicSimShapes, type AnthropicSimUsage } from './anthropic-sim-shapes.js';
import type { CompletionPlan } from './plan-completion.js';

export interface AnthropicSimMessageMeta {
  id: string;
  model: string;
  usage: AnthropicSimUsage;
  /** The signature of the thinking block; undefined when the answer has no thinking. */
  thinkingSignature: string | undefined;
}

/**
 * A non-streaming Messages API answer, fields in the order api.anthropic.com sends them:
 * thinking (signed), text and tool_use blocks, stop_reason and the cache-aware usage.
 */
export function renderAnthropicSimMessage(plan: CompletionPlan, meta: AnthropicSimMessageMeta, renderCache?: WeakMap<object, string>): string {
  const blocks: string[] = [];
  if (plan.reasoning.length > 0 && meta.thinkingSignature !== undefined) {
    blocks.push(`{"type":"thinking","thinking":${JSON.stringify(plan.reasoning.join(''))},"signature":"${meta.thinkingSignature}"}`);
  }
  if (plan.content.length > 0) {
    let text = renderCache?.get(plan.content);
    if (text === undefined) {
      text = JSON.stringify(plan.content.join(''));
      renderCache?.set(plan.content, text);
    }
    blocks.push(`{"type":"text","text":${text}}`);
  }
  for (const call of plan.toolCalls) {
    blocks.push(JSON.stringify({ type: 'tool_use', id: anthropicSimShapes.toolId(call), name: call.name, input: anthropicSimShapes.toolInput(call) }));
  }
  return (
    `{"id":"${meta.id}","type":"message","role":"assistant","model":${JSON.stringify(meta.model)},"content":[${blocks.join(',')}],` +
    `"stop_reason":"${anthropicSimShapes.stopReason(plan)}","stop_sequence":${anthropicSimShapes.stopSequence(plan)},` +
    `"usage":${anthropicSimShapes.usage(meta.usage)}}`
  );
}
