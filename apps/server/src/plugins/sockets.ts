import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { LIMITS, NAMESPACES } from '@sportello/protocol';
import { registerAgentNamespace } from '../realtime/agent-namespace';
import { SocketBroadcaster } from '../realtime/socket-broadcaster';
import { registerVisitorNamespace } from '../realtime/visitor-namespace';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

const SITES_CHANGED = 'sportello:sites-changed';
// Told to every process when one's link to Redis came back: their clients may have missed its emits.
const RESYNC = 'sportello:resync';

/** Tells every client connected to this process to sync: live events may have been missed. */
function resyncLocal(io: Server): void {
  io.of(NAMESPACES.visitor).local.emit('resync');
  io.of(NAMESPACES.agent).local.emit('resync');
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
  if (app.services.config.redisUrl) {
    await attachRedis(app, io, app.services.config.redisUrl, app.services.config.redisPrefix);
    // A site changed through one process (origins, settings) is refused or applied by all at once,
    // not when their short cache expires.
    io.on(SITES_CHANGED, () => app.services.sites.forgetCached());
    io.on(RESYNC, () => resyncLocal(io));
    app.services.sites.announceChangesWith(() => {
      try {
        io.serverSideEmit(SITES_CHANGED);
      } catch (error) {
        app.log.warn({ err: error }, 'could not tell the other processes about a site change');
      }
    });
  }
  app.services.notifier = new SocketBroadcaster(io);
  registerVisitorNamespace(io, app.services, app.log);
  registerAgentNamespace(io, app.services, app.log);
  // Sockets the default namespace would accept have nothing to do there.
  io.of('/').use((_socket, next) => next(Object.assign(new Error('Use the /visitor or /agent namespace.'), { data: { code: 'NOT_FOUND' } })));

  app.addHook('preClose', async () => {
    // Clients reconnect at once: refuse new WebSocket upgrades and polling handshakes first, or
    // they would keep the server from ever finishing its close.
    app.server.removeAllListeners('upgrade');
    app.server.on('upgrade', (_request, socket) => socket.destroy());
    io.engine.opts.allowRequest = (_request, callback) => callback('closing', false);
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });
});

/**
 * Joins this process to the others through Redis Pub/Sub, so an emit to a room reaches sockets on
 * every process. While Redis is away, publishes are dropped (not queued) and each process keeps
 * serving its own sockets. When a link comes back, the process tells its own clients to `resync`
 * (they missed what the others published) and asks the others to tell theirs (they missed what this
 * one published); clients then fetch the gap from the database, which holds everything.
 */
async function attachRedis(app: import('fastify').FastifyInstance, io: Server, url: string, prefix: string): Promise<void> {
  // At most a second between attempts: clients are brought up to date within seconds of Redis' return.
  const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 1_000);
  const pub = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy } });
  const sub = pub.duplicate();
  let warned = false;
  // Set while a link is down: its return brings a resync.
  let lost = false;
  const onError = (error: Error) => {
    lost = true;
    if (!warned) app.log.warn({ err: error }, 'Redis unavailable: serving this process\'s sockets only until it returns');
    warned = true;
  };
  pub.on('error', onError);
  sub.on('error', onError);
  let resyncTimer: NodeJS.Timeout | undefined;
  for (const client of [pub, sub]) {
    client.on('end', () => (lost = true));
    client.on('ready', () => {
      if (!lost) return;
      // Once both links answer again (or after a second with one), a single resync.
      clearTimeout(resyncTimer);
      resyncTimer = setTimeout(() => {
        if (!pub.isReady && !sub.isReady) return;
        lost = false;
        if (warned) app.log.info('Redis is back: telling clients to resync');
        warned = false;
        resyncLocal(io);
        try {
          io.serverSideEmit(RESYNC);
        } catch (error) {
          app.log.warn({ err: error }, 'could not ask the other processes to resync');
        }
      }, pub.isReady && sub.isReady ? 50 : 1_000);
    });
  }
  // The adapter publishes without waiting; a publish while Redis is away must not become an
  // unhandled rejection.
  const safePub = new Proxy(pub, {
    get(target, property, receiver) {
      if (property === 'publish') {
        return (...args: Parameters<typeof pub.publish>) => target.publish(...args).catch(() => 0);
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  await Promise.race([Promise.all([pub.connect(), sub.connect()]), new Promise((resolve) => setTimeout(resolve, 3_000))]).catch(onError);
  io.adapter(createAdapter(safePub, sub, { key: prefix }));
  app.addHook('onClose', async () => {
    clearTimeout(resyncTimer);
    lost = false;
    for (const client of [pub, sub]) {
      try {
        if (client.isReady) await client.close();
        else client.destroy(); // still trying to reach Redis: stop trying
      } catch {
        // already closed
      }
    }
  });
}
