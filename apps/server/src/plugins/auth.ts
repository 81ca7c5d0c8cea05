import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, serializeCookie } from '../cookie';
import { AppError } from '../app-error';
import type { AgentPrincipal } from '../services/principal';
import { normalizeOrigin } from '../services/site-service';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_MS } from '../services/login-guard';

/** Name of the agent session cookie. */
export const SESSION_COOKIE = 'sportello_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in agent, set by `requireAgent`. */
    agent: AgentPrincipal | null;
  }
  interface FastifyInstance {
    /** preHandler for agent routes: 401 without a valid session. */
    requireAgent: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler for admin routes: 403 for agents. */
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

/**
 * True when `origin` is this server's own: the configured `PUBLIC_URL`, or the `Host` the request
 * came to (for a server reached under several names).
 */
export function isSameOrigin(origin: string, host: string | undefined, publicUrl: string): boolean {
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  if (normalized === normalizeOrigin(publicUrl)) return true;
  return host !== undefined && new URL(normalized).host === host.toLowerCase();
}

/** Session cookie for a login, `Secure` when the server is public over HTTPS. */
export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  return serializeCookie(SESSION_COOKIE, token, { maxAgeSeconds: maxAgeMs / 1000, secure });
}

/** The device cookie of a browser an agent signed in from: sent to the sign-in routes only, for a year. */
export function deviceCookie(value: string, secure: boolean): string {
  return serializeCookie(DEVICE_COOKIE, value, { maxAgeSeconds: DEVICE_COOKIE_MAX_AGE_MS / 1000, secure, path: '/api/v1/auth' });
}

export function clearedSessionCookie(secure: boolean): string {
  return serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure });
}

/**
 * Agent authentication for REST: the `requireAgent`/`requireAdmin` preHandlers, and an Origin check
 * that refuses state-changing API calls from other sites (the widget's public routes excepted).
 */
export const authPlugin = fp(async (app) => {
  const services = app.services;
  app.decorateRequest('agent', null);

  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/v1/widget/')) return;
    const origin = request.headers.origin;
    if (origin && !isSameOrigin(origin, request.headers.host, services.config.publicUrl)) {
      throw new AppError('FORBIDDEN', 'Cross-site request refused.');
    }
  });

  app.decorate('requireAgent', async (request: FastifyRequest) => {
    const agent = await services.auth.authenticate(readCookie(request.headers.cookie, SESSION_COOKIE));
    if (!agent) throw new AppError('UNAUTHENTICATED');
    request.agent = agent;
  });

  app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
    await app.requireAgent(request, reply);
    if (request.agent?.role !== 'admin') throw new AppError('FORBIDDEN');
  });
});

/** The agent of a request that passed `requireAgent`. */
export function agentOf(request: FastifyRequest): AgentPrincipal {
  if (!request.agent) throw new AppError('UNAUTHENTICATED');
  return request.agent;
}
