import { constants as zlibConstants } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import type { DbHandle } from '@sportello/db';
import { LIMITS, errorBody } from '@sportello/protocol';
import type { Config } from './config';
import { authPlugin } from './plugins/auth';
import { errorsPlugin } from './plugins/errors';
import { securityHeadersPlugin } from './plugins/security-headers';
import { socketsPlugin } from './plugins/sockets';
import { staticPlugin } from './plugins/static';
import { authRoutes } from './routes/auth';
import { conversationRoutes } from './routes/conversations';
import { healthRoutes } from './routes/health';
import { kbRoutes } from './routes/kb';
import { botRoutes } from './routes/bot';
import { reportRoutes } from './routes/reports';
import { returnRoutes } from './routes/returns';
import { siteRoutes } from './routes/sites';
import { agentRoutes } from './routes/agents';
import { cannedReplyRoutes } from './routes/canned-replies';
import { privacyRoutes } from './routes/privacy';
import { widgetRoutes } from './routes/widget';
import { fileRoutes } from './routes/files';
import { createServices, type Services } from './services/container';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** Every route, as registered (for docs and for the fuzz tests). */
    routeTable: { method: string; url: string }[];
  }
}

export interface AppDeps {
  config: Config;
  /** An open database, already migrated (`createDb()`). The app does not close it. */
  db: DbHandle;
  /** Fastify logger setting (default: the config's level; `false` in tests). */
  logger?: boolean | { level: string };
}

/**
 * Builds the server: Fastify with the REST API and Socket.IO on the same HTTP server.
 * It does not listen; call `app.listen()` (or `app.inject()` in tests).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? { level: deps.config.logLevel },
    trustProxy: deps.config.trustProxy,
    bodyLimit: LIMITS.packetMaxBytes,
    // Fastify's default would send `{ statusCode, error, message }`; errorsPlugin answers instead.
    return503OnClosing: true,
    // On close, drop every connection at once (WebSockets included) instead of waiting for
    // keep-alive ones to time out: clients reconnect elsewhere and resend what was not acked.
    forceCloseConnections: true,
    // Bad URLs (malformed escapes, over-long parameters) are answered before routing: same error body as the rest.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
      void (reply as unknown as FastifyReply).status(400).send(errorBody('VALIDATION_FAILED', tooLong ? 'A part of the URL is too long.' : 'The URL is not valid.'));
    },
  });
  app.decorate('services', createServices(deps.config, deps.db));
  app.decorate('routeTable', [] as { method: string; url: string }[]);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.routeTable.push({ method, url: route.url });
  });
  app.services.log = app.log;
  // Snoozed conversations come back when their time is up (every process may look: one does each).
  const snoozes = setInterval(() => {
    app.services.conversations.wakeSnoozed().catch((error: unknown) => app.log.warn({ err: error }, 'snooze wake-up failed'));
  }, 15_000);
  snoozes.unref();
  app.addHook('onClose', async () => {
    clearInterval(snoozes);
    const limiter = app.services.rateLimiter as { close?: () => Promise<void> };
    await limiter.close?.();
  });

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  // API answers compressed on the fly (brotli or gzip, above 1 KB); the built files are sent as the
  // build compressed them (plugins/static.ts). Request bodies are not inflated: nothing sends them so.
  // Brotli at quality 4 for answers made on the fly: about gzip's cost with a smaller result (zlib's
  // default, 11, is for files compressed once, and costs a list of fifty conversations ~10 ms).
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  // Only the widget's public routes are read from storefronts; the rest is same-origin.
  await app.register(cors, {
    delegator: (request, callback) => {
      const url = request.url ?? '';
      // Shoppers' uploads carry their visitor token in Authorization (the route checks the origin against the site).
      if (url.startsWith('/api/v1/widget/files')) callback(null, { origin: true, methods: ['POST'], allowedHeaders: ['authorization'], maxAge: 600 });
      else callback(null, url.startsWith('/api/v1/widget/') ? { origin: true, methods: ['GET'] } : { origin: false });
    },
  });
  // Uploads (routes/files.ts): one file per request, bounded by the site's limit there and by the largest any site may set here.
  await app.register(multipart, { limits: { files: 1, fields: 0, parts: 1, fileSize: LIMITS.fileMaxMb * 1024 * 1024 } });
  await app.register(authPlugin);
  await app.register(socketsPlugin);
  await app.register(healthRoutes);
  await app.register(staticPlugin);
  await app.register(widgetRoutes, { prefix: '/api/v1/widget' });
  await app.register(authRoutes, { prefix: '/api/v1/auth' });
  await app.register(conversationRoutes, { prefix: '/api/v1/conversations' });
  await app.register(kbRoutes, { prefix: '/api/v1/kb' });
  await app.register(botRoutes, { prefix: '/api/v1/bot' });
  await app.register(reportRoutes, { prefix: '/api/v1/reports' });
  await app.register(returnRoutes, { prefix: '/api/v1/returns' });
  await app.register(siteRoutes, { prefix: '/api/v1/sites' });
  await app.register(agentRoutes, { prefix: '/api/v1/agents' });
  await app.register(cannedReplyRoutes, { prefix: '/api/v1/canned-replies' });
  await app.register(privacyRoutes, { prefix: '/api/v1/privacy' });
  await app.register(fileRoutes);
  return app;
}
