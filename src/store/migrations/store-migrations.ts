import type { Migration, MigrationProvider } from 'kysely';
import { initialSchema } from './0001-initial-schema.js';
import { clientRequestId } from './0002-client-request-id.js';
import { requestFeedback } from './0003-request-feedback.js';
import { feedbackCategories } from './0004-feedback-categories.js';
import { requestStats } from './0005-request-stats.js';
import { requestStatsHourly } from './0006-request-stats-hourly.js';

/**
 * Every migration, by name, in code: no directory scan, so it works the same from src/ and dist/.
 * Kysely runs them in the order of their names, so a new one gets the next number; a migration that
 * has run is never edited (databases in the field have it recorded as done).
 */
export const storeMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': initialSchema,
  '0002-client-request-id': clientRequestId,
  '0003-request-feedback': requestFeedback,
  '0004-feedback-categories': feedbackCategories,
  '0005-request-stats': requestStats,
  '0006-request-stats-hourly': requestStatsHourly,
};

/** The provider kysely's Migrator asks for the list above (or another one, in tests). */
export function staticMigrationProvider(migrations: Readonly<Record<string, Migration>>): MigrationProvider {
  return { getMigrations: async () => ({ ...migrations }) };
}
