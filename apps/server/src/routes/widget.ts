import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../app-error';
import { onlineAgentCount } from '../services/agent-presence';

const configQuerySchema = z.object({ site: z.string().min(1).max(64) });

/**
 * `/api/v1/widget`: what the widget's loader reads before any interaction. Public (any origin may
 * read it, as it holds nothing secret) and cacheable for a minute.
 */
export const widgetRoutes: FastifyPluginAsync = async (app) => {
  app.get('/config', async (request, reply) => {
    const { site: key } = configQuerySchema.parse(request.query ?? {});
    const site = await app.services.sites.byKey(key);
    if (!site) throw new AppError('SITE_NOT_FOUND');
    const online = await onlineAgentCount(app.services.db, site.id);
    const s = site.settings;
    reply.header('cache-control', 'public, max-age=60');
    return {
      site: site.key,
      name: site.name,
      color: s.color ?? '#1f6feb',
      position: s.position ?? 'right',
      defaultLocale: s.defaultLocale ?? 'en',
      locales: s.locales ?? ['en'],
      launcherText: s.launcherText ?? {},
      greeting: s.greeting ?? {},
      offlineText: s.offlineText ?? {},
      timeZone: s.timeZone ?? 'UTC',
      businessHours: s.businessHours ?? {},
      agentsOnline: online,
    };
  });
};
