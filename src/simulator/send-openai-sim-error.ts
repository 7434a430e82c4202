import type { ServerResponse } from 'node:http';

/** One OpenAI error answer: the status, the four fields of `{"error":{…}}`, and extra headers. */
export interface OpenAiSimError {
  status: number;
  message: string;
  type: string;
  param: string | null;
  code: string | null;
  headers?: Record<string, string>;
}

/** Writes `{"error":{"message","type","param","code"}}`, the exact envelope api.openai.com uses. */
export function sendOpenAiSimError(response: ServerResponse, error: OpenAiSimError, requestId: string): void {
  const body = JSON.stringify({ error: { message: error.message, type: error.type, param: error.param, code: error.code } });
  response.writeHead(error.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
    ...error.headers,
  });
  response.end(body);
}
