import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import type { FeedbackTotal } from './store-port.js';

type JoinedTables = { f: Database['request_feedback']; l: Database['request_logs'] };

interface TotalRow {
  model: string;
  category: string | null;
  deployment: string | null;
  ratings: number;
  score_sum: number | null;
}

/** A virtual key's feedback counts only on its own requests (the master key's and static keys' on any). */
const ownRequest = (where: ExpressionBuilder<JoinedTables, 'f' | 'l'>) => where.or([where('f.key_id', 'is', null), where('f.key_id', '=', where.ref('l.key_id'))]);

/**
 * Store.feedbackTotals: one statement (one snapshot), three parts summed here: feedback that names its
 * request's deployment itself; feedback joined to its log row by the row's id; and by the client's
 * x-request-id (a row whose id is the request id already counted in the second part). A virtual key's
 * feedback joins only its own requests' rows. Each part is a range scan of request_feedback by `at`
 * and primary-key or indexed lookups into request_logs.
 */
export async function feedbackTotals(db: Kysely<Database>, query: { from: number; to: number }): Promise<FeedbackTotal[]> {
  const inWindow = db.selectFrom('request_feedback as f').where('f.at', '>=', query.from).where('f.at', '<', query.to);
  const own = inWindow
    .where('f.deployment', 'is not', null)
    .where('f.model', 'is not', null)
    .select((expression) => [
      expression.ref('f.model').$castTo<string>().as('model'),
      'f.category as category',
      'f.deployment as deployment',
      expression.fn.countAll<number>().as('ratings'),
      expression.fn.sum<number | null>('f.score').as('score_sum'),
    ])
    .groupBy(['f.model', 'f.category', 'f.deployment']);
  const byRowId = inWindow
    .where('f.deployment', 'is', null)
    .innerJoin('request_logs as l', 'l.id', 'f.request_id')
    .where('l.deployment', 'is not', null)
    .where(ownRequest)
    .select((expression) => ['l.model as model', 'l.category as category', 'l.deployment as deployment', expression.fn.countAll<number>().as('ratings'), expression.fn.sum<number | null>('f.score').as('score_sum')])
    .groupBy(['l.model', 'l.category', 'l.deployment']);
  const byClientId = inWindow
    .where('f.deployment', 'is', null)
    .innerJoin('request_logs as l', 'l.client_request_id', 'f.request_id')
    .whereRef('l.id', '<>', 'f.request_id')
    .where('l.deployment', 'is not', null)
    .where(ownRequest)
    .select((expression) => ['l.model as model', 'l.category as category', 'l.deployment as deployment', expression.fn.countAll<number>().as('ratings'), expression.fn.sum<number | null>('f.score').as('score_sum')])
    .groupBy(['l.model', 'l.category', 'l.deployment']);
  const rows: TotalRow[] = await own.unionAll(byRowId).unionAll(byClientId).execute();
  const totals = new Map<string, FeedbackTotal>();
  for (const row of rows) {
    if (row.deployment === null) continue;
    const category = row.category ?? 'default';
    const key = `${row.model}\u0000${category}\u0000${row.deployment}`;
    let total = totals.get(key);
    if (total === undefined) {
      total = { model: row.model, category, deployment: row.deployment, ratings: 0, scoreSum: 0 };
      totals.set(key, total);
    }
    total.ratings += Number(row.ratings);
    total.scoreSum += Number(row.score_sum ?? 0);
  }
  return [...totals.values()].sort(compareTotals);
}

function compareTotals(left: FeedbackTotal, right: FeedbackTotal): number {
  return compareText(left.model, right.model) || compareText(left.category, right.category) || compareText(left.deployment, right.deployment);
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
