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
  /** Rendered choices of shared parts (see SimulatorState.encoderCache); undefined when the parts are per request. */
  renderCache: WeakMap<object, string> | undefined;
}

const systemFingerprint = 'fp_sim0c4a7e';
// Node's socket high-water mark: past it res.write() reports a full buffer anyway.
const flushThreshold = 16 * 1024;
const roleDelta = '{"role":"assistant","content":"","refusal":null}';

/**
 * Encodes stream parts as OpenAI `chat.completion.chunk` SSE events, byte for byte in the order
 * and field layout api.openai.com uses: a role chunk first (merged into the first tool call when
 * the answer starts with one), one chunk per part, a finish chunk, an optional usage chunk with
 * `choices: []`, then `data: [DONE]`. With include_usage every other chunk carries `"usage":null`.
 * Chunks are pieces joined once per socket write: the per-request prefix is built once and the
 * choice of a shared fixed-text part is rendered once per simulator.
 */
export function createOpenAiSimChunkSink(response: ServerResponse, meta: OpenAiChunkMeta): StreamPartSink & { open(): void } {
  const head = `data: {"id":"${meta.id}","object":"chat.completion.chunk","created":${meta.created},"model":${JSON.stringify(meta.model)},"service_tier":"default","system_fingerprint":"${systemFingerprint}","choices":[`;
  // V8 builds template strings as ropes and would walk this one again for every chunk it starts;
  // reading a character flattens it once (about a third of a zero-delay stream's encoding time).
  head.charCodeAt(0);
  const tail = meta.includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  const { renderCache } = meta;
  let pieces: string[] = [];
  let buffered = 0;
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
  const push = (choice: string): void => {
    pieces.push(head, choice, tail);
    buffered += head.length + choice.length + tail.length;
  };
  const take = (): string => {
    const text = pieces.join('');
    pieces = [];
    buffered = 0;
    return text;
  };
  const start = (part?: SimulatedStreamPart): boolean => {
    if (started) return false;
    started = true;
    if (part?.type === 'tool-call-start') {
      push(renderChoice(`{"role":"assistant","content":null,"tool_calls":[${toolCallOpening(part)}],"refusal":null}`));
      return true;
    }
    push(renderChoice(roleDelta));
    return false;
  };

  return {
    /** Sends the headers now, as a provider does before its first token arrives. */
    open() {
      writeHead();
      response.flushHeaders();
    },
    write(part) {
      if (start(part)) return buffered >= flushThreshold;
      let choice = renderCache?.get(part);
      if (choice === undefined) {
        choice = renderChoice(renderDelta(part));
        if (renderCache) {
          choice.charCodeAt(0);
          renderCache.set(part, choice);
        }
      }
      push(choice);
      return buffered >= flushThreshold;
    },
    flush() {
      if (pieces.length === 0) return true;
      writeHead();
      return response.write(take());
    },
    onDrain(resume) {
      response.once('drain', resume);
    },
    finish() {
      start();
      push(renderChoice('{}', meta.plan.finishReason));
      if (meta.includeUsage) pieces.push(head, `],"usage":${renderOpenAiSimUsage(meta.plan.usage)}}\n\n`);
      pieces.push('data: [DONE]\n\n');
      const text = take();
      // An answer produced in one go leaves as one write with a Content-Length: cheapest for benchmarks.
      writeHead(Buffer.byteLength(text));
      response.end(text);
    },
    fail(mode: MidStreamFailureMode) {
      start();
      writeHead();
      if (mode === 'error-event') {
        pieces.push(openAiSimErrors.streamErrorEvent());
        response.end(take());
      } else {
        // Let the chunks already produced reach the client, then cut without a terminating chunk.
        response.write(take(), () => response.socket?.destroy());
      }
    },
  };
}

function renderChoice(delta: string, finishReason: string | null = null): string {
  return `{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}`;
}

function renderDelta(part: SimulatedStreamPart): string {
  switch (part.type) {
    case 'text-delta':
      return `{"content":${JSON.stringify(part.text)}}`;
    case 'reasoning-delta':
      return `{"reasoning_content":${JSON.stringify(part.text)}}`;
    case 'tool-call-start':
      return `{"tool_calls":[${toolCallOpening(part)}]}`;
    case 'tool-call-delta':
      return `{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.argumentsDelta)}}}]}`;
  }
}

function toolCallOpening(part: { index: number; id: string; name: string }): string {
  return `{"index":${part.index},"id":"${part.id}","type":"function","function":{"name":${JSON.stringify(part.name)},"arguments":""}}`;
}
