/**
 * The admin API's JSON, typed from the gateway's own response schemas (type-only imports: nothing of
 * the server reaches the bundle), so the dashboard cannot drift from the API without failing to compile.
 */
export type {
  KeyJsonType as KeyJson,
  TeamJsonType as TeamJson,
  BudgetStatusJsonType as BudgetStatusJson,
  LogRowJsonType as LogRowJson,
  LogDetailJsonType as LogDetailJson,
  DeploymentsJsonType as DeploymentsJson,
  DeploymentJsonType as DeploymentJson,
  WhatIfJsonType as WhatIfJson,
  StatsReportJsonType as StatsJson,
} from '../../src/server/admin/admin-output-schemas.js';

import type { z } from 'zod';
import type { StatsDimensionsJson as StatsDimensionsSchema } from '../../src/server/admin/admin-output-schemas.js';

export type StatsDimensionsJson = z.infer<typeof StatsDimensionsSchema>;

export interface Page<T> {
  data: T[];
  next_before: string | null;
}
