import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { canAccessSite } from '../services/principal';

const MAX_RANGE_DAYS = 366;

const querySchema = z
  .object({
    siteId: z.uuid(),
    /** Inclusive start and exclusive end, ISO dates or times. */
    from: z.coerce.date(),
    to: z.coerce.date(),
  })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * 86_400_000, { message: `at most ${MAX_RANGE_DAYS} days`, path: ['to'] });

/** `GET /api/v1/reports?siteId=&from=&to=`: volume, response and resolution times, CSAT, deflection. */
export const reportRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', app.requireAgent);
  app.get('/', async (request) => {
    const { siteId, from, to } = querySchema.parse(request.query ?? {});
    if (!canAccessSite(agentOf(request), siteId)) throw new AppError('NOT_FOUND', 'No such site.');
    const site = await app.services.sites.byId(siteId);
    if (!site) throw new AppError('NOT_FOUND', 'No such site.');
    return app.services.reports.report(siteId, { from, to }, site.settings.timeZone ?? 'UTC');
  });
};
