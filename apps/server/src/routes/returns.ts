import type { FastifyPluginAsync } from 'fastify';
import { idParamsSchema } from '@sportello/protocol';
import { agentOf } from '../plugins/auth';

/** `/api/v1/returns/:id/approve|reject`: decide on a return waiting for approval. */
export const returnRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', app.requireAgent);
  for (const [action, decision] of [['approve', 'approved'], ['reject', 'rejected']] as const) {
    app.post(`/:id/${action}`, async (request) => {
      const { id } = idParamsSchema.parse(request.params);
      return { return: await app.services.returns.decide(agentOf(request), id, decision) };
    });
  }
};
