export * from './schema';
export * as schema from './schema';
export { createDb, migrationsFolder, PGLITE_EXTENSIONS } from './create-db';
export type { Database, DbHandle, CreateDbOptions, RawQuery } from './create-db';
export { createTestDb } from './test-db';
