// The floor of the overhead benchmark: the thinnest Node proxy that still does what any gateway
// must (parse the JSON body once, send it on, relay the answer as it arrives). A gateway cannot
// cost less than this, so its overhead is read against it.
//
// Run (after compiling to JS, see compile-bench-file.ts):
//   node floor-proxy.js --port N --upstream http://127.0.0.1:P [--variant request|stream]
// Self-contained on purpose: node:http and undici only, nothing from src/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

export interface FloorProxyOptions {
  port: number;
  /** Origin of the upstream, e.g. http://127.0.0.1:4810 (the request path is kept). */
  upstream: string;
  /** `request`: undici request() + pipe; `stream`: undici stream() writing into the response. */
  variant: 'request' | 'stream';
}

export interface FloorProxy {
  server: Server;
  port: number;
  close(): Promise<void>;
}

const forwardedHeaders = ['content-type', 'content-length', 'cache-control'];

export async function startFloorProxy(options: FloorProxyOptions): Promise<FloorProxy> {
  // Same pool shape as the gateway's provider Agent (src/providers/registry.ts).
  const pool = new Pool(options.upstream, { connections: 256, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  const upstreamHeaders = { 'content-type': 'application/json' };

  const pickHeaders = (headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> => {
    const picked: Record<string, string | string[]> = {};
    for (const name of forwardedHeaders) {
      const value = headers[name];
      if (value !== undefined) picked[name] = value;
    }
    return picked;
  };

  const fail = (response: ServerResponse, error: unknown): void => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const body = JSON.stringify({ error: { message: `floor proxy: ${(error as Error).message}`, type: 'upstream_error' } });
    response.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };

  const forward = (request: IncomingMessage, response: ServerResponse, text: string): void => {
    let body: string;
    try {
      body = JSON.stringify(JSON.parse(text));
    } catch (error) {
      const message = JSON.stringify({ error: { message: `invalid JSON: ${(error as Error).message}`, type: 'invalid_request_error' } });
      response.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(message) });
      response.end(message);
      return;
    }
    const path = request.url ?? '/';
    if (options.variant === 'stream') {
      pool.stream(
        { path, method: 'POST', headers: upstreamHeaders, body, opaque: response },
        ({ statusCode, headers, opaque }) => {
          const target = opaque as ServerResponse;
          target.writeHead(statusCode, pickHeaders(headers));
          return target;
        },
        (error) => {
          if (error) fail(response, error);
        },
      );
      return;
    }
    pool.request({ path, method: 'POST', headers: upstreamHeaders, body }).then(
      (upstream) => {
        response.writeHead(upstream.statusCode, pickHeaders(upstream.headers));
        upstream.body.on('error', (error) => fail(response, error));
        upstream.body.pipe(response);
      },
      (error: unknown) => fail(response, error),
    );
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(request, response, chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, upstream: { type: 'string' }, variant: { type: 'string', default: 'request' } },
    strict: true,
  });
  if (values.upstream === undefined) throw new Error('--upstream http://127.0.0.1:P is required');
  const variant = values.variant === 'stream' ? 'stream' : 'request';
  const proxy = await startFloorProxy({ port: Number(values.port ?? 0), upstream: values.upstream, variant });
  process.stderr.write(`floor proxy (${variant}) on http://127.0.0.1:${proxy.port} → ${values.upstream}\n`);
  const stop = (): void => {
    void proxy.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`floor proxy: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
