import type { SeededRandom } from './create-seeded-random.js';
import type { SimulatedChatRequest, SimulatedTool } from './simulated-chat-request.js';

const asksForATool = /\b(?:use|call|invoke)\s+(?:(?:a|an|the|your|both|these|those|two|any)\s+)?(?:tool|function)s?\b/i;
const asksForTwo = /\b(parallel|both)\b/i;

/**
 * Which tools the simulated model calls. The rule, so tests can steer it with the prompt:
 * - no tools, or `tool_choice: "none"` → none;
 * - a named `tool_choice` → that tool, once;
 * - `"required"` → always call;
 * - `"auto"` → call when the last user message names a tool, asks to "use a tool" / "call the
 *   function", or asks for "both" / "parallel" while several tools are offered; or else with
 *   probability `autoToolCallRate` (seeded, so reproducible). Never when the conversation ends
 *   with a tool result: the model answers that in text.
 * The tool called is the first one the last user message names, else the first offered. Two
 * calls (the next offered tool as the second) when `parallel_tool_calls` is not false, more than
 * one tool is offered and the message says "parallel" or "both".
 */
export function chooseToolsToCall(
  request: SimulatedChatRequest,
  random: SeededRandom,
  autoToolCallRate: number,
): SimulatedTool[] {
  const { tools, toolChoice } = request;
  if (tools.length === 0 || toolChoice.kind === 'none') return [];
  if (toolChoice.kind === 'named') {
    const named = tools.find((tool) => tool.name === toolChoice.name);
    return named ? [named] : [];
  }
  const lastUserText = findLastUserText(request);
  const lowered = lastUserText.toLowerCase();
  const mentioned = tools.filter((tool) => lowered.includes(tool.name.toLowerCase()));
  const asksForTwoCalls = tools.length > 1 && asksForTwo.test(lastUserText);
  if (toolChoice.kind === 'auto') {
    const lastMessage = request.messages[request.messages.length - 1];
    if (lastMessage?.role === 'tool') return [];
    const wanted =
      mentioned.length > 0 ||
      asksForATool.test(lastUserText) ||
      asksForTwoCalls ||
      (autoToolCallRate > 0 && random() < autoToolCallRate);
    if (!wanted) return [];
  }
  const ordered = [...mentioned, ...tools.filter((tool) => !mentioned.includes(tool))];
  const parallel = request.parallelToolCalls && asksForTwoCalls;
  return ordered.slice(0, parallel ? 2 : 1);
}

function findLastUserText(request: SimulatedChatRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role === 'user') return message.text;
  }
  return '';
}
