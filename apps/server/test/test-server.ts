import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { FastifyInstance } from 'fastify';
import { createTestDb, sites, siteAgents, type DbHandle, type SiteSettings } from '@sportello/db';
import type {
  Ack,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@sportello/protocol';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { Services } from '../src/services/container';

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

export interface TestSite {
  id: string;
  key: string;
  origin: string;
  secret: string;
}

export interface TestAgent {
  id: string;
  email: string;
  password: string;
  cookie: string;
}

/**
 * A real server on an ephemeral port over a throwaway database (PGlite, or PostgreSQL under
 * `TEST_DB=postgres`), with helpers to make sites, agents and real socket.io-client connections.
 * One per test file; tests isolate themselves by making their own site.
 */
export class TestServer {
  private readonly sockets: Socket[] = [];

  private constructor(
    public app: FastifyInstance,
    readonly db: DbHandle & { url: string | null },
    readonly url: string,
    private readonly config: ReturnType<typeof loadConfig>,
  ) {}

  /** `env` adds to the test defaults (e.g. `VISITOR_MESSAGES_PER_10S`). */
  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    const db = await createTestDb();
    // Uploaded files in a directory of this server's own, removed with it.
    const filesDir = env.FILES_DIR ?? (await mkdtemp(join(tmpdir(), 'sportello-files-')));
    // `PUBLIC_URL: 'self'`: the server's own address, for a browser that follows the links it makes (files).
    const ownPort = env.PUBLIC_URL === 'self' ? await freePort() : 0;
    const config = loadConfig({ LOG_LEVEL: 'silent', FILES_DIR: filesDir, ...env, PUBLIC_URL: ownPort ? `http://127.0.0.1:${ownPort}` : (env.PUBLIC_URL ?? 'http://sportello.test') });
    const app = await buildApp({ config, db, logger: false });
    await app.listen({ port: ownPort, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return new TestServer(app, db, `http://127.0.0.1:${port}`, config);
  }

  /** Stops the server (every socket drops), runs `whileDown`, then serves again on the same port and database. */
  async restart(whileDown: () => Promise<void> = async () => undefined): Promise<void> {
    const port = Number(new URL(this.url).port);
    await this.app.close();
    await whileDown();
    this.app = await buildApp({ config: this.config, db: this.db, logger: false });
    await this.app.listen({ port, host: '127.0.0.1' });
  }

  get services(): Services {
    return this.app.services;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.disconnect();
    await this.app.close();
    await this.db.close();
    if (this.config.filesDir.includes('sportello-files-')) await rm(this.config.filesDir, { recursive: true, force: true });
  }

  /** A new site with one allowed origin; its bot is off unless `settings.botEnabled` says otherwise. */
  async createSite(settings: SiteSettings = { botEnabled: false }): Promise<TestSite> {
    const key = `site_${randomBytes(5).toString('hex')}`;
    const origin = `https://${key.replace('_', '-')}.shop.test`;
    const secret = randomBytes(16).toString('hex');
    const [site] = await this.services.db.insert(sites).values({ key, name: key, allowedOrigins: [origin], secret, settings }).returning();
    return { id: site!.id, key, origin, secret };
  }

  /** A new agent of the given sites, signed in through the real login route. */
  async createAgent(siteIds: string[], role: 'admin' | 'agent' = 'agent'): Promise<TestAgent> {
    const email = `agent-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const agent = await this.services.auth.createAgent({ email, name: `Agent ${email.slice(6, 10)}`, password, role });
    if (siteIds.length) await this.services.db.insert(siteAgents).values(siteIds.map((siteId) => ({ siteId, agentId: agent.id })));
    return { id: agent.id, email, password, cookie: await this.login(email, password) };
  }

  /** Signs in and returns the `Cookie` header value. */
  async login(email: string, password: string): Promise<string> {
    const response = await this.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
    const setCookie = String(response.headers['set-cookie']);
    return setCookie.split(';')[0]!;
  }

  /** A visitor socket, not yet connected. */
  visitorSocket(options: { siteKey: string; origin?: string | null; token?: string }): VisitorSocket {
    const headers: Record<string, string> = {};
    if (options.origin) headers.origin = options.origin;
    const socket: VisitorSocket = connect(`${this.url}/visitor`, {
      transports: ['websocket'],
      autoConnect: false,
      reconnection: false,
      forceNew: true,
      extraHeaders: headers,
      auth: { siteKey: options.siteKey, ...(options.token ? { token: options.token } : {}) },
    });
    this.sockets.push(socket);
    return socket;
  }

  /** A connected visitor with its token (issued at the first connection). */
  async connectVisitor(site: TestSite, token?: string): Promise<{ socket: VisitorSocket; token: string; visitorId: string }> {
    const socket = this.visitorSocket({ siteKey: site.key, origin: site.origin, ...(token ? { token } : {}) });
    const session = token ? null : once(socket, 'visitor:session');
    await connected(socket);
    if (!session) return { socket, token: token!, visitorId: '' };
    const issued = (await session) as { visitorId: string; token: string };
    return { socket, token: issued.token, visitorId: issued.visitorId };
  }

  agentSocket(cookie: string | null, options: { origin?: string; inbox?: boolean } = {}): AgentSocket {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (options.origin) headers.origin = options.origin;
    const socket: AgentSocket = connect(`${this.url}/agent`, {
      transports: ['websocket'],
      autoConnect: false,
      reconnection: false,
      forceNew: true,
      extraHeaders: headers,
      auth: options.inbox === false ? { inbox: false } : {},
    });
    this.sockets.push(socket);
    return socket;
  }

  async connectAgent(agent: TestAgent, options: { inbox?: boolean } = {}): Promise<AgentSocket> {
    const socket = this.agentSocket(agent.cookie, options);
    await connected(socket);
    return socket;
  }

  /** Starts a conversation as a visitor and returns its id. */
  async startConversation(socket: VisitorSocket): Promise<string> {
    const ack = await request(socket, 'conversation:start', {});
    return ok(ack).conversation.id;
  }
}

type AckOf<F> = F extends (payload: never, ack: infer A) => void ? (NonNullable<A> extends (response: infer R) => void ? R : never) : never;

/**
 * Emits an event and resolves with its typed ack (socket.io-client's own typing loses the ack
 * type under `timeout()`); rejects when no ack comes within `timeoutMs`.
 */
export function request<M extends { [K in keyof M]: (...args: never[]) => void }, E extends keyof M & string>(
  socket: Socket<never, M> | Socket<AgentServerToClientEvents, M> | Socket<VisitorServerToClientEvents, M>,
  event: E,
  payload: Parameters<M[E]>[0],
  timeoutMs = 10_000,
): Promise<AckOf<M[E]>> {
  return (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload) as Promise<AckOf<M[E]>>;
}

/** Resolves on `connect`, rejects with the server's `connect_error`. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
    socket.connect();
  });
}

/** The handshake error code of a refused connection. */
export async function refusal(socket: Socket): Promise<string> {
  try {
    await connected(socket);
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? `no code: ${(error as Error).message}`;
  }
  socket.disconnect();
  return 'connected';
}

export function once<T = unknown>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** The success side of an ack, or a thrown error naming the failure. */
export function ok<A extends Ack<object>>(ack: A): Extract<A, { ok: true }> {
  if (!ack.ok) throw new Error(`ack failed: ${ack.error.code} ${ack.error.message}`);
  return ack as Extract<A, { ok: true }>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` returns true (polling), or fails after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** A port nothing listens on now (asked of the system, then let go). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
