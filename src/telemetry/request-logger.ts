/** The fields of a log line about one request: its id always, under the one name every line uses. */
export type RequestLogFields = { readonly requestId: string } & Readonly<Record<string, unknown>>;

/** A log call that takes the line's fields and a message. */
export type RequestLogCall = (fields: RequestLogFields, message: string) => void;

/**
 * What code on the request path logs through (RequestContext.logger): the app's pino logger itself,
 * seen through a type that will not compile a line without the request's `requestId`. A guard that costs
 * nothing at run time: no child logger per request (pino's child() serializes its bindings; nearly
 * every request logs nothing), no async-local lookup per line. docs/observability.md "Logs".
 */
export interface RequestLogger {
  readonly error: RequestLogCall;
  readonly warn: RequestLogCall;
  readonly info: RequestLogCall;
  readonly debug: RequestLogCall;
}
