import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import type { AgentSocket, VisitorSocket } from './test-server';
import { connected } from './test-server';

// Real server processes, a private Redis and a private PostgreSQL cluster on loopback, for the
// fault tests: each can be killed and started again without touching the machine's shared ones.

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A free port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when `command` runs on this machine. */
export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** A Sportello process (`src/main.ts` under tsx) on its own port; its output is kept for failures. */
export class ServerProcess {
  child: ChildProcess | null = null;
  output = '';
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), env);
    await server.start();
    return server;
  }

  /** Starts the process and waits until `/healthz` answers 200. */
  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: SERVER_DIR,
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, PORT: String(this.port), HOST: '127.0.0.1', PUBLIC_URL: this.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    child.kill('SIGKILL');
    throw new Error(`server did not start:\n${this.output}`);
  }

  /** Resolves when the process has printed `text` (e.g. the ack hook's `ack held <clientId>`). */
  async printed(text: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`no "${text}" from the server:\n${this.output}`);
      await sleep(10);
    }
  }

  /** SIGKILL: no close hook runs, sockets drop as if the machine died. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGSTOP: frozen, its connections open and nothing answered (a hung or swapped-out process). */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    return new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  }

  /** Signs in through the REST API and returns the session cookie. */
  async login(email: string, password: string): Promise<string> {
    const response = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  }

  /** A visitor socket of `siteKey` from `origin` (not connected; no automatic reconnection). */
  visitor(siteKey: string, origin: string, token?: string): VisitorSocket {
    return connect(`${this.url}/visitor`, {
      transports: ['websocket'],
      autoConnect: false,
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin },
      auth: { siteKey, ...(token ? { token } : {}) },
    });
  }

  async agent(cookie: string, inbox = true): Promise<AgentSocket> {
    const socket: AgentSocket = connect(`${this.url}/agent`, {
      transports: ['websocket'],
      autoConnect: false,
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
      auth: inbox ? {} : { inbox: false },
    });
    await connected(socket);
    return socket;
  }
}

/** A private, disposable `redis-server` (no persistence) that a test may kill and start again. */
export class PrivateRedis {
  private child: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' }).stdout?.includes('PONG')) return;
      await sleep(50);
    }
    throw new Error('private redis-server did not start');
  }

  /** Freezes it (SIGSTOP): connections stay open and nothing answers, as with an overloaded Redis. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills it (SIGKILL): connections drop at once. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/**
 * A private PostgreSQL 15 cluster in a temporary directory on a free port, run as the `postgres`
 * OS user (initdb refuses root), with fsync off: only for tests that stop and start PostgreSQL,
 * which must not touch the machine's shared server.
 */
export class PrivateCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** True when this machine can run one: PostgreSQL 15's binaries, and root to switch to `postgres`. */
  static available(): boolean {
    return existsSync(`${PG_BIN}/initdb`) && process.getuid?.() === 0 && hasCommand('runuser') && spawnSync('id', ['-u', 'postgres']).status === 0;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivateCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-pg-'));
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    execFileSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/initdb`, '-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync'], { stdio: 'ignore' });
    const cluster = new PrivateCluster(dir, await freePort());
    await cluster.start();
    return cluster;
  }

  private pgCtl(...args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/pg_ctl`, '-D', join(this.dir, 'data'), ...args], { stdio: 'ignore' });
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=60`;
    this.pgCtl('-l', join(this.dir, 'log'), '-o', options, '-w', '-t', '30', 'start');
  }

  /** Stops it the way a restart does (`-m fast`: open sessions are terminated). */
  async stop(): Promise<void> {
    this.pgCtl('-m', 'fast', '-w', '-t', '30', 'stop');
  }

  async destroy(): Promise<void> {
    try {
      this.pgCtl('-m', 'immediate', '-w', 'stop');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A TCP load balancer on loopback, as nginx or an HAProxy in front of the processes: it asks each
 * backend's `/healthz` every 250 ms (giving up after 500 ms, as a health check's timeout) and sends
 * every new connection to the first backend that answered 200 last time. Open connections stay
 * where they are, as with a real one.
 */
export class HealthRoutingProxy {
  readonly healthy: boolean[];
  private readonly server: Server;
  private readonly open = new Set<Socket>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  url = '';

  private constructor(private readonly backends: { url: string; port: number }[]) {
    this.healthy = backends.map(() => false);
    this.server = createServer((client) => {
      const index = this.healthy.findIndex(Boolean);
      if (index < 0) return void client.destroy();
      const upstream = tcpConnect(this.backends[index]!.port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.open.add(socket);
        socket.on('close', () => this.open.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  static async start(backends: { url: string; port: number }[]): Promise<HealthRoutingProxy> {
    const proxy = new HealthRoutingProxy(backends);
    const port = await freePort();
    await new Promise<void>((resolve) => proxy.server.listen(port, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${port}`;
    const check = async () => {
      await Promise.all(
        proxy.backends.map(async (backend, i) => {
          try {
            proxy.healthy[i] = (await fetch(`${backend.url}/healthz`, { signal: AbortSignal.timeout(500) })).ok;
          } catch {
            proxy.healthy[i] = false;
          }
        }),
      );
      if (!proxy.closed) proxy.timer = setTimeout(() => void check(), 250);
    };
    await check();
    return proxy;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const socket of this.open) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
