import { dayOf } from '../../governance/budget-window.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { SpendDimension } from '../../store/store-port.js';
import { SpendQuery } from './admin-input-schemas.js';
import { spendRowJson, spendTotalsJson } from './admin-json.js';
import { SpendReportJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';

const DAY_MS = 86_400_000;
/** The default report: today and the 29 days before it. */
const DEFAULT_DAYS = 30;

/** /admin/spend: what was spent, from the daily totals (exact: integer nano-dollars summed, then shown as USD). */
export const spendRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/admin/spend',
    operationId: 'spendReport',
    tag: 'spend',
    summary: 'Spend and usage over days, optionally grouped',
    description:
      'Days are UTC and inclusive. With no group_by, `data` holds one row of totals. Figures come from the daily totals the request-log writer keeps, so they trail live traffic by its flush interval.',
    query: SpendQuery,
    response: { status: 200, description: 'The report.', schema: SpendReportJson },
    async handle({ query, admin, now }) {
      const to = query.to ?? dayOf(now);
      const from = query.from ?? dayOf(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS);
      if (from > to) {
        throw new GatewayError('GW_ERR_ADMIN_INVALID', `from: ${from} is after to (${to}); the range is from…to, both days included.`, { param: 'from' });
      }
      // Deduplicated, in the order given: the response says what it was grouped by.
      const groupBy = [...new Set(query.group_by === undefined ? [] : (query.group_by.split(',') as SpendDimension[]))];
      const rows = await admin.store.spendReport({
        from,
        to,
        groupBy,
        ...(query.key_id === undefined ? {} : { keyId: query.key_id }),
        ...(query.team_id === undefined ? {} : { teamId: query.team_id }),
      });
      return { from, to, group_by: groupBy, data: rows.map((row) => spendRowJson(row, groupBy)), total: spendTotalsJson(rows) };
    },
  }),
];
