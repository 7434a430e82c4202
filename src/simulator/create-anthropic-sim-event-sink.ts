import type { ServerResponse } from 'node:http';
import { anthropicSimErrors } from './anthropic-sim-errors.js';
import { anthropicSimShapes, type AnthropicSimUsage } from './anthropic-sim-shapes.js';
import { createSimWireStream } from './create-sim-wire-stream.js';
import type { CompletionPlan } from './plan-completion.js';
import type { SimCompletionSink } from './serve-sim-completion.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

export interface AnthropicEventMeta {
  requestId: string;
  id: string;
  model: string;
  plan: CompletionPlan;
  usage: AnthropicSimUsage;
  thinkingSignature: string | undefined;
  /** Rendered events of shared fixed-text parts (see SimulatorState.encoderCache); undefined when parts are per request. */
  renderCache: WeakMap<object, string> | undefined;
}

type BlockType = 'thinking' | 'text' | 'tool_use';

function event(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

/**
 * Encodes stream parts as Anthropic SSE events in the order api.anthropic.com sends them:
 * message_start, then per content block content_block_start / _delta… / _stop (a `ping` after
 * the first block opens; a thinking block ends with its signature_delta; a tool_use block opens
 * with an empty input_json_delta), then message_delta (stop_reason, cumulative usage) and
 * message_stop. Block indexes count every block; tool calls are blocks too.
 */
export function createAnthropicSimEventSink(response: ServerResponse, meta: AnthropicEventMeta): SimCompletionSink {
  const wire = createSimWireStream(response, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': meta.requestId,
  });
  const { plan, usage, renderCache } = meta;
  let started = false;
  let pinged = false;
  let blockIndex = -1;
  let openBlock: BlockType | undefined;

  const start = (): void => {
    if (started) return;
    started = true;
    wire.push(
      event(
        'message_start',
        `{"type":"message_start","message":{"id":"${meta.id}","type":"message","role":"assistant","model":${JSON.stringify(meta.model)},"content":[],"stop_reason":null,"stop_sequence":null,"usage":${anthropicSimShapes.usage(usage, 1)}}}`,
      ),
    );
  };
  const closeBlock = (): void => {
    if (openBlock === undefined) return;
    if (openBlock === 'thinking' && meta.thinkingSignature !== undefined) {
      wire.push(event('content_block_delta', `{"type":"content_block_delta","index":${blockIndex},"delta":{"type":"signature_delta","signature":"${meta.thinkingSignature}"}}`));
    }
    wire.push(event('content_block_stop', `{"type":"content_block_stop","index":${blockIndex}}`));
    openBlock = undefined;
  };
  const openNewBlock = (type: BlockType, contentBlock: string): void => {
    closeBlock();
    blockIndex++;
    openBlock = type;
    wire.push(event('content_block_start', `{"type":"content_block_start","index":${blockIndex},"content_block":${contentBlock}}`));
    if (!pinged) {
      pinged = true;
      wire.push(event('ping', '{"type": "ping"}'));
    }
  };
  const delta = (body: string): string => event('content_block_delta', `{"type":"content_block_delta","index":${blockIndex},"delta":${body}}`);

  return {
    open() {
      wire.open();
    },
    write(part: SimulatedStreamPart) {
      start();
      switch (part.type) {
        case 'reasoning-delta':
          if (openBlock !== 'thinking') openNewBlock('thinking', '{"type":"thinking","thinking":""}');
          return wire.push(delta(`{"type":"thinking_delta","thinking":${JSON.stringify(part.text)}}`));
        case 'text-delta': {
          if (openBlock !== 'text') openNewBlock('text', '{"type":"text","text":""}');
          let rendered = renderCache?.get(part);
          if (rendered === undefined) {
            rendered = delta(`{"type":"text_delta","text":${JSON.stringify(part.text)}}`);
            renderCache?.set(part, rendered);
          }
          return wire.push(rendered);
        }
        case 'tool-call-start': {
          const call = plan.toolCalls[part.index];
          const id = call ? anthropicSimShapes.toolId(call) : part.id;
          openNewBlock('tool_use', `{"type":"tool_use","id":"${id}","name":${JSON.stringify(part.name)},"input":{}}`);
          return wire.push(delta('{"type":"input_json_delta","partial_json":""}'));
        }
        case 'tool-call-delta':
          return wire.push(delta(`{"type":"input_json_delta","partial_json":${JSON.stringify(part.argumentsDelta)}}`));
      }
    },
    flush: () => wire.flush(),
    onDrain: (resume) => wire.onDrain(resume),
    finish() {
      start();
      closeBlock();
      wire.push(
        event(
          'message_delta',
          `{"type":"message_delta","delta":{"stop_reason":"${anthropicSimShapes.stopReason(plan)}","stop_sequence":${anthropicSimShapes.stopSequence(plan)}},"usage":${anthropicSimShapes.usage(usage)}}`,
        ),
      );
      wire.push(event('message_stop', '{"type":"message_stop"}'));
      wire.end();
    },
    fail(mode) {
      start();
      if (mode === 'error-event') {
        wire.push(anthropicSimErrors.streamErrorEvent());
        wire.end();
      } else wire.cut();
    },
  };
}
