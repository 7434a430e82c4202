import type { StreamPart } from '../../spec/stream-part.js';
import { bedrockEventToParts, createBedrockStreamState } from './bedrock-event-to-parts.js';
import type { BedrockConverseResponse } from './bedrock-wire.js';

/**
 * A Converse (non-streaming) response → the parts a ConverseStream would have produced, by replaying
 * its content blocks as stream events: one translation for both, so a stream and a collected result
 * say the same thing (thinking blocks, JSON-mode tool, finish, usage).
 */
export function bedrockResponseToParts(response: BedrockConverseResponse, options: { id: string; model: string; jsonTool: string | undefined }): StreamPart[] {
  const state = createBedrockStreamState(options.id, options.model, options.jsonTool);
  const parts: StreamPart[] = [];
  bedrockEventToParts('messageStart', { role: 'assistant' }, state, parts);
  const content = response.output?.message?.content ?? [];
  for (const [contentBlockIndex, block] of content.entries()) {
    if (typeof block.text === 'string') {
      bedrockEventToParts('contentBlockDelta', { contentBlockIndex, delta: { text: block.text } }, state, parts);
    } else if (block.reasoningContent !== undefined && block.reasoningContent !== null) {
      const { reasoningText, redactedContent } = block.reasoningContent;
      if (reasoningText !== undefined) {
        bedrockEventToParts('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { text: reasoningText.text ?? '' } } }, state, parts);
        if (typeof reasoningText.signature === 'string') {
          bedrockEventToParts('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { signature: reasoningText.signature } } }, state, parts);
        }
      }
      if (typeof redactedContent === 'string') {
        bedrockEventToParts('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { redactedContent } } }, state, parts);
      }
    } else if (block.toolUse !== undefined && block.toolUse !== null) {
      const { toolUseId, name, input } = block.toolUse;
      bedrockEventToParts('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId, name } } }, state, parts);
      const text = input === undefined || input === null ? '' : JSON.stringify(input);
      bedrockEventToParts('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input: text } } }, state, parts);
      bedrockEventToParts('contentBlockStop', { contentBlockIndex }, state, parts);
    }
  }
  bedrockEventToParts('messageStop', response.stopReason === undefined ? {} : { stopReason: response.stopReason }, state, parts);
  if (response.usage !== undefined) bedrockEventToParts('metadata', { usage: response.usage }, state, parts);
  return parts;
}
