import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';

const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating it and its directory when missing) the SQLite file at `path`, or an in-memory
 * database for ':memory:', set up for a gateway:
 * - WAL: readers (the dashboard) never block the batched writer, nor the other way round.
 * - synchronous NORMAL: with WAL a power cut can lose the last commits but never corrupts the file.
 * - busy_timeout 5000: worker processes that share the file wait their turn instead of failing at once.
 * - foreign_keys ON: off by default in SQLite, and the schema relies on it (team keys, details cascade).
 */
export async function openSqliteDatabase(path: string): Promise<BetterSqlite3.Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  try {
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await switchToWal(database);
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

/**
 * Switching a file to WAL needs it alone for a moment, and SQLite may answer SQLITE_BUSY without
 * using the busy timeout when it sees that waiting could deadlock (seen here while worker processes
 * opened and migrated one new file together). A short wait and another try is the way through. Once
 * the file is in WAL (the mode is kept in the file) the pragma changes nothing and answers at once.
 */
async function switchToWal(database: BetterSqlite3.Database): Promise<void> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      await sleep(10 + Math.random() * 40);
    }
  }
}
