import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../spec/gateway-error.js';

/**
 * Reads and parses a JSON request body, refusing one over `limitBytes` (by content-length before
 * reading, and by count while reading). The content-type is not required to be JSON: `curl -d`
 * sends form encoding by default, and what matters is whether the bytes are JSON.
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    throw tooLarge(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      request.resume();
      throw tooLarge(limitBytes);
    }
    chunks.push(chunk);
  }
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  if (text.trim() === '') throw new GatewayError('GW_ERR_REQUEST_INVALID_JSON', 'The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayError(
      'GW_ERR_REQUEST_INVALID_JSON',
      `The request body is not valid JSON (${(error as Error).message}). Send a JSON object, e.g. {"model": "...", "messages": [...]}.`,
    );
  }
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError(
    'GW_ERR_REQUEST_TOO_LARGE',
    `The request body is larger than ${formatBytes(limitBytes)} (server.body_limit_bytes). Send a smaller request, or raise the limit.`,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${bytes} bytes`;
}
