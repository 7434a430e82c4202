import type { ServerResponse } from 'node:http';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { bedrockSimErrors } from './bedrock-sim-errors.js';
import { bedrockSimShapes } from './bedrock-sim-shapes.js';
import { createSimWireStream } from './create-sim-wire-stream.js';
import type { CompletionPlan } from './plan-completion.js';
import type { BedrockSimConverseMeta } from './render-bedrock-sim-converse.js';
import type { SimCompletionSink } from './serve-sim-completion.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

export interface BedrockEventMeta extends BedrockSimConverseMeta {
  requestId: string;
  plan: CompletionPlan;
}

type BlockType = 'reasoning' | 'text' | 'toolUse';

// Bedrock pads every event payload with a `p` field of varying length (so sizes do not leak content).
const padding = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Encodes stream parts as ConverseStream's binary `application/vnd.amazon.eventstream` frames
 * (prelude, headers `:event-type` / `:content-type` / `:message-type`, JSON payload, CRC32s —
 * framed by @smithy/eventstream-codec): messageStart, then per content block contentBlockDelta…
 * and contentBlockStop (a toolUse block opens with contentBlockStart; a reasoning block ends with
 * its signature delta), then messageStop and the metadata event with usage and metrics. A broken
 * stream ends with an exception frame.
 */
export function createBedrockSimEventSink(response: ServerResponse, meta: BedrockEventMeta): SimCompletionSink {
  const wire = createSimWireStream(response, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-RequestId': meta.requestId });
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const { plan } = meta;
  let started = false;
  let events = 0;
  let blockIndex = -1;
  let openBlock: BlockType | undefined;

  const frame = (headers: MessageHeaders, payload: Record<string, unknown>): Uint8Array =>
    codec.encode({ headers, body: fromUtf8(JSON.stringify(payload)) });
  const event = (type: string, payload: Record<string, unknown>): boolean =>
    wire.push(
      frame(
        {
          ':event-type': { type: 'string', value: type },
          ':content-type': { type: 'string', value: 'application/json' },
          ':message-type': { type: 'string', value: 'event' },
        },
        { ...payload, p: padding.slice(0, 1 + ((events++ * 7) % padding.length)) },
      ),
    );
  const start = (): void => {
    if (started) return;
    started = true;
    event('messageStart', { role: 'assistant' });
  };
  const closeBlock = (): void => {
    if (openBlock === undefined) return;
    if (openBlock === 'reasoning' && meta.reasoningSignature !== undefined) {
      event('contentBlockDelta', { contentBlockIndex: blockIndex, delta: { reasoningContent: { signature: meta.reasoningSignature } } });
    }
    event('contentBlockStop', { contentBlockIndex: blockIndex });
    openBlock = undefined;
  };
  const ensureBlock = (type: BlockType): void => {
    if (openBlock === type) return;
    closeBlock();
    blockIndex++;
    openBlock = type;
  };

  return {
    open() {
      wire.open();
    },
    write(part: SimulatedStreamPart) {
      start();
      switch (part.type) {
        case 'reasoning-delta':
          ensureBlock('reasoning');
          return event('contentBlockDelta', { contentBlockIndex: blockIndex, delta: { reasoningContent: { text: part.text } } });
        case 'text-delta':
          ensureBlock('text');
          return event('contentBlockDelta', { contentBlockIndex: blockIndex, delta: { text: part.text } });
        case 'tool-call-start': {
          closeBlock();
          blockIndex++;
          openBlock = 'toolUse';
          const call = plan.toolCalls[part.index];
          const toolUseId = call ? bedrockSimShapes.toolId(call) : part.id;
          return event('contentBlockStart', { contentBlockIndex: blockIndex, start: { toolUse: { toolUseId, name: part.name } } });
        }
        case 'tool-call-delta':
          return event('contentBlockDelta', { contentBlockIndex: blockIndex, delta: { toolUse: { input: part.argumentsDelta } } });
      }
    },
    flush: () => wire.flush(),
    onDrain: (resume) => wire.onDrain(resume),
    finish() {
      start();
      closeBlock();
      event('messageStop', { stopReason: bedrockSimShapes.stopReason(plan) });
      event('metadata', { usage: bedrockSimShapes.usage(meta.usage), metrics: { latencyMs: meta.latencyMs } });
      wire.end();
    },
    fail(mode) {
      start();
      if (mode === 'cut') return wire.cut();
      const exception = bedrockSimErrors.streamException();
      wire.push(
        frame(
          {
            ':exception-type': { type: 'string', value: exception.type },
            ':content-type': { type: 'string', value: 'application/json' },
            ':message-type': { type: 'string', value: 'exception' },
          },
          { message: exception.message },
        ),
      );
      wire.end();
    },
  };
}
