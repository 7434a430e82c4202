import type { ServerResponse } from 'node:http';

/** An error answer of any wire: the status, the JSON body in that wire's envelope, extra headers. */
export interface SimWireError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Writes a JSON answer with a Content-Length (a string body is sent as it is). */
export function sendSimJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
