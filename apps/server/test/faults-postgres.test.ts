import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@sportello/db';
import { ok, once, request, connected } from './test-server';
import { PrivateCluster, ServerProcess, sleep } from './faults-cluster';

// PostgreSQL restarted under traffic, on a private cluster (the machine's shared PostgreSQL must
// not be stopped): a real server process keeps its sockets, answers sends with a clear error while
// the database is away, and stores every resent message exactly once when it is back.
const runs = process.env.TEST_DB === 'postgres' && PrivateCluster.available();

const ADMIN = { email: 'pg-faults@example.com', password: 'pg-faults-password' };

describe.runIf(runs)('PostgreSQL restarted during traffic', () => {
  let cluster: PrivateCluster;
  let server: ServerProcess;

  beforeAll(async () => {
    cluster = await PrivateCluster.create();
    server = await ServerProcess.start({ DATABASE_URL: cluster.url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, VISITOR_MESSAGES_PER_10S: '1000' });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it('fails sends with SERVICE_UNAVAILABLE while it is down, then stores every resend once, in order', async () => {
    // The demo site (seeded at start) allows this origin; an agent has the conversation, so no bot.
    const shopper = server.visitor('demo', 'http://localhost:3000');
    const session = once<{ token: string }>(shopper as never, 'visitor:session');
    await connected(shopper);
    await session;
    const conversationId = ok(await request(shopper, 'conversation:start', {})).conversation.id;
    const agent = await server.agent(await server.login(ADMIN.email, ADMIN.password), false);
    ok(await request(agent, 'conversation:takeover', { conversationId }));

    // The widget's way: one message at a time, the same clientId again until it is acked.
    const total = 40;
    const errors: { code: string; message: string }[] = [];
    let timeouts = 0;
    let next = 0;
    const acked = new Map<string, number>();
    let stopping = false;
    const traffic = (async () => {
      while (next < total && !stopping) {
        const clientId = `pg-${next}`;
        try {
          const ack = await request(shopper, 'message:send', { conversationId, clientId, body: `message ${next}` }, 8_000);
          if (ack.ok) {
            acked.set(clientId, ack.seq);
            next++;
          } else {
            errors.push(ack.error);
          }
        } catch {
          timeouts++;
        }
        await sleep(next < total ? 40 : 0);
      }
    })();

    await waitFor(() => next >= 10, 10_000);
    await cluster.stop();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    const sentWhileDown = next;
    await sleep(1_500);
    expect(next).toBe(sentWhileDown); // nothing acked without the database
    await cluster.start();
    await waitFor(() => next >= total, 30_000).finally(() => (stopping = true));
    await traffic;

    expect(shopper.connected).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toEqual({ code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
    expect(timeouts).toBe(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const reader = await createDb({ databaseUrl: cluster.url, migrate: false, poolSize: 1 });
    try {
      const rows = await reader.query<{ seq: number; client_id: string }>('select seq, client_id from messages where conversation_id = $1 order by seq', [conversationId]);
      expect(rows.map((r) => r.client_id)).toEqual(Array.from({ length: total }, (_, i) => `pg-${i}`));
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect([...acked.values()]).toEqual(rows.map((r) => r.seq));
    } finally {
      await reader.close();
    }
    // The agent on the same process is still connected and its sends work again.
    ok(await request(agent, 'message:send', { conversationId, clientId: 'after', body: 'all good again' }));
    shopper.disconnect();
    agent.disconnect();
  }, 60_000);
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
