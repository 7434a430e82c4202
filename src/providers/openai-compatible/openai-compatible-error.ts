import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../../spec/gateway-error.js';
import { mapUpstreamErrorStatus } from '../shared/map-upstream-error-status.js';

interface ParsedErrorBody {
  message: string | undefined;
  type: string | undefined;
  code: string | undefined;
  param: string | undefined;
}

/**
 * An OpenAI-compatible upstream's error (status + body) → a GatewayError that names the provider.
 * Bodies seen in the wild: OpenAI `{error:{message,type,param,code}}`, Mistral's flat
 * `{object:"error",message,type,code}`, `{detail:"Unauthorized"}`, `{message}`, an array-wrapped
 * `[{error}]`, and plain text from proxies. See PROVIDER-MAPPING.md §6.
 */
export function mapOpenAICompatibleError(
  provider: string,
  status: number,
  bodyText: string,
  headers: IncomingHttpHeaders = {},
): GatewayError {
  return mapUpstreamErrorStatus(provider, status, parseErrorBody(bodyText), bodyText, headers);
}

/** An error object that arrived inside a 200 stream (`data: {"error":{…}}`). */
export function mapOpenAICompatibleStreamError(provider: string, error: unknown): GatewayError {
  const parsed = readErrorObject(error);
  const text = `${parsed.code ?? ''} ${parsed.type ?? ''}`;
  const message = `${provider}: ${parsed.message ?? 'the upstream reported an error mid-stream'}`;
  const common = { provider, upstreamCode: parsed.code ?? parsed.type ?? null };
  if (/rate_limit/.test(text)) return new GatewayError('GW_ERR_UPSTREAM_RATE_LIMITED', message, common);
  if (/overloaded/.test(text)) return new GatewayError('GW_ERR_UPSTREAM_OVERLOADED', message, common);
  if (/invalid_request|context_length/.test(text)) return new GatewayError('GW_ERR_UPSTREAM_BAD_REQUEST', message, common);
  return new GatewayError('GW_ERR_UPSTREAM_STREAM_INTERRUPTED', message, common);
}

function parseErrorBody(text: string): ParsedErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: undefined, type: undefined, code: undefined, param: undefined };
  }
  if (Array.isArray(body)) body = body[0];
  if (body !== null && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (record.error !== undefined) return readErrorObject(record.error);
    if (typeof record.detail === 'string') return { message: record.detail, type: undefined, code: undefined, param: undefined };
    if (Array.isArray(record.detail)) return { message: JSON.stringify(record.detail), type: undefined, code: undefined, param: undefined };
    return readErrorObject(record);
  }
  return { message: undefined, type: undefined, code: undefined, param: undefined };
}

function readErrorObject(error: unknown): ParsedErrorBody {
  if (typeof error === 'string') return { message: error, type: undefined, code: undefined, param: undefined };
  const record = (error ?? {}) as Record<string, unknown>;
  let message = typeof record.message === 'string' ? record.message : record.message !== undefined ? JSON.stringify(record.message) : undefined;
  // OpenRouter relays an upstream provider's error as "Provider returned error" with the reason in metadata.raw.
  const raw = (record.metadata as Record<string, unknown> | undefined)?.raw;
  if (raw !== undefined) message = `${message ?? 'error'} (${typeof raw === 'string' ? raw : JSON.stringify(raw)})`;
  return {
    message,
    type: typeof record.type === 'string' ? record.type : undefined,
    code: typeof record.code === 'string' ? record.code : typeof record.code === 'number' ? String(record.code) : undefined,
    param: typeof record.param === 'string' && record.param !== '' ? record.param : undefined,
  };
}
