import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import { errorBody } from '@sportello/protocol';

const WIDGET_DIST = fileURLToPath(new URL('../../../../packages/widget/dist', import.meta.url));
const DEMO_STORE = fileURLToPath(new URL('../../../demo-store/public', import.meta.url));
const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist', import.meta.url));

/**
 * The console's Content-Security-Policy: its own scripts, styles and sockets only; no inline code,
 * no eval, no plugins, no framing, no foreign form targets. The built console has no inline script
 * or style, and it sets styles through the CSSOM, which style-src does not restrict.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "media-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// One path segment of letters, digits, dots, dashes and underscores: no way out of the folder.
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
/** The build's compressed copies are served in place of their file, never by their own name. */
const COMPRESSED_COPY = /\.(br|gz)$/;

/** A path @fastify/static may serve: no compressed copy by name, no step up (answered 404, not 403). */
const servable = (path: string) => !COMPRESSED_COPY.test(path) && !path.split(/[\\/]/).includes('..');

const LOADER_CACHE = 'public, max-age=300';
const FOREVER = 'public, max-age=31536000, immutable';

type RawReply = import('@fastify/static').SetHeadersResponse;

/**
 * Serves the built widget (`/widget.js`, `/widget/<chunk>`), the demo store (`/demo/`) and the
 * built console (`/console/`, with a strict CSP), through @fastify/static: the brotli or gzip copy
 * the build made (Accept-Encoding decides, `Vary: Accept-Encoding` says so to caches), an ETag and
 * Last-Modified, and 304 when the browser's copy is current.
 *
 * The loader is cached briefly so a new release reaches storefronts soon (then revalidated with its
 * ETag); the chunks have hashed names and are cached for good. Storefronts load the chunks with
 * `import()`, which is a CORS request, so they carry `Access-Control-Allow-Origin: *`.
 */
export const staticPlugin = fp(async (app) => {
  const consoleDir = app.services.config.consoleDistDir ?? CONSOLE_DIST;
  const common = { preCompressed: true, cacheControl: false, lastModified: true, etag: true } as const;
  // Each file has several representations: caches must key them by Accept-Encoding (@fastify/static
  // does not say so; other plugins may have set Vary already).
  app.addHook('onSend', async (request, reply) => {
    if (!/^\/(widget|demo|console)\b/.test(request.routeOptions.url ?? '')) return;
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/accept-encoding/i.test(vary)) reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  });

  // The widget: sent by the two routes below (reply.sendFile), which check the name first.
  await app.register(fastifyStatic, {
    ...common,
    root: app.services.config.widgetDistDir ?? WIDGET_DIST,
    serve: false,
    setHeaders(res: RawReply, path: string) {
      res.setHeader('cache-control', /[\\/]widget\.js(\.br|\.gz)?$/.test(path) ? LOADER_CACHE : FOREVER);
      res.setHeader('access-control-allow-origin', '*');
    },
  });
  app.get('/widget.js', (_request, reply) => reply.sendFile('widget.js'));
  app.get('/widget/:file', (request, reply) => {
    const { file } = request.params as { file: string };
    if (!SAFE_NAME.test(file) || COMPRESSED_COPY.test(file)) return reply.status(404).send(errorBody('NOT_FOUND', `No file ${file.slice(0, 100)}.`));
    return reply.sendFile('widget/' + file);
  });

  await app.register(fastifyStatic, {
    ...common,
    root: DEMO_STORE,
    prefix: '/demo/',
    decorateReply: false,
    allowedPath: servable,
    setHeaders(res: RawReply) {
      res.setHeader('cache-control', 'no-cache');
    },
  });
  app.get('/demo', (_request, reply) => reply.redirect('/demo/'));
  app.get('/', (_request, reply) => reply.redirect('/demo/'));

  // The console: one page (hash routes) and its hashed assets.
  await app.register(fastifyStatic, {
    ...common,
    root: consoleDir,
    prefix: '/console/',
    decorateReply: false,
    allowedPath: servable,
    setHeaders(res: RawReply, path: string) {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? FOREVER : 'no-cache');
      res.setHeader('content-security-policy', CONSOLE_CSP);
    },
  });
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
});
