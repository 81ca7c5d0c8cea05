import fp from 'fastify-plugin';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
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

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// One path segment of letters, digits, dots, dashes and underscores: no way out of the folder.
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/**
 * Serves the built widget (`/widget.js`, `/widget/<chunk>`), the demo store (`/demo/`) and the
 * built console (`/console/`, with a strict CSP).
 * The loader is cached briefly so a new release reaches storefronts soon; the chunks have hashed
 * names and are cached for good. Storefronts load the chunks with `import()`, which is a CORS
 * request, so they carry `Access-Control-Allow-Origin: *`.
 */
export const staticPlugin = fp(async (app) => {
  async function send(reply: import('fastify').FastifyReply, dir: string, name: string, cache: string, cors: boolean, csp?: string) {
    if (!SAFE_NAME.test(name)) return reply.status(404).send(errorBody('NOT_FOUND'));
    let body: Buffer;
    try {
      body = await readFile(join(dir, name));
    } catch {
      return reply.status(404).send(errorBody('NOT_FOUND', `No file ${name}.`));
    }
    reply.header('content-type', TYPES[extname(name)] ?? 'application/octet-stream');
    reply.header('cache-control', cache);
    reply.header('x-content-type-options', 'nosniff');
    if (cors) reply.header('access-control-allow-origin', '*');
    if (csp) reply.header('content-security-policy', csp);
    return reply.send(body);
  }

  app.get('/widget.js', (_request, reply) => send(reply, WIDGET_DIST, 'widget.js', 'public, max-age=300', true));
  app.get('/widget/:file', (request, reply) =>
    send(reply, join(WIDGET_DIST, 'widget'), (request.params as { file: string }).file, 'public, max-age=31536000, immutable', true),
  );
  app.get('/demo', (_request, reply) => reply.redirect('/demo/'));
  app.get('/demo/', (_request, reply) => send(reply, DEMO_STORE, 'index.html', 'no-cache', false));
  app.get('/demo/:file', (request, reply) => send(reply, DEMO_STORE, (request.params as { file: string }).file, 'no-cache', false));
  app.get('/', (_request, reply) => reply.redirect('/demo/'));

  // The console: one page (hash routes) and its hashed assets.
  const consoleDir = app.services.config.consoleDistDir ?? CONSOLE_DIST;
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', (_request, reply) => send(reply, consoleDir, 'index.html', 'no-cache', false, CONSOLE_CSP));
  app.get('/console/assets/:file', (request, reply) =>
    send(reply, join(consoleDir, 'assets'), (request.params as { file: string }).file, 'public, max-age=31536000, immutable', false, CONSOLE_CSP),
  );
});
