import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../build-runtime.js';
import type { Logger } from '../telemetry/create-logger.js';

/** What a route handler gets: the runtime this request started with, its id and logger. */
export interface RequestContext {
  request: IncomingMessage;
  response: ServerResponse;
  requestId: string;
  runtime: Runtime;
  logger: Logger;
  /** Headers every answer to this request carries (x-request-id, then the serving deployment). */
  headers: Record<string, string>;
}

export type RouteHandler = (context: RequestContext) => Promise<void>;
