import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** The contrib modules the migrations use (pg_trgm: the search's trigram indexes), for every PGlite that runs them. */
export const PGLITE_EXTENSIONS = { pg_trgm };
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema';

/** The drizzle database, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Runs one parameterised SQL statement (`$1`, `$2`...) on the driver itself, returning its rows. */
export type RawQuery = <T>(text: string, params: unknown[]) => Promise<T[]>;

export interface DbHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** The driver without drizzle, for the few hot statements that are built once and run often. */
  query: RawQuery;
  /** Closes the pool or the embedded database. */
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory (default `./data`); `memory://` keeps everything in memory. */
  dataDir?: string;
  /** Run the migrations before returning (default true). */
  migrate?: boolean;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** Called with errors of idle pooled connections (a restarted PostgreSQL); default logs to stderr. */
  onPoolError?: (error: Error) => void;
}

/** Folder of the generated SQL migrations, shared by both drivers. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

// Any constant: serialises migrations of several processes starting at once on one PostgreSQL.
const MIGRATION_LOCK_KEY = 7_262_001;

/**
 * Opens the database: PostgreSQL through `pg` when `databaseUrl` is set, else PGlite in `dataDir`.
 * The same migrations run on both, at start-up.
 */
export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  const runMigrations = options.migrate ?? true;
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    });
    // Without a listener, an idle connection dropped by the server would crash the process.
    pool.on('error', options.onPoolError ?? ((error) => console.error('[db] idle connection error:', error.message)));
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    if (runMigrations) {
      const lock = await pool.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(pool, { schema }), { migrationsFolder });
      } finally {
        await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        lock.release();
      }
    }
    const query: RawQuery = async <T>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as T[];
    return { db, kind: 'postgres', query, close: () => pool.end() };
  }

  const dataDir = options.dataDir ?? './data';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // pg_trgm: the trigram indexes of the console's search (a contrib module PGlite ships; PostgreSQL's own contrib has it too).
  const client = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS });
  const pgliteDb = drizzlePglite(client, { schema });
  if (runMigrations) await migratePglite(pgliteDb, { migrationsFolder });
  return {
    db: pgliteDb as unknown as Database,
    kind: 'pglite',
    query: async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows,
    close: () => client.close(),
  };
}
