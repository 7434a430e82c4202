import { useMemo, useState } from 'preact/hooks';
import type { AdminClient } from '../admin-client.js';
import type { LogRowJson, Page } from '../api-types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { formatCount, formatMs, formatTime, formatUsd } from '../format.js';
import { useApi } from '../use-api.js';
import { href } from '../use-hash-route.js';

const FILTERS = [
  { name: 'model', label: 'Model' },
  { name: 'provider', label: 'Provider' },
  { name: 'deployment', label: 'Deployment' },
  { name: 'key_id', label: 'Key id' },
  { name: 'team_id', label: 'Team id' },
] as const;

const PAGE_SIZE = 50;

/** The search reads every row of the chosen range, so a window keeps it quick on a big log. */
const SINCE_MS: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

/**
 * The request log explorer: filters and a search in the URL (shareable), newest first, one page of 50
 * at a time over the admin API's cursor (so it stays fast at millions of rows), a row opens its detail.
 */
export function LogsPage({ client, query }: { client: AdminClient; query: URLSearchParams }) {
  const filters: Record<string, string | undefined> = {};
  for (const name of [...FILTERS.map((filter) => filter.name), 'status', 'search', 'since']) filters[name] = query.get(name) ?? undefined;
  // The cursors of the pages before this one, so "Newer" can go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors[cursors.length - 1];
  const key = JSON.stringify(filters);
  const { since, ...apiFilters } = filters;
  // A window is anchored when the page loads, so paging through it stays in the same range.
  const from = useMemo(() => (since === undefined || SINCE_MS[since] === undefined ? undefined : Date.now() - SINCE_MS[since]), [since, key]);
  const page = useApi(() => client.get<Page<LogRowJson>>('/admin/logs', { ...apiFilters, from, limit: PAGE_SIZE, before }), [key, before, from]);
  const apply = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string | undefined> = {};
    for (const [name, value] of form.entries()) next[name] = String(value).trim() || undefined;
    setCursors([]);
    location.hash = href('/logs', next);
  };
  return (
    <section>
      <h1>Requests</h1>
      <form class="filters" onSubmit={apply} aria-label="Filter requests" key={key}>
        <label class="wide">
          Search
          <input name="search" type="search" placeholder="id, error text or route reason" defaultValue={filters.search ?? ''} />
        </label>
        {FILTERS.map((filter) => (
          <label key={filter.name}>
            {filter.label}
            <input name={filter.name} defaultValue={filters[filter.name] ?? ''} />
          </label>
        ))}
        <label>
          Window
          <select name="since">
            <option value="" selected={since === undefined}>
              all
            </option>
            {Object.keys(SINCE_MS).map((window) => (
              <option key={window} value={window} selected={since === window}>
                last {window}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status" value={filters.status ?? ''}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">errors</option>
            <option value="429">429</option>
            <option value="499">499 (client left)</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorNotice error={page.error} retry={page.reload} />
      {page.data !== undefined && page.data.data.length === 0 ? (
        <EmptyState title={cursors.length > 0 || Object.values(filters).some((value) => value !== undefined) ? 'No request matches' : 'No requests logged yet'}>
          Send a request to <code>/v1/chat/completions</code> (the playground does it for you). Rows are written in batches, so new requests show up
          within a second or two. Nothing at all? The request log may be off (<code>request_log.enabled</code>).
        </EmptyState>
      ) : null}
      {page.data === undefined || page.data.data.length === 0 ? null : (
        <div class="table-wrap">
          <table class="rows" data-testid="log-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Model</th>
                <th>Served by</th>
                <th>Status</th>
                <th class="num">Tokens in/out</th>
                <th class="num">Cost</th>
                <th class="num">Latency</th>
                <th class="num">TTFT</th>
              </tr>
            </thead>
            <tbody>
              {page.data.data.map((row) => (
                <tr key={row.id} class={row.status >= 400 ? 'failed' : undefined}>
                  <td>
                    <a href={href(`/logs/${encodeURIComponent(row.id)}`)}>{formatTime(row.at)}</a>
                  </td>
                  <td>{row.model}</td>
                  <td>{row.deployment ?? '—'}</td>
                  <td title={row.error_message ?? undefined}>
                    {row.status}
                    {row.attempts > 1 ? <span class="badge">{row.attempts} attempts</span> : null}
                  </td>
                  <td class="num">
                    {formatCount(row.input_tokens)} / {formatCount(row.output_tokens)}
                  </td>
                  <td class="num">{formatUsd(row.cost_usd)}</td>
                  <td class="num">{formatMs(row.latency_ms)}</td>
                  <td class="num">{formatMs(row.ttft_ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          ← Newer
        </button>
        <button type="button" disabled={page.data?.next_before == null} onClick={() => page.data?.next_before != null && setCursors([...cursors, page.data.next_before])}>
          Older →
        </button>
      </div>
    </section>
  );
}
