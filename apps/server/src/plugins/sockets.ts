import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { LIMITS } from '@sportello/protocol';
import { registerAgentNamespace } from '../realtime/agent-namespace';
import { SocketBroadcaster } from '../realtime/socket-broadcaster';
import { registerVisitorNamespace } from '../realtime/visitor-namespace';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

/**
 * Socket.IO on Fastify's HTTP server (one port). CORS is left open at this layer because the
 * `/visitor` handshake checks each site's allowed origins itself and `/agent` requires same origin.
 */
export const socketsPlugin = fp(async (app) => {
  const io = new Server(app.server, {
    maxHttpBufferSize: LIMITS.packetMaxBytes,
    serveClient: false,
    cors: { origin: true, credentials: false },
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });
  app.decorate('io', io);
  app.services.notifier = new SocketBroadcaster(io);
  registerVisitorNamespace(io, app.services, app.log);
  registerAgentNamespace(io, app.services, app.log);
  // Sockets the default namespace would accept have nothing to do there.
  io.of('/').use((_socket, next) => next(Object.assign(new Error('Use the /visitor or /agent namespace.'), { data: { code: 'NOT_FOUND' } })));

  app.addHook('preClose', async () => {
    io.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });
});
