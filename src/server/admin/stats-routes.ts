import type { RequestStatsQuery } from '../../store/store-port.js';
import { StatsDimensionsQuery, StatsQuery } from './admin-input-schemas.js';
import { isoOf } from './admin-json.js';
import { StatsDimensionsJson, StatsReportJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';
import { statsReportJson } from './stats-json.js';
import { statsRange } from './stats-range.js';

const FRESHNESS =
  'Figures come from per-minute and hourly statistics the request-log writer adds in the transaction of each batch (also with request_log.enabled: false), so they trail live traffic by its flush interval; they are kept for request_log.retention_days. Buckets of an hour or more without a key_id or team_id filter read the hourly ones (the same figures from far fewer rows).';

/** /admin/stats: the dashboard's time series, from the per-minute or hourly request statistics (never the request log; the store picks the table). */
export const statsRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/admin/stats',
    operationId: 'requestStats',
    tag: 'stats',
    summary: 'Requests, errors, spend, tokens and latency percentiles over time',
    description: `Every bucket of the window (UTC-aligned, the last one holding now), empty ones included, and the window's totals. Filters take one value or several separated by commas; different filters narrow each other. ${FRESHNESS}`,
    query: StatsQuery,
    response: { status: 200, description: 'The series and its totals.', schema: StatsReportJson },
    async handle({ query, admin, now }) {
      const range = statsRange(query.window, query.bucket, now);
      const request: RequestStatsQuery = { from: range.from, to: range.to, bucketMs: range.bucketMs };
      if (query.model !== undefined) request.models = query.model;
      if (query.provider !== undefined) request.providers = query.provider;
      if (query.deployment !== undefined) request.deployments = query.deployment;
      if (query.key_id !== undefined) request.keyIds = query.key_id;
      if (query.team_id !== undefined) request.teamIds = query.team_id;
      const buckets = await admin.store.requestStats(request);
      return { window: range.window, bucket: range.bucket, from: isoOf(range.from), to: isoOf(range.to), ...statsReportJson(range, buckets) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/admin/stats/dimensions',
    operationId: 'requestStatsDimensions',
    tag: 'stats',
    summary: 'The models, providers, deployments, keys and teams seen in a window',
    description: `What the filters of GET /admin/stats can choose from: the distinct values of the window, sorted; keys and teams with their names (null once deleted). ${FRESHNESS}`,
    query: StatsDimensionsQuery,
    response: { status: 200, description: 'The distinct values.', schema: StatsDimensionsJson },
    async handle({ query, admin, now }) {
      const range = statsRange(query.window, undefined, now);
      const dimensions = await admin.store.requestStatsDimensions({ from: range.from, to: range.to });
      const named = (records: Array<{ id: string; name?: string }>) => records.map((record) => ({ id: record.id, name: record.name ?? null }));
      return {
        window: range.window,
        from: isoOf(range.from),
        to: isoOf(range.to),
        models: dimensions.models,
        providers: dimensions.providers,
        deployments: dimensions.deployments,
        keys: named(dimensions.keys),
        teams: named(dimensions.teams),
      };
    },
  }),
];
