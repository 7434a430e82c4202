import type { ServerResponse } from 'node:http';
import type { MidStreamFailureMode } from './model-profile.js';
import { openAiSimErrors } from './openai-sim-errors.js';
import type { StreamPartSink } from './pace-stream-parts.js';
import type { CompletionPlan } from './plan-completion.js';
import { renderOpenAiSimUsage } from './render-openai-sim-completion.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

export interface OpenAiChunkMeta {
  requestId: string;
  id: string;
  created: number;
  model: string;
  includeUsage: boolean;
  plan: CompletionPlan;
}

const systemFingerprint = 'fp_sim0c4a7e';
const roleDelta = '{"role":"assistant","content":"","refusal":null}';

/**
 * Encodes stream parts as OpenAI `chat.completion.chunk` SSE events, byte for byte in the order
 * and field layout api.openai.com uses: a role chunk first (merged into the first tool call when
 * the answer starts with one), one chunk per part, a finish chunk, an optional usage chunk with
 * `choices: []`, then `data: [DONE]`. With include_usage every other chunk carries `"usage":null`.
 * Chunks are built by string concatenation around a per-request prefix: JSON.stringify runs only
 * on the text itself.
 */
export function createOpenAiSimChunkSink(response: ServerResponse, meta: OpenAiChunkMeta): StreamPartSink & { open(): void } {
  const head = `data: {"id":"${meta.id}","object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"service_tier":"default","system_fingerprint":"${systemFingerprint}","choices":[`;
  const tail = meta.includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  const chunk = (delta: string, finishReason: string | null = null): string =>
    `${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}${tail}`;
  let buffer = '';
  let started = false;
  let headWritten = false;
  const writeHead = (contentLength?: number): void => {
    if (headWritten) return;
    headWritten = true;
    const headers: Record<string, string | number> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': meta.requestId,
    };
    if (contentLength !== undefined) headers['content-length'] = contentLength;
    response.writeHead(200, headers);
  };

  const start = (part?: SimulatedStreamPart): boolean => {
    if (started) return false;
    started = true;
    if (part?.type === 'tool-call-start') {
      buffer += chunk(`{"role":"assistant","content":null,"tool_calls":[${toolCallOpening(part)}],"refusal":null}`);
      return true;
    }
    buffer += chunk(roleDelta);
    return false;
  };

  return {
    /** Sends the headers now, as a provider does before its first token arrives. */
    open() {
      writeHead();
      response.flushHeaders();
    },
    write(part) {
      if (start(part)) return;
      switch (part.type) {
        case 'text-delta':
          buffer += chunk(`{"content":${JSON.stringify(part.text)}}`);
          break;
        case 'reasoning-delta':
          buffer += chunk(`{"reasoning_content":${JSON.stringify(part.text)}}`);
          break;
        case 'tool-call-start':
          buffer += chunk(`{"tool_calls":[${toolCallOpening(part)}]}`);
          break;
        case 'tool-call-delta':
          buffer += chunk(`{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.argumentsDelta)}}}]}`);
          break;
      }
    },
    flush() {
      if (buffer === '') return true;
      const data = buffer;
      buffer = '';
      writeHead();
      return response.write(data);
    },
    onDrain(resume) {
      response.once('drain', resume);
    },
    finish() {
      start();
      buffer += chunk('{}', meta.plan.finishReason);
      if (meta.includeUsage) {
        buffer += `${head}],"usage":${renderOpenAiSimUsage(meta.plan.usage)}}\n\n`;
      }
      buffer += 'data: [DONE]\n\n';
      // An answer produced in one go leaves as one write with a Content-Length: cheapest for benchmarks.
      writeHead(Buffer.byteLength(buffer));
      response.end(buffer);
      buffer = '';
    },
    fail(mode: MidStreamFailureMode) {
      start();
      writeHead();
      if (mode === 'error-event') {
        response.end(buffer + openAiSimErrors.streamErrorEvent());
      } else {
        // Let the chunks already produced reach the client, then cut without a terminating chunk.
        response.write(buffer, () => response.socket?.destroy());
      }
      buffer = '';
    },
  };
}

function toolCallOpening(part: { index: number; id: string; name: string }): string {
  return `{"index":${part.index},"id":"${part.id}","type":"function","function":{"name":${JSON.stringify(part.name)},"arguments":""}}`;
}
