import { PostgresStore } from './postgres';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

/** The store MAILCHECK_DB names: a PostgreSQL URL (postgres:// or postgresql://), else a SQLite file path. */
export async function openStore(db: string): Promise<Store> {
  if (isPostgresUrl(db)) return PostgresStore.open(db);
  return new SqliteStore(db);
}

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);
