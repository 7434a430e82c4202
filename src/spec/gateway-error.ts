import { ERROR_CODES, type ErrorCode, type OpenAIErrorType } from './error-codes.js';

export interface GatewayErrorOptions {
  /** Overrides the code's default status (an upstream 422 stays 422). */
  status?: number;
  param?: string | null;
  /** The provider id when the error came from (or concerns) an upstream. */
  provider?: string;
  /** The upstream's own HTTP status and error code, kept for logs and the client. */
  upstreamStatus?: number;
  upstreamCode?: string | null;
  /** Seconds the client (or router) should wait before trying again. */
  retryAfterSeconds?: number;
  retryable?: boolean;
  cause?: unknown;
}

/** The one error type that crosses layers: a stable code, an HTTP status, an OpenAI type and `retryable`. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly retryable: boolean;
  readonly param: string | null;
  readonly provider: string | undefined;
  readonly upstreamStatus: number | undefined;
  readonly upstreamCode: string | null | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const definition = ERROR_CODES[code];
    this.name = 'GatewayError';
    this.code = code;
    this.status = options.status ?? definition.status;
    this.type = definition.type;
    this.retryable = options.retryable ?? definition.retryable;
    this.param = options.param ?? null;
    this.provider = options.provider;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamCode = options.upstreamCode;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
