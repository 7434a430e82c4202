import { isAbsolute, resolve } from 'node:path';
import { createPostgresStore } from './postgres/create-postgres-store.js';
import { createSqliteStore } from './sqlite/create-sqlite-store.js';
import type { Store } from './store-port.js';

export interface CreateStoreOptions {
  /** What a relative SQLite path is relative to (the config file's directory); the working directory when absent. */
  baseDirectory?: string;
  /** PostgreSQL only: the schema for the tables, created when missing (test isolation, shared databases). */
  schema?: string;
}

/**
 * The store a database URL names, migrated to the latest schema: `postgres://` or `postgresql://` is
 * PostgreSQL; anything else is a SQLite file path (its directory is created) or ':memory:'. Another
 * URL scheme is refused rather than taken for a file name.
 */
export async function createStore(url: string, options: CreateStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(url)) return createPostgresStore(url, options.schema);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme !== null) {
    throw new Error(`database URL scheme "${scheme[1]}://" is not supported: use postgres://… for PostgreSQL, or a file path (or :memory:) for SQLite.`);
  }
  if (url === '') throw new Error('the database URL is empty: give a SQLite file path (such as ./data/skyroute.db) or a postgres:// URL.');
  if (url === ':memory:') return createSqliteStore(url);
  return createSqliteStore(isAbsolute(url) ? url : resolve(options.baseDirectory ?? process.cwd(), url));
}
