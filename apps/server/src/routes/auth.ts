import type { FastifyPluginAsync } from 'fastify';
import { loginSchema, profilePatchSchema } from '@sportello/protocol';
import { AppError } from '../app-error';
import { agentOf, clearedSessionCookie, deviceCookie, sessionCookie } from '../plugins/auth';
import { rooms } from '../realtime/rooms';
import { readCookie } from '../cookie';
import { DEVICE_COOKIE } from '../services/login-guard';

/** `/api/v1/auth`: login (sets the session cookie), logout (revokes it), me. */
export const authRoutes: FastifyPluginAsync = async (app) => {
  const { services } = app;
  const secure = (protocol: string) => protocol === 'https' || services.config.publicUrl.startsWith('https:');

  app.post('/login', async (request, reply) => {
    const { email, password } = loginSchema.parse(request.body ?? {});
    // Counted before the password is checked: an attempt over a limit is refused unchecked.
    const attempt = await services.loginGuard.begin(email, request.ip, readCookie(request.headers.cookie, DEVICE_COOKIE));
    let session;
    try {
      session = await services.auth.login(email, password, { ip: request.ip, userAgent: request.headers['user-agent'] });
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') await services.loginGuard.failed(attempt);
      throw error;
    }
    await services.loginGuard.succeeded(attempt);
    const https = secure(request.protocol);
    reply.header('set-cookie', [
      sessionCookie(session.token, services.config.sessionTtlMs, https),
      // Marks this browser as one the agent signed in from: guesses from elsewhere never lock it out.
      deviceCookie(services.loginGuard.deviceCookieFor(attempt), https),
    ]);
    return { agent: await services.auth.profile(session.agent) };
  });

  app.post('/logout', { preHandler: app.requireAgent }, async (request, reply) => {
    const agent = agentOf(request);
    await services.auth.logout(agent.sessionId);
    app.io.of('/agent').in(rooms.session(agent.sessionId)).disconnectSockets(true);
    reply.header('set-cookie', clearedSessionCookie(secure(request.protocol)));
    return { ok: true };
  });

  app.get('/me', { preHandler: app.requireAgent }, async (request) => ({
    agent: await app.services.auth.profile(agentOf(request)),
  }));

  // An agent's own profile: the name shoppers see (blank: their own name) and their picture.
  app.patch('/me', { preHandler: app.requireAgent, bodyLimit: 128 * 1024 }, async (request) => {
    const { displayName, avatar } = profilePatchSchema.parse(request.body ?? {});
    const agent = agentOf(request);
    if (avatar !== undefined) await app.services.auth.setAvatar(agent.id, avatar);
    if (displayName !== undefined) await app.services.auth.setDisplayName(agent.id, displayName || null);
    return { agent: await app.services.auth.profile(agent) };
  });
};
