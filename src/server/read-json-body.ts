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
  const text = await readText(request, limitBytes);
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

/** Event listeners rather than async iteration: one promise per body instead of one per chunk. */
function readText(request: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        request.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new GatewayError('GW_ERR_REQUEST_INVALID', `The request body could not be read: ${error.message}`));
    };
    const onAborted = (): void => onError(new Error('the client closed the connection'));
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onAborted);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onAborted);
  });
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
