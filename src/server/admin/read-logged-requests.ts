import { setImmediate } from 'node:timers/promises';
import type { LoggedRequest } from '../../routing/what-if/logged-request.js';
import type { RequestLogRow, Store } from '../../store/store-port.js';

/**
 * Rows per store query: a page's rows are reduced to what a what-if reads before the next is fetched.
 * SQLite answers synchronously (better-sqlite3), so a page is also what the event loop waits for:
 * about 20 ms.
 */
const PAGE_ROWS = 2_000;

export interface LoggedRequests {
  /** Oldest first. */
  requests: LoggedRequest[];
  /** The window held more than `limit` rows: these are its newest. */
  capped: boolean;
}

/**
 * The newest `limit` request-log rows with `at` in [from, to) (and for `model`, when given), oldest
 * first, read page by page with the log's own keyset query (newest first, as every index serves it).
 */
export async function readLoggedRequests(store: Store, query: { from: number; to: number; model?: string | undefined; limit: number }): Promise<LoggedRequests> {
  const newestFirst: LoggedRequest[] = [];
  let before: { at: number; id: string } | undefined;
  for (;;) {
    // One row beyond the limit says whether the window held more.
    const wanted = Math.min(PAGE_ROWS, query.limit + 1 - newestFirst.length);
    const rows = await store.queryRequestLogs({
      from: query.from,
      to: query.to,
      limit: wanted,
      ...(query.model === undefined ? {} : { model: query.model }),
      ...(before === undefined ? {} : { before }),
    });
    for (const row of rows) newestFirst.push(loggedRequestOf(row));
    if (rows.length < wanted || newestFirst.length > query.limit) break;
    const last = rows[rows.length - 1]!;
    before = { at: last.at, id: last.id };
    // A turn of the event loop between pages, for the gateway's requests.
    await setImmediate();
  }
  const capped = newestFirst.length > query.limit;
  if (capped) newestFirst.length = query.limit;
  return { requests: newestFirst.reverse(), capped };
}

/** Only the fields a what-if reads, so a page of full rows can be let go at once. */
function loggedRequestOf(row: RequestLogRow): LoggedRequest {
  return {
    at: row.at,
    endpoint: row.endpoint,
    model: row.model,
    deployment: row.deployment,
    status: row.status,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cachedInputTokens: row.cachedInputTokens,
    cacheWriteInputTokens: row.cacheWriteInputTokens,
    reasoningTokens: row.reasoningTokens,
    costNusd: row.costNusd,
    latencyMs: row.latencyMs,
    category: row.category,
  };
}
