import type { GatewayError as GatewayErrorType } from '../spec/gateway-error.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { PartStream, StreamPart } from '../spec/stream-part.js';
import type { RequestContext } from './request-context.js';
import { formatCostUsd, requestCostNusd } from './request-cost.js';

/** What an ingress stream writer (OpenAI or Anthropic wire) offers the pump. */
export interface PartWriter {
  /** Returns false when the client's socket buffer is full. */
  write(part: StreamPart): boolean;
  /** Called after each upstream batch (the Anthropic writer opens its message there). */
  endBatch?(): void;
  /** A failure after the stream began: an error event, then a clean close. */
  error(error: GatewayErrorType): void;
  /** The stream completed. */
  end(): void;
  drained(): Promise<void>;
}

/**
 * Answers 200 as an event stream and moves parts from the router to the client with backpressure: one batch per upstream read, a pause
 * while the client is slower than the upstream, an error event for a failure mid-stream, nothing at
 * all once the client has gone.
 */
export async function pumpParts(context: RequestContext, parts: PartStream, writer: PartWriter): Promise<void> {
  const { response, observed } = context;
  const costed = context.streamCost;
  response.writeHead(200, {
    ...context.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    ...(costed === undefined ? {} : { trailer: 'x-skyroute-cost-usd' }),
  });
  const finish = (): void => {
    if (costed === undefined) return;
    observed.costNusd = requestCostNusd(observed.usage, costed);
    response.addTrailers({ 'x-skyroute-cost-usd': formatCostUsd(observed.costNusd) });
  };
  try {
    for await (const batch of parts) {
      if (response.destroyed) return;
      let writable = true;
      for (const part of batch) {
        if (part.type === 'error') {
          context.logger.warn({ requestId: context.requestId, code: part.error.code, err: part.error.message }, 'upstream failed mid-stream');
          observed.streamError = part.error;
          finish();
          writer.error(part.error);
          return;
        }
        if (part.type === 'usage') observed.usage = part.usage;
        else if (observed.firstOutputAt === undefined && isOutput(part)) observed.firstOutputAt = Date.now();
        writable = writer.write(part);
      }
      writer.endBatch?.();
      if (!writable) await writer.drained();
    }
  } catch (error) {
    if (response.destroyed) return;
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `The stream from ${context.headers['x-skyroute-provider']} failed: ${(error as Error).message}`);
    context.logger.warn({ requestId: context.requestId, code: failure.code, err: failure.message }, 'stream failed');
    observed.streamError = failure;
    finish();
    writer.error(failure);
    return;
  }
  if (!response.destroyed) {
    finish();
    writer.end();
  }
}

function isOutput(part: StreamPart): boolean {
  return part.type === 'text-delta' || part.type === 'raw-events' || part.type === 'reasoning-delta' || part.type === 'tool-call-start' || part.type === 'refusal-delta';
}
