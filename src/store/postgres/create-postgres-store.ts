import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database-schema.js';
import { KyselyStore } from '../kysely-store.js';
import { migrateStore } from '../migrate-store.js';
import type { Store } from '../store-port.js';
import { writeRequests } from '../write-requests.js';
import { postgresNumberTypes } from './postgres-number-types.js';
import { postgresStatsUpsert } from './postgres-stats-upsert.js';

/** Unquoted lower-case identifiers only: the name goes into a connection option and DDL as is. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The PostgreSQL store: a pool on `url`, migrated to the latest schema. With `schema` the tables live
 * in that schema (created when missing, and the pool's search_path), which is how tests and several
 * installs share one database.
 */
export async function createPostgresStore(url: string, schema?: string): Promise<Store> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL schema "${schema}" is not a plain name: use lower-case letters, digits and underscores (at most 63), starting with a letter or underscore.`);
  }
  if (schema !== undefined && hasOptionsParameter(url)) {
    // pg lets the URL's `options` win over ours: the tables would land in another schema than the one asked for.
    throw new Error('the PostgreSQL URL sets "options" and a store schema is set too: set the search_path in one place (remove one of them).');
  }
  const pool = new pg.Pool({
    connectionString: url,
    types: postgresNumberTypes,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection that dies (server restart, network) is reported here and dropped by the pool;
  // the next query opens a new one, and a query that fails rejects for its caller. Without a listener
  // the 'error' event would end the process.
  pool.on('error', () => undefined);
  // A connection that dies while checked out (the server killed mid-transaction) also emits 'error' on
  // its client, which nobody listens to then: the query in flight rejects for its caller anyway.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const migrationSchema = await prepareSchema(db, url, schema);
    await migrateStore(db, { kind: 'postgres', schema: migrationSchema });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, 'postgres', (database, rows, options) => writeRequests(database, rows, options, postgresStatsUpsert));
}

/** Creates the schema when asked for one; answers the schema the tables go into. */
async function prepareSchema(db: Kysely<Database>, url: string, schema: string | undefined): Promise<string> {
  try {
    if (schema === undefined) {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      const current = rows[0]?.schema ?? null;
      if (current === null) throw new Error('the search_path names no schema that exists: create one, or set a schema for the store');
      return current;
    }
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (error) {
      // Two replicas creating it at once: IF NOT EXISTS does not stop the loser's unique violation.
      const { rows } = await sql`select 1 from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      if (rows.length === 0) throw error;
    }
    return schema;
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`could not prepare the PostgreSQL store at ${describeTarget(url)}: ${cause}. Check the database URL and that the server is up and accepts this user.`, {
      cause: error,
    });
  }
}

function hasOptionsParameter(url: string): boolean {
  try {
    return new URL(url).searchParams.has('options');
  } catch {
    return false;
  }
}

/** The URL without its password, for messages. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
