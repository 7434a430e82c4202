import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../build-runtime.js';
import type { Deployment } from '../routing/deployment.js';
import { OPEN, type Principal } from '../governance/governance.js';
import type { GatewayError } from '../spec/gateway-error.js';
import type { Usage } from '../spec/usage.js';
import type { RequestLogger } from '../telemetry/request-logger.js';
import type { RequestSpan } from '../telemetry/tracing.js';

/** What the answer turned out to be, as far as accounting needs it: filled while the stream is pumped. */
export interface Observed {
  usage: Usage | undefined;
  /** Epoch ms of the first output part of a stream. */
  firstOutputAt: number | undefined;
  /** A stream that failed after it began (the client got an error event). */
  streamError: GatewayError | undefined;
  /** What the answer cost (nano-dollars), once priced for its header or trailer. */
  costNusd: number | undefined;
}

/** What a route handler gets: the runtime this request started with, its id and logger. */
export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  requestId: string;
  /** The x-request-id the client sent (then also `requestId`), when it sent a valid one. */
  clientRequestId: string | undefined;
  /** Epoch ms the request arrived. */
  startedAt: number;
  runtime: Runtime;
  /** The app's logger, typed so that every line carries `requestId` (telemetry/request-logger.ts). */
  logger: RequestLogger;
  /** Headers every answer to this request carries (x-request-id, then the serving deployment). */
  headers: Record<string, string>;
  /** Who sent it (set by authentication; `open` when the gateway asks for no key). */
  principal: Principal;
  observed: Observed;
  /** The deployment serving a stream: its cost, known only at the end (observed.usage), is sent as a trailer. */
  streamCost: Deployment | undefined;
  /** This request's span when tracing is on (and the path is traced); undefined otherwise, and every hook checks only that. */
  span?: RequestSpan | undefined;
}

export type RouteHandler = (context: RequestContext) => Promise<void>;

export function newObserved(): Observed {
  return { usage: undefined, firstOutputAt: undefined, streamError: undefined, costNusd: undefined };
}

export { OPEN };
