import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { decide, type BotState } from '@sportello/bot';
import { localeSchema } from '@sportello/protocol';
import { dryRun } from '../services/dry-run-order-source';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { canAccessSite } from '../services/principal';

const previewSchema = z.object({
  site: z.string().min(1).max(64),
  text: z.string().min(1).max(4000),
  locale: localeSchema.optional(),
  /** The `state` of a previous preview, to try a dialog turn by turn. */
  state: z.record(z.string(), z.unknown()).nullable().optional(),
});

// Bot previews per agent per minute.
const PREVIEWS_PER_MINUTE = 60;

/** `POST /api/v1/bot/preview`: what the bot would answer, for merchants testing their knowledge base. */
export const botRoutes: FastifyPluginAsync = async (app) => {
  const { services } = app;
  app.addHook('preHandler', app.requireAgent);

  app.post('/preview', async (request) => {
    const agent = agentOf(request);
    const input = previewSchema.parse(request.body ?? {});
    const site = await services.sites.byKey(input.site);
    if (!site || !canAccessSite(agent, site.id)) throw new AppError('SITE_NOT_FOUND');
    if (!(await services.rateLimiter.hit(`preview:${agent.id}`, PREVIEWS_PER_MINUTE, 60_000))) throw new AppError('RATE_LIMITED');
    const now = new Date();
    const decision = await decide({
      ...(await services.bot.siteInput(site, now)),
      state: (input.state as BotState | null | undefined) ?? null,
      text: input.text,
      locale: input.locale ?? null,
      visitor: { verified: false, customerId: null, email: null },
      orders: dryRun(services.orders.for(site)),
      now,
    });
    return {
      locale: decision.locale,
      intent: decision.intent,
      replies: decision.replies,
      articleIds: decision.articleIds,
      handoff: decision.handoff,
      state: decision.state,
    };
  });
};
