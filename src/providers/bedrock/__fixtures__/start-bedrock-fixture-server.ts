import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BedrockFixtureResponse {
  status: number;
  headers: Record<string, string>;
  /** The exact body bytes. */
  body: Buffer;
}

export interface RecordedBedrockRequest {
  method: string;
  /** The path as it arrived on the wire (percent-encoding intact). */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received (what the signature covers). */
  rawBody: string;
}

/**
 * Test support: a local server that answers with recorded Bedrock responses, in turn (the last one
 * repeats) or as `choose` picks them, each body split across two writes so decoders meet a read boundary, and records every
 * request with its raw path and body. (The shared fixture server writes text; Bedrock streams are binary.)
 */
export async function startBedrockFixtureServer(): Promise<{
  url: string;
  /** `choose` picks the response for a request body (concurrent calls arrive in any order); else they are served in turn. */
  respondWith(responses: BedrockFixtureResponse[], choose?: (rawBody: string) => number): void;
  requests: RecordedBedrockRequest[];
  close(): Promise<void>;
}> {
  let queue: BedrockFixtureResponse[] = [{ status: 500, headers: {}, body: Buffer.from('no fixture set') }];
  let next = 0;
  let chooser: ((rawBody: string) => number) | undefined;
  const requests: RecordedBedrockRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, rawBody });
      const chosen = chooser === undefined ? next++ : chooser(rawBody);
      const current = queue[Math.min(Math.max(chosen, 0), queue.length - 1)]!;
      response.writeHead(current.status, current.headers);
      const middle = Math.floor(current.body.length / 2);
      response.write(current.body.subarray(0, middle));
      setImmediate(() => response.end(current.body.subarray(middle)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    respondWith(responses, choose) {
      queue = responses;
      next = 0;
      chooser = choose;
    },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
