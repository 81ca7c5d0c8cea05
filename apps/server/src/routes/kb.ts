import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { idParamsSchema, kbArticlePatchSchema, kbCreateSchema, kbImportSchema, kbListQuerySchema } from '@sportello/protocol';
import { z } from 'zod';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { toKbArticle } from '../services/kb-service';
import { canAccessSite } from '../services/principal';

// A whole knowledge base in one request is larger than the default body limit.
const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

/** `/api/v1/kb`: the knowledge base of the agent's sites: CRUD, import and export. */
export const kbRoutes: FastifyPluginAsync = async (app) => {
  const kb = app.services.kb;
  app.addHook('preHandler', app.requireAgent);

  const siteFor = (request: FastifyRequest, siteId: string | undefined) => app.services.siteFor(agentOf(request), siteId);

  async function articleSite(request: FastifyRequest, id: string): Promise<string> {
    const siteId = await kb.siteOf(id);
    if (!siteId || !canAccessSite(agentOf(request), siteId)) throw new AppError('NOT_FOUND', 'No such article.');
    return siteId;
  }

  app.get('/', async (request) => {
    const query = kbListQuerySchema.parse(request.query ?? {});
    const siteId = await siteFor(request, query.siteId);
    return { articles: (await kb.list(siteId, query)).map(toKbArticle) };
  });

  app.get('/export', async (request) => {
    const { siteId } = z.object({ siteId: z.uuid().optional() }).parse(request.query ?? {});
    return kb.export(await siteFor(request, siteId));
  });

  app.post('/import', { bodyLimit: IMPORT_BODY_LIMIT }, async (request) => {
    // Accepts `{ siteId?, articles: [...] }` or the bare export format `[...]`.
    const body = Array.isArray(request.body) ? { articles: request.body } : (request.body ?? {});
    const { siteId, articles } = kbImportSchema.parse(body);
    return kb.import(await siteFor(request, siteId), articles);
  });

  app.get('/:id', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    return { article: toKbArticle(await kb.get(await articleSite(request, id), id)) };
  });

  app.post('/', async (request, reply) => {
    const { siteId, ...input } = kbCreateSchema.parse(request.body ?? {});
    const article = await kb.create(await siteFor(request, siteId), input);
    return reply.status(201).send({ article: toKbArticle(article) });
  });

  app.patch('/:id', async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const patch = kbArticlePatchSchema.parse(request.body ?? {});
    return { article: toKbArticle(await kb.update(await articleSite(request, id), id, patch)) };
  });

  app.delete('/:id', async (request, reply) => {
    const { id } = idParamsSchema.parse(request.params);
    await kb.remove(await articleSite(request, id), id);
    return reply.status(204).send();
  });
};
