import type { AdminClient } from '../admin-client.js';
import type { LogDetailJson } from '../api-types.js';
import { ErrorNotice } from '../components/error-notice.js';
import { TraceView } from '../components/trace-view.js';
import { formatCount, formatMs, formatTime, formatUsd } from '../format.js';
import { useApi } from '../use-api.js';
import { href } from '../use-hash-route.js';

/** One request: what it asked, who served it, tokens, cost, timings, the routing decision, and the bodies when logged. */
export function LogDetailPage({ client, id }: { client: AdminClient; id: string }) {
  const row = useApi(() => client.get<LogDetailJson>(`/admin/logs/${encodeURIComponent(id)}`), [id]);
  const data = row.data;
  return (
    <section>
      <p>
        <a href="#/logs">← Requests</a>
      </p>
      <h1>
        Request <code class="id">{id}</code>
      </h1>
      <ErrorNotice error={row.error} retry={row.reload} />
      {data === undefined ? null : (
        <>
          <div class="cards">
            <Fact label="Status" value={String(data.status)} tone={data.status >= 400 ? 'bad' : 'good'} />
            <Fact label="Cost" value={formatUsd(data.cost_usd)} />
            <Fact label="Latency" value={formatMs(data.latency_ms)} />
            <Fact label="Time to first token" value={formatMs(data.ttft_ms)} />
            <Fact label="Attempts" value={String(data.attempts)} />
          </div>
          <dl class="facts">
            <dt>At</dt>
            <dd>{formatTime(data.at)}</dd>
            <dt>Endpoint</dt>
            <dd>
              {data.endpoint}
              {data.stream ? ' (stream)' : ''}
            </dd>
            <dt>Model asked</dt>
            <dd>{data.model}</dd>
            <dt>Served by</dt>
            <dd>{data.deployment === null ? 'nobody' : `${data.deployment} (${data.provider ?? '?'})`}</dd>
            <dt>Key</dt>
            <dd>{data.key_id === null ? '—' : <a href={href('/logs', { key_id: data.key_id })}>{data.key_id}</a>}</dd>
            <dt>Team</dt>
            <dd>{data.team_id ?? '—'}</dd>
            {data.category === null ? null : (
              <>
                <dt>Category</dt>
                <dd>{data.category}</dd>
              </>
            )}
            <dt>Route reason</dt>
            <dd>{data.route_reason ?? '—'}</dd>
            {data.error_code === null ? null : (
              <>
                <dt>Error</dt>
                <dd class="bad">
                  <code>{data.error_code}</code> {data.error_message}
                </dd>
              </>
            )}
          </dl>
          <h2>Tokens</h2>
          <table class="rows compact tokens" data-testid="token-table">
            <tbody>
              <tr>
                <th>Input</th>
                <td class="num">{formatCount(data.input_tokens)}</td>
                <th>of which cached</th>
                <td class="num">{formatCount(data.cached_input_tokens)}</td>
                <th>cache writes</th>
                <td class="num">{formatCount(data.cache_write_input_tokens)}</td>
              </tr>
              <tr>
                <th>Output</th>
                <td class="num">{formatCount(data.output_tokens)}</td>
                <th>of which reasoning</th>
                <td class="num">{formatCount(data.reasoning_tokens)}</td>
                <td colSpan={2} />
              </tr>
            </tbody>
          </table>
          <h2>Routing decision</h2>
          <TraceView trace={data.trace} />
          {data.request_body === null ? null : (
            <>
              <h2>Request body</h2>
              <pre class="body">{data.request_body}</pre>
            </>
          )}
          {data.response_body === null ? null : (
            <>
              <h2>Response body</h2>
              <pre class="body">{data.response_body}</pre>
            </>
          )}
        </>
      )}
    </section>
  );
}

function Fact({ label, value, tone }: { label: string; value: string; tone?: 'good' | 'bad' }) {
  return (
    <div class={`card ${tone ?? ''}`}>
      <div class="label">{label}</div>
      <div class="value">{value}</div>
    </div>
  );
}
