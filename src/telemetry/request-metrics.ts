import type { RequestLogRow } from '../store/store-port.js';
import { HistogramRecord } from './histogram-record.js';
import { LabelSlots } from './label-slots.js';
import { LABEL_VALUES } from './label-values.js';
import { NO_LABEL_BOUNDS, type MetricLabelBounds } from './metric-label-bounds.js';
import { routeDetours } from './route-detours.js';

/** Whole-request latency buckets, seconds: from a refusal (sub-millisecond) to a long reasoning stream. */
const DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Time-to-first-token buckets, seconds. */
const TTFT_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

/** A type, not an interface: prom-client takes it as a plain label record. */
export type RouteLabels = {
  endpoint: string;
  model: string;
  deployment: string;
  provider: string;
};

/** One (endpoint, model, deployment, provider): its latency histograms, its errors, and its usage per key and team. */
export interface RouteSeries {
  labels: RouteLabels;
  duration: HistogramRecord;
  ttft: HistogramRecord;
  /** Key label → team label → usage (a key may change teams). */
  usageByKey: Map<string, Map<string, UsageSeries>>;
  /** The same series, as a list for the scrape. */
  usage: UsageSeries[];
  errors: Map<string, CountSeries>;
}

export interface UsageSeries {
  /** The route's labels plus key and team, made once when the series is. */
  labels: RouteLabels & { key: string; team: string };
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens: number;
  reasoningTokens: number;
  costNusd: number;
}

export interface CountSeries {
  labels: Record<string, string | number>;
  value: number;
}

/** A refused admission, as governance/ reports it (its Refusal type has these fields). */
export interface RefusalEvent {
  kind: 'rpm' | 'tpm' | 'parallel' | 'budget';
  scope: { kind: 'key' | 'team' };
  budget?: { period: string };
}

export interface MetricsLimits {
  /** Distinct virtual-key ids with a label value of their own; the rest count as `other`. */
  maxKeyLabels: number;
  maxTeamLabels: number;
}

/**
 * The request path's side of the metrics: plain per-series records (a Map from a label key built once
 * per request to counters and histogram bucket arrays), which prom-client reads at scrape time. One
 * request costs a few Map lookups and additions here; prom-client's labelled inc()/observe() hash a
 * label object per call, several times per request. Not a registry: gateway-metrics.ts turns these
 * records into metric families.
 */
export class RequestMetrics {
  readonly durationBuckets = DURATION_BUCKETS;
  readonly ttftBuckets = TTFT_BUCKETS;
  /** Every route series, for the scrape. */
  readonly routes: RouteSeries[] = [];
  /**
   * endpoint → model label → deployment → series. Nested maps rather than one map with a joined key:
   * the strings a row carries (the served deployment's id, the key's id) live long and keep their hash,
   * where a joined key would be a new string to build and hash on every request.
   */
  private readonly routeIndex = new Map<string, Map<string, Map<string, RouteSeries>>>();
  readonly retries = new Map<string, CountSeries>();
  readonly hedges = new Map<string, CountSeries>();
  readonly attemptFailures = new Map<string, CountSeries>();
  readonly fallbacks = new Map<string, CountSeries>();
  readonly rateLimitRefusals = new Map<string, CountSeries>();
  readonly budgetRefusals = new Map<string, CountSeries>();
  private readonly keys: LabelSlots;
  private readonly teams: LabelSlots;
  private bounds: MetricLabelBounds = NO_LABEL_BOUNDS;

  constructor(limits: MetricsLimits) {
    this.keys = new LabelSlots(limits.maxKeyLabels);
    this.teams = new LabelSlots(limits.maxTeamLabels);
  }

  /** The names the current config allows as label values (set at start and on every reload). */
  setBounds(bounds: MetricLabelBounds): void {
    this.bounds = bounds;
  }

  get labelBounds(): MetricLabelBounds {
    return this.bounds;
  }

  /** Counts one finished request from its request-log row: called once per request, refused ones too. */
  record(row: RequestLogRow): void {
    const { bounds } = this;
    const model = bounds.models.has(row.model) ? row.model : LABEL_VALUES.other;
    let deployment: string = LABEL_VALUES.none;
    let provider: string = LABEL_VALUES.none;
    if (row.deployment !== undefined) {
      const known = bounds.deployments.get(row.deployment);
      if (known !== undefined) {
        deployment = row.deployment;
        provider = known;
      } else {
        deployment = LABEL_VALUES.other;
        provider = row.provider !== undefined && bounds.providers.has(row.provider) ? row.provider : LABEL_VALUES.other;
      }
    }
    const route = this.route(row.endpoint, model, deployment, provider);
    route.duration.observe(row.latencyMs / 1000);
    if (row.stream && row.ttftMs !== undefined) route.ttft.observe(row.ttftMs / 1000);
    const usage = this.usage(route, row.keyId, row.teamId);
    usage.requests += 1;
    usage.inputTokens += row.inputTokens;
    usage.outputTokens += row.outputTokens;
    usage.cachedInputTokens += row.cachedInputTokens;
    usage.cacheWriteInputTokens += row.cacheWriteInputTokens;
    usage.reasoningTokens += row.reasoningTokens;
    usage.costNusd += row.costNusd;
    if (row.errorCode !== undefined) {
      const key = `${row.errorCode}\u0000${row.status}`;
      let errors = route.errors.get(key);
      if (errors === undefined) {
        errors = { labels: { ...route.labels, code: row.errorCode, status: String(row.status) }, value: 0 };
        route.errors.set(key, errors);
      }
      errors.value += 1;
    }
    if (row.trace !== undefined) this.recordDetours(model, row.trace);
  }

  /** Counts a request that a key's or team's limit or budget refused (the one limit its error names). */
  recordRefusal(refusal: RefusalEvent, keyId: string, teamId: string | undefined): void {
    const key = this.keys.label(keyId);
    const team = this.teams.label(teamId);
    if (refusal.kind === 'budget') {
      const period = refusal.budget?.period ?? LABEL_VALUES.other;
      count(this.budgetRefusals, `${refusal.scope.kind}\u0000${period}\u0000${key}\u0000${team}`, () => ({ scope: refusal.scope.kind, period, key, team }));
    } else {
      count(this.rateLimitRefusals, `${refusal.scope.kind}\u0000${refusal.kind}\u0000${key}\u0000${team}`, () => ({ scope: refusal.scope.kind, limit: refusal.kind, key, team }));
    }
  }

  private route(endpoint: string, model: string, deployment: string, provider: string): RouteSeries {
    let byModel = this.routeIndex.get(endpoint);
    if (byModel === undefined) this.routeIndex.set(endpoint, (byModel = new Map()));
    let byDeployment = byModel.get(model);
    if (byDeployment === undefined) byModel.set(model, (byDeployment = new Map()));
    // A known deployment names its provider; "other" deployments are told apart by theirs (rare: a joined key).
    const deploymentKey = deployment === LABEL_VALUES.other ? `${deployment}\u0000${provider}` : deployment;
    let route = byDeployment.get(deploymentKey);
    if (route === undefined) {
      route = {
        labels: { endpoint, model, deployment, provider },
        duration: new HistogramRecord(DURATION_BUCKETS),
        ttft: new HistogramRecord(TTFT_BUCKETS),
        usageByKey: new Map(),
        usage: [],
        errors: new Map(),
      };
      byDeployment.set(deploymentKey, route);
      this.routes.push(route);
    }
    return route;
  }

  private usage(route: RouteSeries, keyId: string | undefined, teamId: string | undefined): UsageSeries {
    const key = this.keys.label(keyId);
    const team = this.teams.label(teamId);
    let byTeam = route.usageByKey.get(key);
    if (byTeam === undefined) route.usageByKey.set(key, (byTeam = new Map()));
    let usage = byTeam.get(team);
    if (usage === undefined) {
      usage = { labels: { ...route.labels, key, team }, requests: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteInputTokens: 0, reasoningTokens: 0, costNusd: 0 };
      byTeam.set(team, usage);
      route.usage.push(usage);
    }
    return usage;
  }

  private recordDetours(model: string, trace: unknown): void {
    const detours = routeDetours(trace);
    for (const deployment of detours.retries) this.countByDeployment(this.retries, model, deployment);
    for (const deployment of detours.hedges) this.countByDeployment(this.hedges, model, deployment);
    for (const failure of detours.failures) {
      const [deployment, provider] = this.deploymentLabels(failure.deployment);
      const status = String(failure.status);
      count(this.attemptFailures, `${model}\u0000${deployment}\u0000${provider}\u0000${failure.code}\u0000${status}`, () => ({ model, deployment, provider, code: failure.code, status }));
    }
    for (const group of detours.fallbacks) {
      const fallback = this.bounds.models.has(group) ? group : LABEL_VALUES.other;
      count(this.fallbacks, `${model}\u0000${fallback}`, () => ({ model, fallback }));
    }
  }

  private countByDeployment(series: Map<string, CountSeries>, model: string, id: string): void {
    const [deployment, provider] = this.deploymentLabels(id);
    count(series, `${model}\u0000${deployment}\u0000${provider}`, () => ({ model, deployment, provider }));
  }

  private deploymentLabels(id: string): [deployment: string, provider: string] {
    const provider = this.bounds.deployments.get(id);
    return provider === undefined ? [LABEL_VALUES.other, LABEL_VALUES.other] : [id, provider];
  }
}

function count(series: Map<string, CountSeries>, key: string, labels: () => Record<string, string>): void {
  let entry = series.get(key);
  if (entry === undefined) {
    entry = { labels: labels(), value: 0 };
    series.set(key, entry);
  }
  entry.value += 1;
}
