import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { cannedReplies } from '@sportello/db';
import { cannedReplySchema, idParamsSchema } from '@sportello/protocol';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { canAccessSite } from '../services/principal';

type Row = typeof cannedReplies.$inferSelect;
const toView = (r: Row) => ({ id: r.id, siteId: r.siteId, shortcut: r.shortcut, body: r.body, updatedAt: r.updatedAt.toISOString() });

/** `/api/v1/canned-replies`: saved answers per site; agents use them, admins manage them. */
export const cannedReplyRoutes: FastifyPluginAsync = async (app) => {
  const db = app.services.db;

  const siteFor = (request: FastifyRequest, siteId: string | undefined) => app.services.siteFor(agentOf(request), siteId);

  async function own(request: FastifyRequest, id: string): Promise<Row> {
    const [row] = await db.select().from(cannedReplies).where(eq(cannedReplies.id, id));
    if (!row || !canAccessSite(agentOf(request), row.siteId)) throw new AppError('NOT_FOUND', 'No such canned reply.');
    return row;
  }

  app.get('/', { preHandler: app.requireAgent }, async (request) => {
    const { siteId } = z.object({ siteId: z.uuid().optional() }).parse(request.query ?? {});
    const site = await siteFor(request, siteId);
    const rows = await db.select().from(cannedReplies).where(eq(cannedReplies.siteId, site)).orderBy(asc(cannedReplies.shortcut));
    return { cannedReplies: rows.map(toView) };
  });

  app.post('/', { preHandler: app.requireAdmin }, async (request, reply) => {
    const { siteId, shortcut, body } = cannedReplySchema.parse(request.body ?? {});
    const site = await siteFor(request, siteId);
    const [row] = await db.insert(cannedReplies).values({ siteId: site, shortcut, body }).onConflictDoNothing().returning();
    if (!row) throw new AppError('CONFLICT', `/${shortcut} exists already.`);
    return reply.status(201).send({ cannedReply: toView(row) });
  });

  app.patch('/:id', { preHandler: app.requireAdmin }, async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const patch = cannedReplySchema.omit({ siteId: true }).partial().parse(request.body ?? {});
    const row = await own(request, id);
    try {
      const [updated] = await db.update(cannedReplies).set({ ...patch, updatedAt: new Date() }).where(and(eq(cannedReplies.id, row.id))).returning();
      return { cannedReply: toView(updated!) };
    } catch {
      throw new AppError('CONFLICT', `/${patch.shortcut} exists already.`);
    }
  });

  app.delete('/:id', { preHandler: app.requireAdmin }, async (request, reply) => {
    const { id } = idParamsSchema.parse(request.params);
    await db.delete(cannedReplies).where(eq(cannedReplies.id, (await own(request, id)).id));
    return reply.status(204).send();
  });
};
