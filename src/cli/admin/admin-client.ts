import { AdminCliError } from './admin-cli-error.js';

export interface AdminClientOptions {
  /** The gateway's base URL (--url, SKYROUTE_URL, default http://127.0.0.1:4000). */
  url: string;
  /** --master-key or SKYROUTE_MASTER_KEY. */
  masterKey: string | undefined;
  /** Where the URL came from, so an unreachable gateway's message says what to change. */
  urlSource: string;
}

export type Query = Record<string, string | number | boolean | undefined>;

const TIMEOUT_MS = 30_000;

/**
 * The admin API over HTTP, for the CLI: one JSON request per call. Every failure becomes an
 * AdminCliError whose message a person can act on: the API's own message (it says what is wrong and
 * what to do), or, when the gateway does not answer, its URL and how to point the CLI elsewhere.
 */
export class AdminClient {
  private readonly base: string;

  constructor(private readonly options: AdminClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
    if (this.options.masterKey === undefined || this.options.masterKey === '') {
      throw new AdminCliError("No master key: pass --master-key KEY or set SKYROUTE_MASTER_KEY (the gateway's auth.master_key).");
    }
    const url = `${this.base}${path}${queryString(options.query)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.options.masterKey}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new AdminCliError(
        `Could not reach the gateway at ${this.base} (${reasonOf(error)}; the URL came from ${this.options.urlSource}). Is it running? Start it with "skyroute start", or point the CLI at it with --url URL or SKYROUTE_URL.`,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new AdminCliError(`The gateway at ${this.base} answered ${method} ${path} with HTTP ${response.status} and a body that is not JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      const error = (body as { error?: { message?: unknown; skyroute_code?: unknown } } | undefined)?.error;
      if (typeof error?.message === 'string') throw new AdminCliError(`${error.message} (HTTP ${response.status}${typeof error.skyroute_code === 'string' ? `, ${error.skyroute_code}` : ''})`);
      throw new AdminCliError(`The gateway at ${this.base} answered ${method} ${path} with HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    return body as T;
  }
}

function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
