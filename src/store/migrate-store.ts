import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Database } from './database-schema.js';
import { staticMigrationProvider, storeMigrations } from './migrations/store-migrations.js';

export interface MigrateStoreOptions {
  kind: 'sqlite' | 'postgres';
  /**
   * PostgreSQL: the schema the tables live in. The migrator's own tables are put there by name
   * because kysely decides whether they exist by looking through every schema of the database: without
   * it, another schema's migration table (a second install, a test run) would be taken for ours.
   */
  schema?: string;
  /** Tests pass their own list; the store uses storeMigrations. */
  migrations?: Readonly<Record<string, Migration>>;
}

/**
 * Brings the database to the latest migration, or rejects with an error naming the migration that
 * failed. Many replicas may start at once:
 * - PostgreSQL: kysely's migrator holds an advisory lock and runs the pending migrations in one
 *   transaction, so a replica that waited finds them done, and a failure leaves nothing half applied.
 * - SQLite: kysely takes no lock (it assumes one connection), but worker processes share the file. A
 *   `BEGIN IMMEDIATE` around the whole run is that lock: the other processes wait (busy_timeout) and
 *   then find the work done, and a failure rolls everything back (SQLite DDL is transactional).
 */
export async function migrateStore(db: Kysely<Database>, options: MigrateStoreOptions): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: staticMigrationProvider(options.migrations ?? storeMigrations),
    migrationTableName: 'skyroute_migrations',
    migrationLockTableName: 'skyroute_migration_lock',
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });

  if (options.kind === 'sqlite') await sql`begin immediate`.execute(db);
  const { error, results } = await migrator.migrateToLatest();
  if (options.kind === 'sqlite') {
    if (error === undefined) await sql`commit`.execute(db);
    // Some failures (disk full, I/O) already rolled the transaction back; the error that matters is the first.
    else await sql`rollback`.execute(db).catch(() => undefined);
  }
  if (error === undefined) return;

  const cause = error instanceof Error ? error.message : String(error);
  const failed = results?.find((result) => result.status === 'Error');
  const where = options.kind === 'postgres' ? `PostgreSQL${options.schema === undefined ? '' : ` (schema "${options.schema}")`}` : 'SQLite';
  const advice = cause.startsWith('corrupted migrations')
    ? 'The database was migrated by another version of Skyroute: run that version (or a newer one), or restore a backup.'
    : 'Check that the database is reachable and writable, then start again.';
  throw new Error(
    failed === undefined
      ? `could not migrate the ${where} store: ${cause}. ${advice}`
      : `store migration "${failed.migrationName}" failed on ${where}: ${cause}. Nothing of this run was applied ` +
          '(it runs in one transaction); fix the cause and start again.',
    { cause: error },
  );
}
