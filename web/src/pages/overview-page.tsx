import { useMemo } from 'preact/hooks';
import type { AdminClient } from '../admin-client.js';
import type { StatsDimensionsJson, StatsJson } from '../api-types.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorNotice } from '../components/error-notice.js';
import { TimeChart, type Series } from '../components/time-chart.js';
import { formatCount, formatMs, formatPercent, formatUsd } from '../format.js';
import { useApi } from '../use-api.js';
import { href } from '../use-hash-route.js';

const WINDOWS = ['1h', '24h', '7d', '30d'] as const;
const UNITS: Record<string, string> = { m: 'minute', h: 'hour', d: 'day' };

/** `15m` → "15 minutes", `1d` → "day". */
function bucketLabel(bucket: string): string {
  const count = Number(bucket.slice(0, -1));
  const unit = UNITS[bucket.slice(-1)] ?? bucket;
  return count === 1 ? unit : `${count} ${unit}s`;
}
const FILTERS = ['model', 'provider', 'key_id', 'team_id'] as const;

/** Traffic at a glance: requests, spend, latency and time to first token, errors; over a window, filtered by model, provider, key and team. */
export function OverviewPage({ client, query }: { client: AdminClient; query: URLSearchParams }) {
  const window = WINDOWS.find((candidate) => candidate === query.get('window')) ?? '24h';
  const filters: Record<string, string | undefined> = {};
  for (const name of FILTERS) filters[name] = query.get(name) ?? undefined;
  const key = JSON.stringify(filters);
  // Live: the last hour refreshes every 10 s, longer windows every minute.
  const stats = useApi(() => client.get<StatsJson>('/admin/stats', { window, ...filters }), [window, key], window === '1h' ? 10_000 : 60_000);
  const dimensions = useApi(() => client.get<StatsDimensionsJson>('/admin/stats/dimensions', { window }), [window]);
  const link = (change: Record<string, string | undefined>): string => href('/', { window, ...filters, ...change });
  const charts = useMemo(() => (stats.data === undefined ? undefined : chartsOf(stats.data)), [stats.data]);
  const totals = stats.data?.total;
  return (
    <section>
      <h1>Overview</h1>
      <div class="toolbar">
        <div class="segmented" role="group" aria-label="Window">
          {WINDOWS.map((candidate) => (
            <a key={candidate} href={link({ window: candidate })} aria-current={candidate === window ? 'true' : undefined}>
              {candidate}
            </a>
          ))}
        </div>
        <Filter label="Model" name="model" value={filters.model} options={dimensions.data?.models.map((model) => ({ value: model, label: model })) ?? []} link={link} />
        <Filter label="Provider" name="provider" value={filters.provider} options={dimensions.data?.providers.map((provider) => ({ value: provider, label: provider })) ?? []} link={link} />
        <Filter label="Key" name="key_id" value={filters.key_id} options={dimensions.data?.keys.map((item) => ({ value: item.id, label: item.name ?? item.id })) ?? []} link={link} />
        <Filter label="Team" name="team_id" value={filters.team_id} options={dimensions.data?.teams.map((item) => ({ value: item.id, label: item.name ?? item.id })) ?? []} link={link} />
      </div>
      <ErrorNotice error={stats.error} retry={stats.reload} />
      <ErrorNotice error={dimensions.error} retry={dimensions.reload} />
      {totals === undefined ? null : (
        <div class="cards" data-testid="totals">
          <Card label="Requests" value={formatCount(totals.requests)} />
          <Card label="Spend" value={formatUsd(totals.cost_usd)} />
          <Card label="Error rate" value={formatPercent(totals.error_rate)} />
          <Card label="Latency p50 / p95" value={`${formatMs(totals.latency_p50_ms)} / ${formatMs(totals.latency_p95_ms)}`} />
          <Card label="TTFT p50 / p95" value={`${formatMs(totals.ttft_p50_ms)} / ${formatMs(totals.ttft_p95_ms)}`} />
        </div>
      )}
      {totals !== undefined && totals.requests === 0 ? (
        <EmptyState title="No traffic in this window">
          Point an OpenAI or Anthropic SDK at this gateway (base URL <code>{location.origin}/v1</code>) or try the <a href="#/playground">playground</a>;
          charts fill in as requests are logged. {Object.values(filters).some((value) => value !== undefined) ? <a href={href('/', { window })}>Clear the filters.</a> : null}
        </EmptyState>
      ) : null}
      {charts === undefined || totals === undefined || totals.requests === 0 ? null : (
        <div class="charts">
          <TimeChart title={`Requests per ${charts.bucketLabel}`} times={charts.times} series={charts.requests} format={formatCompact} />
          <TimeChart title={`Spend per ${charts.bucketLabel}`} times={charts.times} series={charts.spend} format={(value) => formatUsd(value)} tick={formatUsdTick} />
          <TimeChart title="Latency" times={charts.times} series={charts.latency} format={(value) => formatMs(value)} />
          <TimeChart title="Time to first token (streams)" times={charts.times} series={charts.ttft} format={(value) => formatMs(value)} />
          <TimeChart title="Error rate" times={charts.times} series={charts.errors} format={(value) => formatPercent(value)} />
        </div>
      )}
    </section>
  );
}

function chartsOf(stats: StatsJson) {
  const buckets = stats.data;
  const times = buckets.map((bucket) => Date.parse(bucket.at));
  const requests: Series[] = [
    { label: 'requests', values: buckets.map((bucket) => bucket.requests), color: '#3b82f6', bars: true },
    { label: 'errors', values: buckets.map((bucket) => bucket.errors), color: '#ef4444', bars: true },
  ];
  const spend: Series[] = [{ label: 'spend', values: buckets.map((bucket) => bucket.cost_usd), color: '#10b981', bars: true }];
  const latency: Series[] = [
    { label: 'p50', values: buckets.map((bucket) => bucket.latency_p50_ms), color: '#6366f1' },
    { label: 'p95', values: buckets.map((bucket) => bucket.latency_p95_ms), color: '#f59e0b' },
  ];
  const ttft: Series[] = [
    { label: 'p50', values: buckets.map((bucket) => bucket.ttft_p50_ms), color: '#6366f1' },
    { label: 'p95', values: buckets.map((bucket) => bucket.ttft_p95_ms), color: '#f59e0b' },
  ];
  const errors: Series[] = [{ label: 'error rate', values: buckets.map((bucket) => bucket.error_rate), color: '#ef4444' }];
  return { times, bucketLabel: bucketLabel(stats.bucket), requests, spend, latency, ttft, errors };
}

/** Two significant digits: "$0.0012", "$15". */
function formatUsdTick(value: number): string {
  return value === 0 ? '$0' : `$${value >= 100 ? Math.round(value) : Number(value.toPrecision(2))}`;
}

function formatCompact(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k` : String(Math.round(value * 100) / 100);
}

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div class="card">
      <div class="label">{label}</div>
      <div class="value">{value}</div>
    </div>
  );
}

function Filter({
  label,
  name,
  value,
  options,
  link,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  link: (change: Record<string, string | undefined>) => string;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value ?? ''} onChange={(event) => (location.hash = link({ [name]: event.currentTarget.value || undefined }))}>
        <option value="">all</option>
        {value !== undefined && !options.some((option) => option.value === value) ? <option value={value}>{value}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
