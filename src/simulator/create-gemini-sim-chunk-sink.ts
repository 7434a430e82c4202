import type { ServerResponse } from 'node:http';
import { createSimWireStream } from './create-sim-wire-stream.js';
import { geminiSimErrors } from './gemini-sim-errors.js';
import { geminiSimShapes } from './gemini-sim-shapes.js';
import type { CompletionPlan } from './plan-completion.js';
import type { GeminiSimResponseMeta } from './render-gemini-sim-response.js';
import type { SimCompletionSink } from './serve-sim-completion.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

export interface GeminiChunkMeta extends GeminiSimResponseMeta {
  plan: CompletionPlan;
  /** `alt=sse`: `data:` events split by CRLF CRLF; otherwise one JSON array streamed element by element. */
  sse: boolean;
}

/**
 * Encodes stream parts as streamGenerateContent chunks: one GenerateContentResponse per text or
 * thought part, each with the running usageMetadata. Function calls arrive whole (Gemini does not
 * stream arguments), in the last chunk, which also carries the finishReason; an answer of text
 * ends with a chunk whose only part is empty text. Thoughts the client did not ask to see are
 * counted but not sent.
 */
export function createGeminiSimChunkSink(response: ServerResponse, meta: GeminiChunkMeta): SimCompletionSink {
  const wire = createSimWireStream(response, {
    'content-type': meta.sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
    'cache-control': 'no-cache',
  });
  const tail = `"modelVersion":${JSON.stringify(meta.model)},"responseId":"${meta.responseId}"}`;
  let thoughts = 0;
  let candidates = 0;
  let startedCalls = 0;
  let chunks = 0;
  let signature = meta.thoughtSignature;

  const takeSignature = (): string | undefined => {
    const taken = signature;
    signature = undefined;
    return taken;
  };
  const frame = (json: string): string => (meta.sse ? `data: ${json}\r\n\r\n` : `${chunks++ === 0 ? '[' : ',\r\n'}${json}`);
  const chunk = (parts: string, finishReason?: string): string => {
    const usage = geminiSimShapes.usage({ prompt: meta.usage.prompt, cached: meta.usage.cached, candidates, thoughts });
    const finish = finishReason === undefined ? '' : `,"finishReason":"${finishReason}"`;
    return frame(`{"candidates":[{"content":{"parts":[${parts}],"role":"model"}${finish},"index":0}],"usageMetadata":${usage},${tail}`);
  };

  return {
    open() {
      wire.open();
    },
    write(part: SimulatedStreamPart) {
      switch (part.type) {
        case 'reasoning-delta':
          thoughts++;
          return meta.includeThoughts ? wire.push(chunk(`{"text":${JSON.stringify(part.text)},"thought":true}`)) : false;
        case 'text-delta':
          candidates++;
          return wire.push(chunk(geminiSimShapes.textPart(JSON.stringify(part.text), takeSignature())));
        case 'tool-call-start':
          startedCalls++;
          return false;
        case 'tool-call-delta':
          candidates++;
          return false;
      }
    },
    flush: () => wire.flush(),
    onDrain: (resume) => wire.onDrain(resume),
    finish() {
      const parts =
        startedCalls > 0
          ? meta.plan.toolCalls.slice(0, startedCalls).map((call) => geminiSimShapes.functionCallPart(call, takeSignature()))
          : [geminiSimShapes.textPart('""', takeSignature())];
      wire.push(chunk(parts.join(','), geminiSimShapes.finishReason(meta.plan)));
      if (!meta.sse) wire.push(']');
      wire.end();
    },
    fail(mode) {
      if (mode === 'cut') return wire.cut();
      if (meta.sse) wire.push(geminiSimErrors.streamErrorEvent());
      else wire.push(`${frame(JSON.stringify(geminiSimErrors.fromFault({ kind: 'outage', mode: 'error' }, meta.model).body))}]`);
      wire.end();
    },
  };
}
