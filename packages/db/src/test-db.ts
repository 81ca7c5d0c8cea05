import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbHandle } from './create-db';

/**
 * A throwaway, migrated database for one test file: in-memory PGlite by default, or, when
 * `TEST_DB=postgres`, a fresh database created on `TEST_DATABASE_URL`'s server (dropped at close).
 * `url` is set for PostgreSQL, so that a child process can open the same database.
 */
export async function createTestDb(): Promise<DbHandle & { url: string | null }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (process.env.TEST_DB !== 'postgres' || !adminUrl) {
    return { ...(await createDb({ dataDir: 'memory://' })), url: null };
  }
  const name = `sportello_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template template0`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString(), onPoolError: () => undefined });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
