import type { ServerResponse } from 'node:http';
import { cohereSimErrors } from './cohere-sim-errors.js';
import { cohereSimShapes } from './cohere-sim-shapes.js';
import { createSimWireStream } from './create-sim-wire-stream.js';
import type { CompletionPlan } from './plan-completion.js';
import { splitIntoWordTokens } from './plan-completion.js';
import type { SimCompletionSink } from './serve-sim-completion.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

export interface CohereEventMeta {
  requestId: string;
  id: string;
  plan: CompletionPlan;
}

function event(type: string, data: string): string {
  return `event: ${type}\ndata: ${data}\n\n`;
}

/**
 * Encodes stream parts as Cohere v2 SSE events (`event:` lines named like the data's `type`):
 * message-start, content-start / content-delta… / content-end per content block (thinking, then
 * text; `index` counts content blocks), tool-plan-delta words before the first tool call,
 * tool-call-start / tool-call-delta… / tool-call-end per call (`index` counts calls), and
 * message-end with finish_reason and usage.
 */
export function createCohereSimEventSink(response: ServerResponse, meta: CohereEventMeta): SimCompletionSink {
  const wire = createSimWireStream(response, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': meta.requestId });
  const { plan } = meta;
  let started = false;
  let contentIndex = -1;
  let openContent: 'thinking' | 'text' | undefined;
  let openCall = -1;

  const start = (): void => {
    if (started) return;
    started = true;
    wire.push(
      event(
        'message-start',
        `{"id":"${meta.id}","type":"message-start","delta":{"message":{"role":"assistant","content":[],"tool_plan":"","tool_calls":[],"citations":[]}}}`,
      ),
    );
  };
  const close = (): void => {
    if (openContent !== undefined) wire.push(event('content-end', `{"type":"content-end","index":${contentIndex}}`));
    openContent = undefined;
    if (openCall >= 0) wire.push(event('tool-call-end', `{"type":"tool-call-end","index":${openCall}}`));
    openCall = -1;
  };
  const content = (type: 'thinking' | 'text', text: string): boolean => {
    if (openContent !== type) {
      close();
      contentIndex++;
      openContent = type;
      wire.push(event('content-start', `{"type":"content-start","index":${contentIndex},"delta":{"message":{"content":{"type":"${type}","${type}":""}}}}`));
    }
    return wire.push(event('content-delta', `{"type":"content-delta","index":${contentIndex},"delta":{"message":{"content":{"${type}":${JSON.stringify(text)}}}}}`));
  };

  return {
    open() {
      wire.open();
    },
    write(part: SimulatedStreamPart) {
      start();
      switch (part.type) {
        case 'reasoning-delta':
          return content('thinking', part.text);
        case 'text-delta':
          return content('text', part.text);
        case 'tool-call-start': {
          close();
          if (part.index === 0) {
            for (const word of splitIntoWordTokens(cohereSimShapes.toolPlan(plan))) {
              wire.push(event('tool-plan-delta', `{"type":"tool-plan-delta","delta":{"message":{"tool_plan":${JSON.stringify(word)}}}}`));
            }
          }
          openCall = part.index;
          const call = plan.toolCalls[part.index];
          const id = call ? cohereSimShapes.toolId(call) : part.id;
          return wire.push(
            event(
              'tool-call-start',
              `{"type":"tool-call-start","index":${part.index},"delta":{"message":{"tool_calls":{"id":"${id}","type":"function","function":{"name":${JSON.stringify(part.name)},"arguments":""}}}}}`,
            ),
          );
        }
        case 'tool-call-delta':
          return wire.push(
            event('tool-call-delta', `{"type":"tool-call-delta","index":${part.index},"delta":{"message":{"tool_calls":{"function":{"arguments":${JSON.stringify(part.argumentsDelta)}}}}}}`),
          );
      }
    },
    flush: () => wire.flush(),
    onDrain: (resume) => wire.onDrain(resume),
    finish() {
      start();
      close();
      wire.push(event('message-end', `{"type":"message-end","delta":{"finish_reason":"${cohereSimShapes.finishReason(plan)}","usage":${cohereSimShapes.usage(plan.usage)}}}`));
      wire.end();
    },
    fail(mode) {
      start();
      if (mode === 'cut') return wire.cut();
      wire.push(cohereSimErrors.streamErrorEvent());
      wire.end();
    },
  };
}
