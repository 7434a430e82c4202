import { collectDefaultMetrics, Registry } from 'prom-client';
import type { RequestLogRow } from '../store/store-port.js';
import { ClusterMetricsWorker, type WorkerChannel } from './cluster-metrics-worker.js';
import { collectedMetric, type CollectedValue } from './collected-metric.js';
import type { HistogramRecord } from './histogram-record.js';
import type { MetricLabelBounds } from './metric-label-bounds.js';
import { RequestMetrics, type CountSeries, type MetricsLimits, type RefusalEvent, type RouteSeries, type UsageSeries } from './request-metrics.js';

export type CircuitName = 'closed' | 'half-open' | 'open';

type Labels = Record<string, string | number>;

export interface GatewayMetricsOptions {
  limits: MetricsLimits;
  /** The circuit of a deployment as this replica's health mirror sees it, read at scrape time. */
  circuitOf: (deployment: string, now: number) => CircuitName;
  /** Request-log rows waiting to be written, read at scrape time. */
  queueDepth: () => number;
  /**
   * In a worker of `skyroute start --workers N`, the IPC channel to the primary (`process`): a scrape then
   * answers for every worker (the primary gathers and sums them, serve-cluster-metrics.ts).
   */
  workerChannel?: WorkerChannel | undefined;
  /** How long the primary waits for every worker's figures (default 5 s). */
  clusterTimeoutMs?: number;
  now?: () => number;
}

/** The endpoints whose requests are counted in flight, by the path without `/v1`, as the request log names them. */
const IN_FLIGHT_ENDPOINTS: ReadonlyArray<readonly [path: string, endpoint: RequestLogRow['endpoint']]> = [
  ['/chat/completions', 'chat'],
  ['/messages', 'messages'],
  ['/embeddings', 'embeddings'],
];

/** 0 closed, 1 half-open, 2 open: higher is worse, so `max` across workers is the worst any of them sees. */
const CIRCUIT_VALUES: Readonly<Record<CircuitName, number>> = { closed: 0, 'half-open': 1, open: 2 };

const TOKEN_KINDS: ReadonlyArray<readonly [kind: string, field: keyof UsageSeries]> = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['cached_input', 'cachedInputTokens'],
  ['cache_write', 'cacheWriteInputTokens'],
  ['reasoning', 'reasoningTokens'],
];

/**
 * The gateway's Prometheus metrics (GET /metrics; docs/observability.md lists them). Built once by
 * app.ts and passed in, never global: each test's app has its own registry. The request path only
 * adds to plain records (request-metrics.ts) through three calls: `recordRequest` with each request's
 * log row, `recordRefusal` from governance, and `trackInFlight` from the HTTP handler. Everything else
 * (circuit states, the log writer's queue, prom-client's default process metrics) is read at scrape time.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: RequestMetrics;
  private readonly inFlight = [0, 0, 0];
  /** One listener per endpoint, made once: a response's `close` needs no closure of its own. */
  private readonly ended: Array<() => void>;
  private readonly circuitOf: GatewayMetricsOptions['circuitOf'];
  private readonly queueDepth: () => number;
  private readonly now: () => number;
  private readonly cluster: ClusterMetricsWorker | undefined;
  /** Label sets of each histogram's `le` lines and each usage series' token kinds, made at their first scrape, not at every one. */
  private readonly bucketLabels = new WeakMap<HistogramRecord, Labels[]>();
  private readonly tokenLabels = new WeakMap<UsageSeries, Labels[]>();

  constructor(options: GatewayMetricsOptions) {
    this.requests = new RequestMetrics(options.limits);
    this.circuitOf = options.circuitOf;
    this.queueDepth = options.queueDepth;
    this.now = options.now ?? Date.now;
    this.ended = IN_FLIGHT_ENDPOINTS.map((_, index) => () => {
      this.inFlight[index]! -= 1;
    });
    // prom-client's process metrics. It starts a GC observer and an event-loop-delay monitor per call that
    // nothing can stop: harmless for the one app of a process, a small leak per app where tests build many.
    collectDefaultMetrics({ register: this.registry });
    for (const metric of this.families()) this.registry.registerMetric(metric);
    this.cluster =
      options.workerChannel === undefined
        ? undefined
        : new ClusterMetricsWorker({ registry: this.registry, channel: options.workerChannel, timeoutMs: options.clusterTimeoutMs ?? 5_000 });
  }

  /** The names the current config allows as label values; app.ts sets them at start and on every reload. */
  setLabelBounds(bounds: MetricLabelBounds): void {
    this.requests.setBounds(bounds);
  }

  /** One finished request (chat, messages or embeddings; refused ones too), from the row it left for the request log. */
  recordRequest(row: RequestLogRow): void {
    this.requests.record(row);
  }

  /** A request refused by a virtual key's or its team's rate limit, parallel cap or budget. */
  recordRefusal(refusal: RefusalEvent, keyId: string, teamId: string | undefined): void {
    this.requests.recordRefusal(refusal, keyId, teamId);
  }

  /**
   * Counts a model request (chat, messages, embeddings; `path` without `/v1`) in flight until its response
   * closes: `close` comes whether the answer finished or the client went away first.
   */
  trackInFlight(path: string, response: { on(event: 'close', listener: () => void): unknown }): void {
    for (let index = 0; index < IN_FLIGHT_ENDPOINTS.length; index++) {
      if (IN_FLIGHT_ENDPOINTS[index]![0] !== path) continue;
      this.inFlight[index]! += 1;
      // `on`, not `once`: a response closes once, and once() would wrap the listener in a new closure per request.
      response.on('close', this.ended[index]!);
      return;
    }
  }

  /** The exposition text: this process's, or in a worker of `--workers N`, every worker's summed. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    const text = this.cluster === undefined ? await this.registry.metrics() : await this.cluster.scrape();
    return { contentType: this.registry.contentType, text };
  }

  close(): void {
    this.cluster?.close();
  }

  /** A histogram family's lines from each route's record: cumulative `le` buckets (+Inf last), `_sum` and `_count`. */
  private histogramValues(name: string, pick: (route: RouteSeries) => HistogramRecord): CollectedValue[] {
    const values: CollectedValue[] = [];
    const bucket = `${name}_bucket`;
    const sum = `${name}_sum`;
    const count = `${name}_count`;
    for (const route of this.requests.routes) {
      const record = pick(route);
      if (record.count === 0) continue;
      let labels = this.bucketLabels.get(record);
      if (labels === undefined) {
        labels = [...record.bounds.map((bound) => ({ ...route.labels, le: bound })), { ...route.labels, le: '+Inf' }];
        this.bucketLabels.set(record, labels);
      }
      const cumulative = record.cumulative();
      for (let index = 0; index < cumulative.length; index++) values.push({ metricName: bucket, labels: labels[index]!, value: cumulative[index]! });
      values.push({ metricName: sum, labels: route.labels, value: record.sum });
      values.push({ metricName: count, labels: route.labels, value: record.count });
    }
    return values;
  }

  private families(): ReturnType<typeof collectedMetric>[] {
    const requests = this.requests;
    const usage = (read: (series: UsageSeries) => number): CollectedValue[] => {
      const values: CollectedValue[] = [];
      for (const route of requests.routes) for (const series of route.usage) values.push({ labels: series.labels, value: read(series) });
      return values;
    };
    const counts = (series: Map<string, CountSeries>): (() => CollectedValue[]) => () => [...series.values()].map(({ labels, value }) => ({ labels, value }));
    return [
      collectedMetric({
        name: 'skyroute_requests_total',
        help: 'Requests that reached chat, messages or embeddings, refused and failed ones included, by the model group asked for, the deployment that served them, virtual key and team.',
        type: 'counter',
        collect: () => usage((series) => series.requests),
      }),
      collectedMetric({
        name: 'skyroute_request_errors_total',
        help: 'Requests that ended in an error, by Skyroute error code (GW_ERR_...) and the HTTP status the client got (200 for a stream that failed after it started, 499 for a client that left).',
        type: 'counter',
        collect: () => {
          const values: CollectedValue[] = [];
          for (const route of requests.routes) for (const series of route.errors.values()) values.push({ labels: series.labels, value: series.value });
          return values;
        },
      }),
      collectedMetric({
        name: 'skyroute_request_duration_seconds',
        help: 'Whole request, from its arrival to the end of its answer (a stream\'s last byte).',
        type: 'histogram',
        collect: () => this.histogramValues('skyroute_request_duration_seconds', (route) => route.duration),
      }),
      collectedMetric({
        name: 'skyroute_time_to_first_token_seconds',
        help: 'Streams: from the request\'s arrival to the first output sent to the client.',
        type: 'histogram',
        collect: () => this.histogramValues('skyroute_time_to_first_token_seconds', (route) => route.ttft),
      }),
      collectedMetric({
        name: 'skyroute_tokens_total',
        help: 'Tokens by kind (input, output, cached_input, cache_write, reasoning) as the upstream reported them; a kind appears once it counted one.',
        type: 'counter',
        collect: () => {
          const values: CollectedValue[] = [];
          for (const route of requests.routes) {
            for (const series of route.usage) {
              // A kind appears once it has counted something, as a prom-client counter's series does: most
              // series never see cache writes or reasoning, and three empty lines per key and route slow the scrape.
              let labels = this.tokenLabels.get(series);
              if (labels === undefined) this.tokenLabels.set(series, (labels = TOKEN_KINDS.map(([kind]) => ({ ...series.labels, kind }))));
              for (let index = 0; index < TOKEN_KINDS.length; index++) {
                const value = series[TOKEN_KINDS[index]![1]] as number;
                if (value > 0) values.push({ labels: labels[index]!, value });
              }
            }
          }
          return values;
        },
      }),
      collectedMetric({
        name: 'skyroute_cost_usd_total',
        help: 'What the requests cost in USD, as charged to keys and budgets (the x-skyroute-cost-usd figures).',
        type: 'counter',
        collect: () => usage((series) => series.costNusd / 1e9),
      }),
      collectedMetric({
        name: 'skyroute_requests_in_flight',
        help: 'Chat, messages and embeddings requests whose response has not closed yet.',
        type: 'gauge',
        collect: () => IN_FLIGHT_ENDPOINTS.map(([, endpoint], index) => ({ labels: { endpoint }, value: this.inFlight[index]! })),
      }),
      collectedMetric({
        name: 'skyroute_retries_total',
        help: 'Attempts after a request\'s first that reached a provider (hedges not counted), by the deployment they went to.',
        type: 'counter',
        collect: counts(requests.retries),
      }),
      collectedMetric({
        name: 'skyroute_hedges_total',
        help: 'Hedged attempts (sent because the attempt before was slow), by the deployment they went to.',
        type: 'counter',
        collect: counts(requests.hedges),
      }),
      collectedMetric({
        name: 'skyroute_attempt_failures_total',
        help: 'Failed attempts, retried or not, by deployment, error code and status.',
        type: 'counter',
        collect: counts(requests.attemptFailures),
      }),
      collectedMetric({
        name: 'skyroute_fallbacks_total',
        help: 'Requests that went on to a fallback group, by the group asked for and the fallback group.',
        type: 'counter',
        collect: counts(requests.fallbacks),
      }),
      collectedMetric({
        name: 'skyroute_rate_limit_refusals_total',
        help: 'Requests refused by a virtual key\'s or team\'s limit: rpm, tpm or parallel (max_parallel).',
        type: 'counter',
        collect: counts(requests.rateLimitRefusals),
      }),
      collectedMetric({
        name: 'skyroute_budget_refusals_total',
        help: 'Requests refused by a virtual key\'s or team\'s budget, by its period (day, week, month, total).',
        type: 'counter',
        collect: counts(requests.budgetRefusals),
      }),
      collectedMetric({
        name: 'skyroute_deployment_circuit_state',
        help: 'Circuit breaker of each deployment of the configured groups: 0 closed, 1 half-open, 2 open.',
        type: 'gauge',
        aggregator: 'max',
        collect: () => {
          const now = this.now();
          return requests.labelBounds.watched.map(({ id, provider }) => ({ labels: { deployment: id, provider }, value: CIRCUIT_VALUES[this.circuitOf(id, now)] }));
        },
      }),
      collectedMetric({
        name: 'skyroute_request_log_queue_depth',
        help: 'Request-log rows waiting to be written to the database (held in memory; past request_log.max_queue they spill to disk).',
        type: 'gauge',
        collect: () => [{ labels: {}, value: this.queueDepth() }],
      }),
    ];
  }
}

