import type { FastifyPluginAsync } from 'fastify';
import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { agentAvatars, agents, siteAgents } from '@sportello/db';
import { HIDE_ON_PATH, LAUNCHER_OFFSET_DEFAULT, LAUNCHER_OFFSET_MAX, brandColor, textOn } from '@sportello/protocol';
import { AppError } from '../app-error';
import { onlineAgentCount } from '../services/agent-presence';
import { fileKindsOf, fileMaxBytesOf } from '../services/attachment-service';
import { isOriginAllowed, normalizeOrigin } from '../services/site-service';

const configQuerySchema = z.object({ site: z.string().min(1).max(64) });
const avatarParamsSchema = z.object({ agentId: z.uuid(), version: z.string().regex(/^[0-9a-f]{1,64}$/) });

/**
 * A path pattern of the settings (`/account/*`) as the source of a regular expression: anchored,
 * every character literal but `*` (any run of characters). Only paths of HIDE_ON_PATH are sent (two
 * `*` at most), so matching is at worst quadratic in the path's length.
 */
export function pathPattern(glob: string): string {
  return '^' + glob.split('*').map((part) => asInPath(part).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*') + '$';
}

/**
 * A path as `location.pathname` spells it: characters beyond ASCII and spaces percent-encoded as
 * UTF-8 (`/caffè` → `/caff%C3%A8`); everything else, `%` escapes written by hand included, as it is.
 */
function asInPath(text: string): string {
  return text.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}

/**
 * `/api/v1/widget`: what the widget's loader reads before any interaction. Public (it holds
 * nothing secret) and cacheable for a minute. A storefront the site does not allow is refused
 * here, with a message the loader logs for the merchant, so shoppers there never see a chat that
 * cannot send. (A same-origin page sends no Origin: the socket checks it again.)
 */
export const widgetRoutes: FastifyPluginAsync = async (app) => {
  app.get('/config', async (request, reply) => {
    const { site: key } = configQuerySchema.parse(request.query ?? {});
    const site = await app.services.sites.byKey(key);
    if (!site) throw new AppError('SITE_NOT_FOUND', `No site "${key}" on this Sportello server: check the data-site of the snippet (the console's Settings → Install shows it).`);
    const origin = request.headers.origin;
    if (origin !== undefined && !isOriginAllowed(site, origin)) {
      reply.header('cache-control', 'no-store');
      const shown = normalizeOrigin(origin) ?? JSON.stringify(origin.slice(0, 100));
      throw new AppError(
        'ORIGIN_NOT_ALLOWED',
        `This storefront (${shown}) may not show the chat of site "${site.key}". An admin adds ${shown} under Settings → Allowed storefronts in the Sportello console: ${app.services.config.publicUrl}/console/#/settings/origins`,
      );
    }
    const online = await onlineAgentCount(app.services.db, site.id);
    const replyMinutes = await app.services.replyTimes.typicalMinutes(site.id, site.settings);
    // The pictures of the site's agents who have one: the widget shows the answering agent's.
    const pictured = await app.services.db
      .select({ id: agents.id, version: agents.avatarVersion })
      .from(agents)
      .innerJoin(siteAgents, eq(siteAgents.agentId, agents.id))
      .where(and(eq(siteAgents.siteId, site.id), eq(agents.active, true), isNotNull(agents.avatarVersion)));
    const s = site.settings;
    const color = brandColor(s.color);
    // Written into the widget's stylesheets: whole pixels, whatever wrote the settings.
    const px = (value: unknown) => `${Number.isInteger(value) && (value as number) >= 0 && (value as number) <= LAUNCHER_OFFSET_MAX ? value : LAUNCHER_OFFSET_DEFAULT}px`;
    reply.header('cache-control', 'public, max-age=60');
    return {
      site: site.key,
      name: site.name,
      color,
      position: s.position ?? 'right',
      // What the widget writes into its stylesheets (packages/widget/src/core/style.ts), computed
      // here so the loader stays small: the colour, black or white on it, the launcher's offsets.
      theme: { c: color, t: textOn(color), b: px(s.launcherOffset?.bottom), s: px(s.launcherOffset?.side) },
      // Paths where the widget stays away, as anchored patterns the loader tests the page's path with.
      hideOn: (Array.isArray(s.hideOn) ? s.hideOn : []).filter((glob): glob is string => typeof glob === 'string' && HIDE_ON_PATH.test(glob)).map(pathPattern),
      defaultLocale: s.defaultLocale ?? 'en',
      locales: s.locales ?? ['en'],
      launcherText: s.launcherText ?? {},
      greeting: s.greeting ?? {},
      offlineText: s.offlineText ?? {},
      timeZone: s.timeZone ?? 'UTC',
      businessHours: s.businessHours ?? {},
      agentsOnline: online,
      // The team's measured typical first reply during business hours (null: too few to say).
      replyMinutes,
      avatars: Object.fromEntries(pictured.map((a) => [a.id, a.version!])),
      // What shoppers may attach (no kinds: the widget shows no attach button).
      files: { maxMb: fileMaxBytesOf(s) / 1024 / 1024, types: fileKindsOf(s) },
    };
  });

  // An agent's picture, for the widget's header (any storefront) and the console. The version in
  // the path changes with the picture, so a current one is cached (a day, below); it is served as
  // the image type its bytes were checked to be, never sniffed, and runs nothing.
  app.get('/avatars/:agentId/:version', async (request, reply) => {
    const { agentId, version } = avatarParamsSchema.parse(request.params);
    const [row] = await app.services.db
      .select({ type: agentAvatars.type, data: agentAvatars.data, version: agents.avatarVersion })
      .from(agentAvatars)
      .innerJoin(agents, eq(agents.id, agentAvatars.agentId))
      .where(and(eq(agents.id, agentId), eq(agents.active, true)));
    if (!row) throw new AppError('NOT_FOUND', 'No such picture.');
    reply.header('content-type', row.type);
    // A day, not for good: a picture the agent removes (or an agent who leaves) is gone from caches by tomorrow.
    reply.header('cache-control', row.version === version ? 'public, max-age=86400' : 'no-cache');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('content-security-policy', "default-src 'none'; sandbox");
    reply.header('content-disposition', 'inline; filename="avatar"');
    return reply.send(Buffer.from(row.data, 'base64'));
  });
};
