import type { ThinkingBlock, ToolCall } from '../spec/chat-request.js';
import type { ChatResult, ChatResultChoice } from '../spec/chat-result.js';
import type { PartStream } from '../spec/stream-part.js';
import { emptyUsage } from '../spec/usage.js';
import { expandPartStream } from './expand-part-stream.js';

/**
 * A stream of parts collected into one result (the inverse of resultToParts): text, reasoning with its
 * thinking blocks, tool calls with their arguments joined, finish reasons and the last usage. An
 * `error` part is thrown.
 */
export async function collectChatResult(parts: PartStream, fallbackModel: string): Promise<ChatResult> {
  const result: ChatResult = { id: '', model: fallbackModel, created: Math.floor(Date.now() / 1000), choices: [], usage: emptyUsage() };
  const choices = new Map<number, ChatResultChoice & { openBlock?: { thinking: string } }>();
  const choiceAt = (index: number | undefined): ChatResultChoice & { openBlock?: { thinking: string } } => {
    const at = index ?? 0;
    let choice = choices.get(at);
    if (choice === undefined) {
      choice = { index: at, content: null, toolCalls: [], finishReason: null };
      choices.set(at, choice);
    }
    return choice;
  };
  for await (const batch of expandPartStream(parts)) {
    for (const part of batch) {
      switch (part.type) {
        case 'response-start':
          result.id = part.id;
          result.model = part.model;
          result.created = part.created;
          if (part.extra !== undefined) result.extra = part.extra;
          break;
        case 'text-delta': {
          const choice = choiceAt(part.choice);
          choice.content = (choice.content ?? '') + part.text;
          break;
        }
        case 'refusal-delta': {
          const choice = choiceAt(part.choice);
          choice.messageExtra = { ...choice.messageExtra, refusal: `${(choice.messageExtra?.refusal as string | undefined) ?? ''}${part.text}` };
          break;
        }
        case 'reasoning-delta': {
          const choice = choiceAt(part.choice);
          if (part.text !== '') choice.reasoning = (choice.reasoning ?? '') + part.text;
          addThinking(choice, part.text, part.signature, part.redacted);
          break;
        }
        case 'tool-call-start': {
          const choice = choiceAt(part.choice);
          choice.toolCalls[part.index] = { id: part.id, type: 'function', function: { name: part.name, arguments: '' } } satisfies ToolCall;
          break;
        }
        case 'tool-call-delta': {
          const call = choiceAt(part.choice).toolCalls[part.index];
          if (call !== undefined) call.function.arguments += part.argumentsDelta;
          break;
        }
        case 'tool-call-end':
          break;
        case 'finish': {
          const choice = choiceAt(part.choice);
          choice.finishReason = part.reason;
          if (part.providerReason !== undefined) choice.providerFinishReason = part.providerReason;
          if (part.extra !== undefined) choice.extra = part.extra;
          break;
        }
        case 'usage':
          result.usage = part.usage;
          if (part.extra !== undefined) result.usageExtra = part.extra;
          break;
        case 'error':
          throw part.error;
      }
    }
  }
  result.choices = [...choices.values()]
    .sort((a, b) => a.index - b.index)
    .map(({ openBlock: _open, ...choice }) => {
      for (const call of choice.toolCalls) if (call.function.arguments === '') call.function.arguments = '{}';
      return choice;
    });
  return result;
}

/** Thinking blocks are kept only once a provider sent state to echo back (a signature or a redacted block). */
function addThinking(choice: ChatResultChoice & { openBlock?: { thinking: string } }, text: string, signature?: string, redacted?: string): void {
  if (redacted !== undefined) {
    (choice.thinkingBlocks ??= []).push({ type: 'redacted_thinking', data: redacted });
    return;
  }
  choice.openBlock ??= { thinking: '' };
  choice.openBlock.thinking += text;
  if (signature !== undefined) {
    const block: ThinkingBlock = { type: 'thinking', thinking: choice.openBlock.thinking, signature };
    (choice.thinkingBlocks ??= []).push(block);
    choice.openBlock = undefined;
  }
}
