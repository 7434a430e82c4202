import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../../spec/gateway-error.js';
import type { ReasoningDeltaPart, StreamPart } from '../../spec/stream-part.js';
import type { Usage } from '../../spec/usage.js';
import { openAIErrorBody } from '../openai-error-body.js';
import { SseResponseBuffer } from '../sse-response-buffer.js';
import { encodeOpenAIUsage } from './encode-openai-result.js';

/**
 * Writes canonical parts as OpenAI `chat.completion.chunk` SSE events.
 *
 * Bytes go out through an SseResponseBuffer (one write per upstream read); `write` returns false when
 * the client is slower than the upstream, and the caller awaits `drained()` before pulling more parts.
 */
export class OpenAIStreamWriter {
  private prefix = '';
  private usage: Usage | undefined;
  private usageExtra: Record<string, unknown> | undefined;
  private readonly buffer: SseResponseBuffer;

  constructor(
    response: ServerResponse,
    private readonly includeUsage: boolean,
    /** Reported as the model when an upstream never said which one it used. */
    private readonly fallbackModel: string,
  ) {
    this.buffer = new SseResponseBuffer(response);
  }

  /** Returns false when the socket buffer is full. */
  write(part: StreamPart): boolean {
    if (this.prefix === '' && part.type !== 'response-start' && part.type !== 'usage' && part.type !== 'error') {
      this.write({ type: 'response-start', id: `chatcmpl-${randomUUID()}`, model: this.fallbackModel, created: Math.floor(Date.now() / 1000) });
    }
    switch (part.type) {
      case 'raw-events':
        return this.buffer.sendBinary(part.binary);
      case 'response-start':
        this.prefix =
          `{"id":${JSON.stringify(part.id)},"object":"chat.completion.chunk","created":${part.created},"model":${JSON.stringify(part.model)},` +
          (part.extra === undefined ? '' : `${JSON.stringify(part.extra).slice(1, -1)},`) +
          '"choices":[';
        return this.send(`data: ${this.prefix}{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`);
      case 'text-delta':
        return this.delta(part.choice, `{"content":${JSON.stringify(part.text)}}`);
      case 'reasoning-delta':
        return this.delta(part.choice, encodeReasoningDelta(part));
      case 'refusal-delta':
        return this.delta(part.choice, `{"refusal":${JSON.stringify(part.text)}}`);
      case 'tool-call-start':
        return this.delta(
          part.choice,
          `{"tool_calls":[{"index":${part.index},"id":${JSON.stringify(part.id)},"type":"function","function":{"name":${JSON.stringify(part.name)},"arguments":""}}]}`,
        );
      case 'tool-call-delta':
        return this.delta(part.choice, `{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.argumentsDelta)}}}]}`);
      case 'tool-call-end':
        return true;
      case 'finish': {
        const extra = part.extra === undefined ? '' : `,${JSON.stringify(part.extra).slice(1, -1)}`;
        return this.send(`data: ${this.prefix}{"index":${part.choice ?? 0},"delta":{}${extra},"finish_reason":"${part.reason}"}]}\n\n`);
      }
      case 'usage':
        this.usage = part.usage;
        this.usageExtra = part.extra;
        return true;
      case 'error':
        return this.error(part.error);
    }
  }

  /** Ends a stream that completed: the usage chunk (when asked for), then `[DONE]`. */
  end(): void {
    let tail = '';
    if (this.includeUsage && this.usage !== undefined) {
      tail += `data: ${this.prefix}],"usage":${JSON.stringify(encodeOpenAIUsage(this.usage, this.usageExtra))}}\n\n`;
    }
    this.buffer.end(`${tail}data: [DONE]\n\n`);
  }

  /** A failure after the stream began: an OpenAI error event, then a clean close. */
  error(error: GatewayError): boolean {
    this.buffer.end(`data: ${JSON.stringify(openAIErrorBody(error))}\n\n`);
    return true;
  }

  drained(): Promise<void> {
    return this.buffer.drained();
  }

  private delta(choice: number | undefined, delta: string): boolean {
    return this.send(`data: ${this.prefix}{"index":${choice ?? 0},"delta":${delta},"finish_reason":null}]}\n\n`);
  }

  private send(text: string): boolean {
    return this.buffer.send(text);
  }
}

/**
 * Reasoning text goes out as `reasoning_content`; the state a provider needs back (a signature that
 * closes a thinking block, a redacted block) as a one-element `thinking_blocks` delta (docs/reasoning.md).
 */
function encodeReasoningDelta(part: ReasoningDeltaPart): string {
  const text = part.text === '' ? '' : `"reasoning_content":${JSON.stringify(part.text)}`;
  let block = '';
  if (part.redacted !== undefined) block = `"thinking_blocks":[{"type":"redacted_thinking","data":${JSON.stringify(part.redacted)}}]`;
  else if (part.signature !== undefined) block = `"thinking_blocks":[{"type":"thinking","thinking":"","signature":${JSON.stringify(part.signature)}}]`;
  return `{${text}${text !== '' && block !== '' ? ',' : ''}${block}}`;
}
