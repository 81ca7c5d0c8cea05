// A Sportello server process for the benchmark: PostgreSQL at BENCH_DB_URL, a `bench` site and
// agent, message rate limits lifted. Prints `{"port":N}` once listening.
import { createDb, siteAgents, sites } from '@sportello/db';
import { buildApp, loadConfig } from '@sportello/server';

const url = process.env.BENCH_DB_URL;
if (!url) throw new Error('BENCH_DB_URL is required');
const config = loadConfig({
  ...process.env,
  DATABASE_URL: url,
  PORT: '0',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'http://127.0.0.1',
  VISITOR_MESSAGES_PER_10S: '1000000',
  AGENT_MESSAGES_PER_10S: '1000000',
  // Every simulated shopper connects from 127.0.0.1.
  NEW_VISITORS_PER_MINUTE: '1000000',
});
const db = await createDb({ databaseUrl: url, poolSize: 8 });
const [site] = await db.db
  .insert(sites)
  .values({ key: 'bench', name: 'Bench', allowedOrigins: ['http://bench.local'], secret: 'bench-secret' })
  .returning();
const app = await buildApp({ config, db, logger: false });
const agent = await app.services.auth.createAgent({ email: 'bench@example.com', name: 'Bench agent', password: 'bench-password', role: 'agent' });
await db.db.insert(siteAgents).values({ siteId: site!.id, agentId: agent.id });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
process.on('SIGTERM', () => void app.close().then(() => db.close()).finally(() => process.exit(0)));
