/** An error the gateway answered (OpenAI-shaped), or a network failure, in words a person can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined>;

/**
 * The dashboard's only way to the gateway: the admin API (and, for the playground, the chat endpoint)
 * with the master key as a bearer token. Every failure becomes an ApiError with the gateway's own
 * message, so pages show what went wrong instead of swallowing it.
 */
export class AdminClient {
  constructor(private readonly masterKey: string) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.send<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.send<T>('DELETE', path);
  }

  /** A raw call (the playground reads a stream from it); errors are still turned into ApiErrors. */
  async fetch(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers: { ...this.headers(), ...(init.headers as Record<string, string> | undefined) } });
    } catch (error) {
      throw new ApiError(`The gateway did not answer (${(error as Error).message}). Is it running?`, 0, undefined);
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: body === undefined ? {} : { 'content-type': 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.masterKey}` };
  }
}

function withQuery(path: string, query: Query): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string; skyroute_code?: string; code?: string } };
    if (body.error?.message !== undefined) return new ApiError(body.error.message, response.status, body.error.skyroute_code ?? body.error.code);
  } catch {
    // Not JSON: fall through to the status line.
  }
  return new ApiError(`The gateway answered ${response.status} ${response.statusText}${text === '' ? '' : `: ${text.slice(0, 200)}`}`, response.status, undefined);
}
