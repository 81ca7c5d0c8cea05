import type { FastifyPluginAsync } from 'fastify';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { agentSessions, agents, siteAgents } from '@sportello/db';
import { agentInviteSchema, agentPatchSchema, idParamsSchema } from '@sportello/protocol';
import { AppError } from '../app-error';
import { agentOf } from '../plugins/auth';
import { rooms } from '../realtime/rooms';

/** `/api/v1/agents`: the team. Everyone may list it (to assign); admins invite, change and deactivate. */
export const agentRoutes: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const db = services.db;

  async function view(id: string) {
    const [agent] = await db.select().from(agents).where(eq(agents.id, id));
    if (!agent) throw new AppError('NOT_FOUND', 'No such agent.');
    const memberships = await db.select({ siteId: siteAgents.siteId }).from(siteAgents).where(eq(siteAgents.agentId, id));
    return {
      id: agent.id,
      email: agent.email,
      name: agent.name,
      displayName: agent.displayName,
      hasAvatar: agent.avatarVersion !== null,
      role: agent.role,
      active: agent.active,
      presence: agent.presence,
      siteIds: memberships.map((m) => m.siteId),
      lastLoginAt: agent.lastLoginAt?.toISOString() ?? null,
    };
  }

  async function setSites(agentId: string, siteIds: string[]) {
    const known = new Set(await services.allSiteIds());
    const unknown = siteIds.find((s) => !known.has(s));
    if (unknown) throw new AppError('VALIDATION_FAILED', `siteIds: no site ${unknown}.`);
    await db.delete(siteAgents).where(eq(siteAgents.agentId, agentId));
    if (siteIds.length) await db.insert(siteAgents).values([...new Set(siteIds)].map((siteId) => ({ siteId, agentId })));
  }

  app.get('/', { preHandler: app.requireAgent }, async (request) => {
    const me = agentOf(request);
    const rows = await db.select({ id: agents.id }).from(agents).orderBy(agents.name);
    const all = await Promise.all(rows.map((r) => view(r.id)));
    // Agents see their colleagues on shared sites; admins see everyone.
    return { agents: me.role === 'admin' ? all : all.filter((a) => a.id === me.id || a.siteIds.some((s) => me.siteIds.includes(s))) };
  });

  app.post('/', { preHandler: app.requireAdmin }, async (request, reply) => {
    const input = agentInviteSchema.parse(request.body ?? {});
    const email = input.email.toLowerCase();
    const [existing] = await db.select({ id: agents.id }).from(agents).where(eq(agents.email, email));
    if (existing) throw new AppError('CONFLICT', 'An agent with this email exists.');
    // There is no mail service: the admin passes this password on; the agent changes it later.
    const temporaryPassword = randomBytes(9).toString('base64url');
    const created = await services.auth.createAgent({ email, name: input.name, role: input.role, password: temporaryPassword });
    await setSites(created.id, input.siteIds);
    return reply.status(201).send({ agent: await view(created.id), temporaryPassword });
  });

  app.patch('/:id', { preHandler: app.requireAdmin }, async (request) => {
    const { id } = idParamsSchema.parse(request.params);
    const patch = agentPatchSchema.parse(request.body ?? {});
    const before = await view(id);
    const losesAdmin = before.role === 'admin' && before.active && (patch.role === 'agent' || patch.active === false);
    if (losesAdmin) {
      const others = await db.select({ id: agents.id }).from(agents).where(and(eq(agents.role, 'admin'), eq(agents.active, true), ne(agents.id, id)));
      if (others.length === 0) throw new AppError('CONFLICT', 'This is the last active admin.');
    }
    const { siteIds, avatar, ...fields } = patch;
    if (Object.keys(fields).length) await db.update(agents).set(fields).where(eq(agents.id, id));
    if (avatar === null) await services.auth.setAvatar(id, null);
    if (siteIds) await setSites(id, siteIds);
    if (patch.active === false || siteIds || patch.role) {
      // Rights changed: end the agent's sessions so they sign in again with the new ones.
      const sessions = await db.select({ id: agentSessions.id }).from(agentSessions).where(eq(agentSessions.agentId, id));
      if (patch.active === false && sessions.length) await db.update(agentSessions).set({ revokedAt: new Date() }).where(inArray(agentSessions.id, sessions.map((s) => s.id)));
      app.io.of('/agent').in(sessions.map((s) => rooms.session(s.id))).disconnectSockets(true);
    }
    return { agent: await view(id) };
  });
};
