import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../../spec/gateway-error.js';
import type { FinishPart, StreamPart } from '../../spec/stream-part.js';
import type { Usage } from '../../spec/usage.js';
import { SseResponseBuffer } from '../sse-response-buffer.js';
import { anthropicErrorBody } from './anthropic-error-body.js';
import { anthropicMessageId, DIRECT_CALLER, stopSequenceOf } from './encode-anthropic-message.js';
import { encodeAnthropicUsage } from './encode-anthropic-usage.js';
import { mapFinishReasonToAnthropic } from './map-finish-reason-to-anthropic.js';

type OpenBlock = { kind: 'text' | 'thinking'; index: number } | { kind: 'tool'; index: number; toolIndex: number };

/**
 * Writes canonical parts as Anthropic Messages SSE events (`event: <type>` + `data: <json>`):
 * message_start, then content blocks one at a time (content_block_start, deltas, content_block_stop),
 * then message_delta (stop reason, usage) and message_stop. A part's content type change closes the
 * open block and starts the next; a reasoning part with a signature closes its thinking block; a
 * redacted part is one whole block.
 *
 * message_start waits for the end of the batch that began the response, so a usage part in that
 * batch (an Anthropic upstream reports input tokens at the start) is in it; otherwise its input count
 * is 0 and message_delta carries the real counts, as current Anthropic streams do. Parts must be
 * expanded first (expandPartStream): `raw-events` are OpenAI wire text.
 *
 * Like the OpenAI writer, events of one burst are joined and written once on the next tick, and
 * `write` returns false when the client is slower than the upstream, for the caller to await `drained()`.
 */
export class AnthropicStreamWriter {
  private readonly buffer: SseResponseBuffer;
  private upstreamId: string | undefined;
  private started = false;
  private usage: Usage | undefined;
  private finish: FinishPart | undefined;
  private refused = false;
  private nextIndex = 0;
  private open: OpenBlock | undefined;
  /** Tool-call index → content block index. */
  private readonly toolBlocks = new Map<number, number>();

  constructor(
    response: ServerResponse,
    /** The model name the client asked for. */
    private readonly model: string,
    /** Put in an error event's body, as Anthropic does. */
    private readonly requestId?: string,
  ) {
    this.buffer = new SseResponseBuffer(response);
  }

  /** Returns false when the socket buffer is full. */
  write(part: StreamPart): boolean {
    // The endpoint never asks for n > 1, so only the first choice exists.
    if ('choice' in part && part.choice !== undefined && part.choice !== 0) return this.canWrite();
    switch (part.type) {
      case 'response-start':
        this.upstreamId ??= part.id;
        break;
      case 'usage':
        this.usage = part.usage;
        break;
      case 'text-delta':
        this.text(part.text);
        break;
      case 'refusal-delta':
        this.refused = true;
        this.text(part.text);
        break;
      case 'reasoning-delta':
        this.reasoning(part.text, part.signature, part.redacted);
        break;
      case 'tool-call-start': {
        this.closeBlock();
        const index = this.startBlock({ type: 'tool_use', id: part.id, name: part.name, input: {}, caller: DIRECT_CALLER });
        this.open = { kind: 'tool', index, toolIndex: part.index };
        this.toolBlocks.set(part.index, index);
        break;
      }
      case 'tool-call-delta': {
        const index = this.toolBlocks.get(part.index);
        // Deltas go to their call's block by index, even in the rare stream that interleaves two calls.
        if (index !== undefined && part.argumentsDelta !== '') this.delta(index, { type: 'input_json_delta', partial_json: part.argumentsDelta });
        break;
      }
      case 'tool-call-end':
        if (this.open?.kind === 'tool' && this.open.toolIndex === part.index) this.closeBlock();
        break;
      case 'finish':
        this.finish = part;
        this.closeBlock();
        break;
      case 'error':
        this.error(part.error);
        break;
      case 'raw-events':
        throw new Error('AnthropicStreamWriter takes expanded parts (expandPartStream), not raw OpenAI events');
    }
    return this.canWrite();
  }

  /** Called after each batch: a response that has begun gets its message_start now. */
  endBatch(): void {
    if (this.upstreamId !== undefined) this.startMessage();
  }

  /** Ends a stream that completed: the open block, message_delta with the stop reason and usage, message_stop. */
  end(): void {
    this.closeBlock();
    const stopReason = mapFinishReasonToAnthropic(this.finish?.reason, this.finish?.providerReason, this.refused);
    const usage = this.usage === undefined ? { output_tokens: 0 } : encodeAnthropicUsage(this.usage);
    this.event('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequenceOf(this.finish?.extra) }, usage });
    this.event('message_stop', { type: 'message_stop' });
    this.buffer.end();
  }

  /** A failure after the stream began: an Anthropic `error` event, then a clean close. */
  error(error: GatewayError): void {
    this.buffer.end(`event: error\ndata: ${JSON.stringify(anthropicErrorBody(error, this.requestId))}\n\n`);
  }

  drained(): Promise<void> {
    return this.buffer.drained();
  }

  private text(text: string): void {
    if (text === '') return;
    if (this.open?.kind !== 'text') {
      this.closeBlock();
      this.open = { kind: 'text', index: this.startBlock({ type: 'text', text: '', citations: null }) };
    }
    this.delta(this.open.index, { type: 'text_delta', text });
  }


  private reasoning(text: string, signature: string | undefined, redacted: string | undefined): void {
    if (redacted !== undefined) {
      this.closeBlock();
      this.stopBlock(this.startBlock({ type: 'redacted_thinking', data: redacted }));
      return;
    }
    if (text === '' && signature === undefined) return;
    if (this.open?.kind !== 'thinking') {
      this.closeBlock();
      this.open = { kind: 'thinking', index: this.startBlock({ type: 'thinking', thinking: '', signature: '' }) };
    }
    if (text !== '') this.delta(this.open.index, { type: 'thinking_delta', thinking: text });
    if (signature !== undefined) {
      this.delta(this.open.index, { type: 'signature_delta', signature });
      this.closeBlock();
    }
  }

  private startMessage(): void {
    if (this.started) return;
    this.started = true;
    const usage = this.usage === undefined
      ? { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
      : encodeAnthropicUsage(this.usage);
    const message = {
      id: anthropicMessageId(this.upstreamId ?? ''),
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    };
    this.send(`event: message_start\ndata: {"type":"message_start","message":${JSON.stringify(message)}}\n\n`);
  }

  private startBlock(block: Record<string, unknown>): number {
    this.startMessage();
    const index = this.nextIndex++;
    this.send(`event: content_block_start\ndata: {"type":"content_block_start","index":${index},"content_block":${JSON.stringify(block)}}\n\n`);
    return index;
  }

  private closeBlock(): void {
    if (this.open === undefined) return;
    this.stopBlock(this.open.index);
    this.open = undefined;
  }

  private stopBlock(index: number): void {
    this.send(`event: content_block_stop\ndata: {"type":"content_block_stop","index":${index}}\n\n`);
  }

  private delta(index: number, delta: Record<string, unknown>): void {
    this.send(`event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":${JSON.stringify(delta)}}\n\n`);
  }

  private event(type: string, data: Record<string, unknown>): void {
    this.startMessage();
    this.send(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private send(text: string): void {
    this.buffer.send(text);
  }

  private canWrite(): boolean {
    return this.buffer.writable;
  }
}
