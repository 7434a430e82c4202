import type { StreamPart } from '../../spec/stream-part.js';
import { openAIChunkToParts, type ChunkState } from './openai-chunk-to-parts.js';

/** A raw-events part's text → the parts it stands for, for consumers that are not the OpenAI ingress. */
export function expandRawEvents(text: string, state: ChunkState, out: StreamPart[]): void {
  for (const block of text.split('\n\n')) {
    if (block.startsWith('data: ')) openAIChunkToParts(JSON.parse(block.slice(6)) as Record<string, unknown>, state, out);
  }
}
