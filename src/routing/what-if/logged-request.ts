/**
 * What a what-if reads of one request-log row: the store's RequestLogRow has these fields, so its rows
 * are passed as they are (routing does not import the store).
 */
export interface LoggedRequest {
  /** Epoch ms. */
  at: number;
  endpoint: 'chat' | 'messages' | 'embeddings';
  /** The model (group) the client asked for. */
  model: string;
  /** The deployment that served it; undefined when none did. */
  deployment?: string | undefined;
  status: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  reasoningTokens: number;
  /** What it was billed, in nano-dollars. */
  costNusd: number;
  latencyMs: number;
  category?: string | undefined;
}

/** A row the what-if can compare: the request was served (a failed one has no usage worth pricing). */
export function wasServed(request: LoggedRequest): request is LoggedRequest & { deployment: string } {
  return request.status < 400 && request.deployment !== undefined && request.deployment !== '';
}
