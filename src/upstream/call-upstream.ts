import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../spec/gateway-error.js';
import type { Cancellation } from './cancellation.js';
import type { UpstreamTimeouts } from './upstream-timeouts.js';

export interface UpstreamCall {
  /** Provider id, named in every error. */
  provider: string;
  /** `http(s)://host:port`, parsed once per provider, not per request. */
  origin: string;
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Cancelled when the client goes away or the total deadline passes (then its reason is a GatewayError). */
  cancellation: Cancellation;
  timeouts: UpstreamTimeouts;
  /** Sent as the `traceparent` header (tracing on), added here so `headers` can stay one object per provider. */
  traceparent?: string | undefined;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The whole body as text. */
  text(): Promise<string>;
  /**
   * The body as it arrives; a failure while reading is thrown already mapped (a GatewayError, or
   * the cancellation's reason when the client went away). Stopping early (break/return) does not abort the connection: the rest is
   * read and dropped, so a stream that ended at `[DONE]` keeps its connection for reuse. Only a
   * cancellation aborts.
   */
  chunks(): AsyncIterable<Buffer>;
}

/** Chunks queued beyond this pause the upstream socket until the consumer catches up. */
const HIGH_WATER_CHUNKS = 16;

/**
 * One upstream exchange on undici's low-level dispatch API: no Readable per response, no URL
 * parsing per request, no AbortSignal. Resolves when the response headers arrive.
 */
export function callUpstream(dispatcher: Dispatcher, call: UpstreamCall): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(
      {
        origin: call.origin,
        path: call.path,
        method: call.method,
        headers: call.traceparent === undefined ? call.headers : { ...call.headers, traceparent: call.traceparent },
        body: call.body ?? null,
        headersTimeout: call.timeouts.firstByteMs,
        bodyTimeout: call.timeouts.idleMs,
      },
      new UpstreamExchange(call, resolve, reject),
    );
  });
}

class UpstreamExchange implements Dispatcher.DispatchHandler, UpstreamResponse {
  status = 0;
  headers: IncomingHttpHeaders = {};
  private controller: Dispatcher.DispatchController | undefined;
  private readonly queue: Buffer[] = [];
  private ended = false;
  private failure: unknown;
  private discarding = false;
  private wake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private started = false;
  /** text() wants everything: never pause the socket for a full queue. */
  private collectAll = false;

  constructor(
    private readonly call: UpstreamCall,
    private readonly resolve: (response: UpstreamResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    this.unsubscribe = this.call.cancellation.onAbort((reason) => controller.abort(reason instanceof Error ? reason : new Error(String(reason))));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
    this.started = true;
    this.resolve(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.discarding) return;
    this.queue.push(chunk);
    if (this.queue.length >= HIGH_WATER_CHUNKS && !this.collectAll) controller.pause();
    this.notify();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.unsubscribe?.();
    this.notify();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.unsubscribe?.();
    const mapped = toUpstreamError(error, this.call.provider, this.call.cancellation, this.call.timeouts);
    if (!this.started) {
      this.reject(mapped);
      return;
    }
    // After the headers, a lost connection means the answer was cut off part-way.
    this.failure =
      mapped instanceof GatewayError && mapped.code === 'GW_ERR_UPSTREAM_CONNECT'
        ? new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', `${this.call.provider}: the stream was cut off (${mapped.message})`, {
            provider: this.call.provider,
            cause: error,
          })
        : mapped;
    this.notify();
  }

  /** The whole body, without an async hop per chunk: it resolves once, at the end. */
  text(): Promise<string> {
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        if (this.failure !== undefined) return reject(this.failure);
        if (!this.ended) {
          this.wake = finish;
          return;
        }
        const parts = this.queue.splice(0);
        resolve(parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8'));
      };
      if (this.controller?.paused) this.controller.resume();
      this.collectAll = true;
      finish();
    });
  }

  chunks(): AsyncIterable<Buffer> {
    return { [Symbol.asyncIterator]: () => this.iterator() };
  }

  private iterator(): AsyncIterator<Buffer> {
    const next = async (): Promise<IteratorResult<Buffer>> => {
      for (;;) {
        if (this.queue.length > 0) {
          const chunk = this.queue.shift()!;
          if (this.queue.length < HIGH_WATER_CHUNKS / 2 && this.controller?.paused) this.controller.resume();
          return { value: chunk, done: false };
        }
        if (this.failure !== undefined) throw this.failure;
        if (this.ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    };
    return {
      next,
      return: async () => {
        // The consumer is done: drop the rest but let the response finish, keeping the connection.
        this.discarding = true;
        this.queue.length = 0;
        if (this.controller?.paused) this.controller.resume();
        return { value: undefined, done: true };
      },
    };
  }

  private notify(): void {
    const wake = this.wake;
    if (wake !== undefined) {
      this.wake = undefined;
      wake();
    }
  }
}

/** Maps what undici reports (before or while reading a body) to a GatewayError that names the provider. */
export function toUpstreamError(error: unknown, provider: string, cancellation: Cancellation | undefined, timeouts: UpstreamTimeouts): unknown {
  if (error instanceof GatewayError) return error;
  if (cancellation?.aborted) return cancellation.reason instanceof GatewayError ? cancellation.reason : error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `${provider}: could not connect within ${timeouts.connectMs} ms`, { provider, cause: error });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `${provider}: no response within ${timeouts.firstByteMs} ms (timeouts.first_byte_ms)`, {
        provider,
        cause: error,
      });
    case 'UND_ERR_BODY_TIMEOUT':
      return new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `${provider}: the response stalled for ${timeouts.idleMs} ms (timeouts.idle_ms)`, {
        provider,
        cause: error,
      });
    case 'UND_ERR_SOCKET':
    case 'ECONNRESET':
    case 'EPIPE':
      return new GatewayError('GW_ERR_UPSTREAM_CONNECT', `${provider}: the connection was closed unexpectedly (${message})`, { provider, cause: error });
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new GatewayError('GW_ERR_UPSTREAM_CONNECT', `${provider}: cannot connect (${code}: ${message})`, { provider, cause: error });
    default:
      return new GatewayError('GW_ERR_UPSTREAM_CONNECT', `${provider}: request failed (${code || 'error'}: ${message})`, { provider, cause: error });
  }
}
