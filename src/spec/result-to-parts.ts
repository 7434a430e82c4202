import type { ChatResult } from './chat-result.js';
import type { StreamPart } from './stream-part.js';

/** A collected result as the parts of a stream (for an upstream that answered a stream request with one body). */
export async function* resultToParts(result: ChatResult): AsyncGenerator<StreamPart[]> {
  yield [...resultPartList(result)];
}

function* resultPartList(result: ChatResult): Generator<StreamPart> {
  yield { type: 'response-start', id: result.id, model: result.model, created: result.created };
  for (const choice of result.choices) {
    const at = choice.index;
    if (choice.thinkingBlocks !== undefined) {
      for (const block of choice.thinkingBlocks) {
        if (block.type === 'redacted_thinking') yield { type: 'reasoning-delta', text: '', redacted: block.data, choice: at };
        else yield { type: 'reasoning-delta', text: block.thinking, ...(block.signature === undefined ? {} : { signature: block.signature }), choice: at };
      }
    } else if (choice.reasoning !== undefined) yield { type: 'reasoning-delta', text: choice.reasoning, choice: at };
    if (choice.content !== null && choice.content !== '') yield { type: 'text-delta', text: choice.content, choice: at };
    for (const [index, call] of choice.toolCalls.entries()) {
      yield { type: 'tool-call-start', index, id: call.id, name: call.function.name, choice: at };
      yield { type: 'tool-call-delta', index, argumentsDelta: call.function.arguments, choice: at };
      yield { type: 'tool-call-end', index, choice: at };
    }
    // The provider's own reason and per-choice extras (a matched stop sequence…) are part of the answer too.
    yield {
      type: 'finish',
      reason: choice.finishReason ?? 'stop',
      ...(choice.providerFinishReason === undefined ? {} : { providerReason: choice.providerFinishReason }),
      choice: at,
      ...(choice.extra === undefined ? {} : { extra: choice.extra }),
    };
  }
  yield { type: 'usage', usage: result.usage };
}
