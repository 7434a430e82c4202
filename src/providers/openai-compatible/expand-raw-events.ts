import { utf8FromBinary } from '../../spec/binary-text.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { openAIChunkToParts, type ChunkState } from './openai-chunk-to-parts.js';

/** A raw-events part's bytes (a binary string) → the parts they stand for, for consumers that are not the OpenAI ingress. */
export function expandRawEvents(binary: string, state: ChunkState, out: StreamPart[]): void {
  for (const block of utf8FromBinary(binary).split('\n\n')) {
    if (block.startsWith('data: ')) openAIChunkToParts(JSON.parse(block.slice(6)) as Record<string, unknown>, state, out);
  }
}
