import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { canAccessSite } from '../services/principal';

const whoSchema = z
  .object({ siteId: z.uuid(), email: z.email().max(254).optional(), visitorId: z.uuid().optional() })
  .refine((w) => w.email || w.visitorId, { message: 'say which shopper: email or visitorId', path: ['email'] });

/** `/api/v1/privacy`: export or erase everything about one shopper (admins). */
export const privacyRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', app.requireAdmin);

  const parse = (input: unknown, request: import('fastify').FastifyRequest) => {
    const who = whoSchema.parse(input ?? {});
    if (!canAccessSite(agentOf(request), who.siteId)) throw new AppError('NOT_FOUND', 'No such site.');
    return who;
  };

  app.get('/export', async (request) => {
    const { siteId, ...who } = parse(request.query, request);
    const shoppers = await app.services.privacy.export(siteId, who);
    if (shoppers.length === 0) throw new AppError('NOT_FOUND', 'No shopper matches.');
    return { shoppers };
  });

  app.post('/erase', async (request) => {
    const { siteId, ...who } = parse(request.body, request);
    const erased = await app.services.privacy.erase(siteId, who);
    if (erased.visitors === 0) throw new AppError('NOT_FOUND', 'No shopper matches.');
    return { erased };
  });
};
