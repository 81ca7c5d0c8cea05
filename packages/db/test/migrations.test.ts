import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { createDb, createTestDb, migrationsFolder, sites } from '../src/index';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('migrations', () => {
  it('match the schema: regenerating from src/schema.ts adds nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-drift-'));
    temporary.push(dir);
    cpSync(migrationsFolder, join(dir, 'drizzle'), { recursive: true });
    const before = readdirSync(join(dir, 'drizzle')).sort();
    const out = relative(packageDir, join(dir, 'drizzle'));
    const drizzleKit = join(packageDir, 'node_modules', '.bin', 'drizzle-kit');
    execFileSync(drizzleKit, ['generate', '--dialect=postgresql', '--schema=./src/schema.ts', `--out=${out}`], { cwd: packageDir, stdio: 'pipe' });
    const after = readdirSync(join(dir, 'drizzle')).sort();
    expect(after, 'src/schema.ts changed without a migration: run `pnpm db:generate`').toEqual(before);
    const journal = (p: string) => JSON.parse(readFileSync(join(p, 'meta', '_journal.json'), 'utf8')).entries.length;
    expect(journal(join(dir, 'drizzle'))).toBe(journal(migrationsFolder));
  });

  it('create every table on the test database', async () => {
    const handle = await createTestDb();
    try {
      const result = await handle.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
      const tables = (result as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'agent_sessions',
          'agents',
          'conversation_events',
          'conversations',
          'demo_orders',
          'demo_product_variants',
          'demo_products',
          'kb_articles',
          'messages',
          'returns',
          'site_agents',
          'sites',
          'visitors',
        ]),
      );
    } finally {
      await handle.close();
    }
  });

  it.runIf(process.env.TEST_DB !== 'postgres')('keep PGlite data across a reopen, migrating only once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-pglite-'));
    temporary.push(dir);
    const first = await createDb({ dataDir: dir });
    await first.db.insert(sites).values({ key: 'kept', name: 'Kept', secret: 's' });
    await first.close();
    const second = await createDb({ dataDir: dir });
    try {
      const rows = await second.db.select().from(sites).where(eq(sites.key, 'kept'));
      expect(rows).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
