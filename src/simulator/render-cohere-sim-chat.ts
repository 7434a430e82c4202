import { cohereSimShapes } from './cohere-sim-shapes.js';
import type { CompletionPlan } from './plan-completion.js';

/**
 * A `/v2/chat` answer: the message (thinking and text content, or a tool_plan with tool_calls
 * whose arguments are JSON strings), finish_reason and usage.
 */
export function renderCohereSimChat(plan: CompletionPlan, id: string): string {
  const content: unknown[] = [];
  if (plan.reasoning.length > 0) content.push({ type: 'thinking', thinking: plan.reasoning.join('') });
  if (plan.content.length > 0) content.push({ type: 'text', text: plan.content.join('') });
  const message: Record<string, unknown> = { role: 'assistant' };
  if (content.length > 0) message.content = content;
  if (plan.toolCalls.length > 0) {
    message.tool_plan = cohereSimShapes.toolPlan(plan);
    message.tool_calls = plan.toolCalls.map((call) => ({
      id: cohereSimShapes.toolId(call),
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return `{"id":"${id}","message":${JSON.stringify(message)},"finish_reason":"${cohereSimShapes.finishReason(plan)}","usage":${cohereSimShapes.usage(plan.usage)}}`;
}
