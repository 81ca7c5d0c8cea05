// A Sportello server process for the benchmarks: PostgreSQL at BENCH_DB_URL, a `bench` site and
// agents, message and new-visitor rate limits lifted. Prints `{"port":N}` once listening. Several
// may share one database (and REDIS_URL): seeding is idempotent. Asked `memory` over IPC, it
// answers with its `process.memoryUsage()` and event-loop delay; asked `memory after gc`, it runs a
// full GC first (started with --expose-gc), which pauses it.
//
//   BENCH_AGENTS=N   agents bench-1@example.com … bench-N@example.com besides bench@example.com (default 0)
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
// BENCH_WITHOUT_SEARCH_INDEX=1: measure what the console's message search index costs the message path.
if (process.env.BENCH_WITHOUT_SEARCH_INDEX === '1') await db.query('drop index if exists messages_body_search_idx', []);
// BENCH_WITHOUT_INBOX_INDEXES=1: what the inbox's indexes on conversations (updated_at) cost the message path.
if (process.env.BENCH_WITHOUT_INBOX_INDEXES === '1') {
  for (const index of ['conversations_updated_idx', 'conversations_site_updated_idx', 'conversations_status_updated_idx']) await db.query(`drop index if exists ${index}`, []);
}
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
// Event-loop delay since the previous reading: how long ready work waited for this process.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.on('message', (message) => {
  if (message !== 'memory' && message !== 'memory after gc') return;
  const eventLoop = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  const started = performance.now();
  if (message === 'memory after gc') (globalThis as { gc?: () => void }).gc?.();
  const gcMs = performance.now() - started;
  process.send?.({ memory: process.memoryUsage(), eventLoop, gcMs });
  loop.reset();
});
