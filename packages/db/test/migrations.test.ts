import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { createDb, createTestDb, migrationsFolder, PGLITE_EXTENSIONS, sites } from '../src/index';

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

  it('number existing conversations for the shopper without the notes, and move seen marks to that numbering', async () => {
    // The data as 0004 left it: one conversation of five messages, the third an internal note.
    const dir = mkdtempSync(join(tmpdir(), 'sportello-0005-'));
    temporary.push(dir);
    cpSync(migrationsFolder, join(dir, 'drizzle'), { recursive: true });
    const journalPath = join(dir, 'drizzle', 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag.startsWith('0005_'));
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    const client = await PGlite.create('memory://', { extensions: PGLITE_EXTENSIONS });
    try {
      const db = drizzle(client);
      await migrate(db, { migrationsFolder: join(dir, 'drizzle') });
      await client.exec(`
        insert into sites (id, key, name, secret) values ('00000000-0000-4000-8000-000000000001', 'm', 'M', 's');
        insert into visitors (id, site_id, token_hash) values ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'h');
        insert into conversations (id, site_id, visitor_id, last_seq, visitor_seen_seq, agent_seen_seq)
          values ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 5, 4, 3);
        insert into messages (id, conversation_id, seq, client_id, author_type, body, internal)
        select gen_random_uuid(), '00000000-0000-4000-8000-000000000003', s, 'c' || s, case when s = 3 then 'agent' else 'visitor' end, 'm' || s, s = 3
        from generate_series(1, 5) as s;`);
      await migrate(db, { migrationsFolder });
      const numbered = await client.query<{ seq: number; visitor_seq: number | null }>('select seq, visitor_seq from messages order by seq');
      expect(numbered.rows.map((r) => [r.seq, r.visitor_seq])).toEqual([[1, 1], [2, 2], [3, null], [4, 3], [5, 4]]);
      const conversation = await client.query('select last_seq, visitor_last_seq, visitor_seen_seq, agent_seen_seq, agent_seen_visitor_seq from conversations');
      // The shopper had seen up to seq 4 (their third message); agents up to the note (seq 3: the shopper's 2).
      expect(conversation.rows[0]).toEqual({ last_seq: 5, visitor_last_seq: 4, visitor_seen_seq: 3, agent_seen_seq: 3, agent_seen_visitor_seq: 2 });
    } finally {
      await client.close();
    }
  });
});
