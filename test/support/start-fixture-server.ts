import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  bodyLines?: string[];
}

export interface RecordedUpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/**
 * A local server that answers every request with one recorded provider response, byte for byte,
 * split across two writes so parsers meet a chunk boundary mid-event. It records what it received.
 */
export async function startFixtureServer(): Promise<{
  url: string;
  respondWith(response: FixtureResponse): void;
  requests: RecordedUpstreamRequest[];
  close(): Promise<void>;
}> {
  let current: FixtureResponse = { status: 500, body: 'no fixture set' };
  const requests: RecordedUpstreamRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const payload = current.bodyLines !== undefined ? current.bodyLines.join('\n') : (current.body ?? '');
      response.writeHead(current.status, current.headers ?? {});
      const middle = Math.floor(payload.length / 2);
      response.write(payload.slice(0, middle));
      setImmediate(() => response.end(payload.slice(middle)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    respondWith(response) {
      current = response;
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
