import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database, SpendDailyTable } from './database-schema.js';
import type { SpendDimension, SpendQuery, SpendReportRow, SpendScope } from './store-port.js';

type DimensionColumn = 'day' | 'key_id' | 'team_id' | 'model' | 'provider' | 'deployment';

const DIMENSIONS: Record<SpendDimension, { column: DimensionColumn; field: keyof SpendReportRow & DimensionField }> = {
  day: { column: 'day', field: 'day' },
  key: { column: 'key_id', field: 'keyId' },
  team: { column: 'team_id', field: 'teamId' },
  model: { column: 'model', field: 'model' },
  provider: { column: 'provider', field: 'provider' },
  deployment: { column: 'deployment', field: 'deployment' },
};
type DimensionField = 'day' | 'keyId' | 'teamId' | 'model' | 'provider' | 'deployment';

function whereScope<Output>(select: SelectQueryBuilder<Database, 'spend_daily', Output>, scope: SpendScope): SelectQueryBuilder<Database, 'spend_daily', Output> {
  let scoped = select;
  if (scope.keyId !== undefined) scoped = scoped.where('key_id', '=', scope.keyId);
  if (scope.teamId !== undefined) scoped = scoped.where('team_id', '=', scope.teamId);
  return scoped;
}

/** Store.spendSince, from the daily totals (never the log): a budget check reads a few rows per day. */
export async function spendSince(db: Kysely<Database>, scope: SpendScope, fromDay: string | undefined): Promise<number> {
  let select = whereScope(db.selectFrom('spend_daily').select((expression) => expression.fn.sum<number | null>('cost_nusd').as('cost')), scope);
  if (fromDay !== undefined) select = select.where('day', '>=', fromDay);
  const row = await select.executeTakeFirst();
  return row?.cost ?? 0;
}

/**
 * Store.spendReport, from the daily totals: grouped by the asked dimensions (each group once, in the
 * order asked), ordered by them. A dimension whose value is '' ("no key", "no deployment") comes back
 * absent. With no dimension the answer is one row, zeros when nothing was spent.
 */
export async function spendReport(db: Kysely<Database>, query: SpendQuery): Promise<SpendReportRow[]> {
  const dimensions = [...new Set(query.groupBy)].map((dimension) => DIMENSIONS[dimension]);
  const columns = dimensions.map((dimension) => dimension.column);
  let select = whereScope(
    db
      .selectFrom('spend_daily')
      .where('day', '>=', query.from)
      .where('day', '<=', query.to)
      .select(columns)
      .select((expression) => [
        expression.fn.sum<number | null>('requests').as('requests'),
        expression.fn.sum<number | null>('input_tokens').as('input_tokens'),
        expression.fn.sum<number | null>('output_tokens').as('output_tokens'),
        expression.fn.sum<number | null>('cached_input_tokens').as('cached_input_tokens'),
        expression.fn.sum<number | null>('cache_write_input_tokens').as('cache_write_input_tokens'),
        expression.fn.sum<number | null>('reasoning_tokens').as('reasoning_tokens'),
        expression.fn.sum<number | null>('cost_nusd').as('cost_nusd'),
      ]),
    query,
  );
  if (columns.length > 0) select = select.groupBy(columns);
  for (const column of columns) select = select.orderBy(column);
  const rows = await select.execute();
  return rows.map((row) => {
    const report: SpendReportRow = {
      requests: row.requests ?? 0,
      inputTokens: row.input_tokens ?? 0,
      outputTokens: row.output_tokens ?? 0,
      cachedInputTokens: row.cached_input_tokens ?? 0,
      cacheWriteInputTokens: row.cache_write_input_tokens ?? 0,
      reasoningTokens: row.reasoning_tokens ?? 0,
      costNusd: row.cost_nusd ?? 0,
    };
    for (const dimension of dimensions) {
      const value = (row as Partial<Pick<SpendDailyTable, DimensionColumn>>)[dimension.column];
      if (value !== undefined && value !== '') report[dimension.field] = value;
    }
    return report;
  });
}
