import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../database-schema.js';
import { KyselyStore } from '../kysely-store.js';
import { migrateStore } from '../migrate-store.js';
import type { Store } from '../store-port.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { sqliteRequestWriter } from './sqlite-request-writer.js';

/** The embedded store: one SQLite file (or ':memory:'), migrated to the latest schema. */
export async function createSqliteStore(path: string): Promise<Store> {
  const database = await openSqliteDatabase(path).catch((error: unknown) => {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`could not open the SQLite store at ${path}: ${cause}. Check that the path names a file that this process can create and write.`, { cause: error });
  });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrateStore(db, { kind: 'sqlite' });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, 'sqlite', sqliteRequestWriter(database));
}
