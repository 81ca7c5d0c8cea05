import type { FastifyPluginAsync } from 'fastify';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sites } from '@sportello/db';
import { idParamsSchema, siteCreateSchema, sitePatchSchema } from '@sportello/protocol';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { canAccessSite } from '../services/principal';
import { normalizeOrigin, type SiteRow } from '../services/site-service';

/** A site as the console shows it; the secret only to admins (they put it in the theme). */
function toSiteView(site: SiteRow, publicUrl: string, withSecret: boolean) {
  return {
    id: site.id,
    key: site.key,
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    settings: site.settings,
    ...(withSecret ? { secret: site.secret } : {}),
    snippet: `<script async src="${publicUrl}/widget.js" data-site="${site.key}"></script>`,
    createdAt: site.createdAt.toISOString(),
  };
}

function origins(values: string[]): string[] {
  return values.map((value) => {
    if (value === '*') return value;
    const origin = normalizeOrigin(value);
    if (!origin) throw new AppError('VALIDATION_FAILED', `allowedOrigins: "${value}" is not an origin like https://shop.example`);
    return origin;
  });
}

/** `/api/v1/sites`: the sites an agent works on; admins create them and change their settings. */
export const siteRoutes: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const publicUrl = services.config.publicUrl;

  app.get('/', { preHandler: app.requireAgent }, async (request) => {
    const agent = agentOf(request);
    const rows = await services.db.select().from(sites).orderBy(sites.createdAt);
    return { sites: rows.filter((s) => canAccessSite(agent, s.id)).map((s) => toSiteView(s, publicUrl, agent.role === 'admin')) };
  });

  app.post('/', { preHandler: app.requireAdmin }, async (request, reply) => {
    const input = siteCreateSchema.parse(request.body ?? {});
    const [site] = await services.db
      .insert(sites)
      .values({ key: `site_${randomBytes(6).toString('hex')}`, name: input.name, allowedOrigins: origins(input.allowedOrigins), secret: randomBytes(32).toString('hex') })
      .returning();
    return reply.status(201).send({ site: toSiteView(site!, publicUrl, true) });
  });

  app.patch('/:id', { preHandler: app.requireAdmin }, async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const patch = sitePatchSchema.parse(request.body ?? {});
    const site = await services.sites.byId(id);
    if (!site || !canAccessSite(agentOf(request), id)) throw new AppError('NOT_FOUND', 'No such site.');
    const settings = { ...site.settings };
    for (const [key, value] of Object.entries(patch.settings ?? {})) {
      if (value === null) delete (settings as Record<string, unknown>)[key];
      else (settings as Record<string, unknown>)[key] = value;
    }
    const [updated] = await services.db
      .update(sites)
      .set({
        ...(patch.name ? { name: patch.name } : {}),
        ...(patch.allowedOrigins ? { allowedOrigins: origins(patch.allowedOrigins) } : {}),
        settings,
      })
      .where(eq(sites.id, id))
      .returning();
    services.sites.invalidate();
    return { site: toSiteView(updated!, publicUrl, true) };
  });

  app.post('/:id/rotate-secret', { preHandler: app.requireAdmin }, async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    if (!canAccessSite(agentOf(request), id)) throw new AppError('NOT_FOUND', 'No such site.');
    const [updated] = await services.db.update(sites).set({ secret: randomBytes(32).toString('hex') }).where(eq(sites.id, id)).returning();
    if (!updated) throw new AppError('NOT_FOUND', 'No such site.');
    services.sites.invalidate();
    return { site: toSiteView(updated, publicUrl, true) };
  });
};
