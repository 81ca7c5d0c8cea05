// A Sportello server process for the benchmarks: PostgreSQL at BENCH_DB_URL, a `bench` site and
// agents, message and new-visitor rate limits lifted. Prints `{"port":N}` once listening. Several
// may share one database (and REDIS_URL): seeding is idempotent. Asked `memory` over IPC, it
// answers with its `process.memoryUsage()` after a full GC (when started with --expose-gc).
//
//   BENCH_AGENTS=N   agents bench-1@example.com … bench-N@example.com besides bench@example.com (default 0)
import { eq } from 'drizzle-orm';
import { agents, createDb, siteAgents, sites } from '@sportello/db';
import { buildApp, loadConfig } from '@sportello/server';

const url = process.env.BENCH_DB_URL;
if (!url) throw new Error('BENCH_DB_URL is required');
const config = loadConfig({
  ...process.env,
  DATABASE_URL: url,
  PORT: '0',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
  PUBLIC_URL: 'http://127.0.0.1',
  VISITOR_MESSAGES_PER_10S: '1000000',
  AGENT_MESSAGES_PER_10S: '1000000',
  // Every simulated shopper connects from 127.0.0.1.
  NEW_VISITORS_PER_MINUTE: '1000000',
});
const db = await createDb({ databaseUrl: url, poolSize: 8 });
await db.db
  .insert(sites)
  .values({ key: 'bench', name: 'Bench', allowedOrigins: ['http://bench.local'], secret: 'bench-secret' })
  .onConflictDoNothing();
const [site] = await db.db.select().from(sites).where(eq(sites.key, 'bench'));
const app = await buildApp({ config, db, logger: false });
const emails = ['bench@example.com', ...Array.from({ length: Number(process.env.BENCH_AGENTS ?? 0) }, (_, i) => `bench-${i + 1}@example.com`)];
for (const email of emails) {
  const [existing] = await db.db.select({ id: agents.id }).from(agents).where(eq(agents.email, email));
  if (existing) continue;
  const agent = await app.services.auth.createAgent({ email, name: `Bench ${email}`, password: 'bench-password', role: 'agent' });
  await db.db.insert(siteAgents).values({ siteId: site!.id, agentId: agent.id }).onConflictDoNothing();
}
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
process.on('SIGTERM', () => void app.close().then(() => db.close()).finally(() => process.exit(0)));
process.on('message', (message) => {
  if (message !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ memory: process.memoryUsage() });
});
