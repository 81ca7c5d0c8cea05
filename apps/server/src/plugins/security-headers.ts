import fp from 'fastify-plugin';

/**
 * Headers every response carries: no MIME sniffing, no full referrers to other sites, and no
 * framing of our pages by other sites (clickjacking on the console).
 */
export const securityHeadersPlugin = fp(async (app) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
  });
});
