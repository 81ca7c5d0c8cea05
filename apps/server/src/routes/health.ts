import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'drizzle-orm';
import { errorBody } from '@sportello/protocol';
import { EventLoopLag } from '../services/event-loop-lag';

/**
 * `GET /healthz`: 200 `{ status: 'ok', db, lagMs }` when the database answers and the event loop
 * has not fallen more than `HEALTH_MAX_LAG_MS` behind in the last 5 s; 503 otherwise, so that a
 * load balancer takes a stalled or overloaded process out of rotation (a frozen one does not
 * answer at all).
 */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  const lag = new EventLoopLag();
  app.addHook('onClose', async () => lag.stop());
  app.get('/healthz', async (_request, reply) => {
    const lagMs = lag.lagMs;
    if (lagMs > app.services.config.healthMaxLagMs) {
      return reply.status(503).send(errorBody('SERVICE_UNAVAILABLE', `The event loop is ${lagMs} ms behind.`));
    }
    try {
      await app.services.db.execute(sql`select 1`);
      return { status: 'ok', db: app.services.dbKind, lagMs };
    } catch {
      return reply.status(503).send(errorBody('SERVICE_UNAVAILABLE', 'The database does not answer.'));
    }
  });
};
