import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'drizzle-orm';
import { errorBody } from '@sportello/protocol';

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async (_request, reply) => {
    try {
      await app.services.db.execute(sql`select 1`);
      return { status: 'ok', db: app.services.dbKind };
    } catch {
      return reply.status(503).send(errorBody('SERVICE_UNAVAILABLE', 'The database does not answer.'));
    }
  });
};
