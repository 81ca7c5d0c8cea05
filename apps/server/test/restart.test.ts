import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import { createTestDb } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { connected, ok, once, request, type AgentSocket, type VisitorSocket } from './test-server';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ADMIN = { email: 'restart-admin@example.com', password: 'restart-password-1' };

/** A free port on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Starts `src/main.ts` as a real process and waits until it serves. */
async function startProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDb();
  if (db.url) {
    // PostgreSQL: the processes share the test database; this handle is only for dropping it.
    env = { DATABASE_URL: db.url };
    cleanup = () => db.close();
  } else {
    await db.close();
    const dir = mkdtempSync(join(tmpdir(), 'sportello-restart-'));
    env = { DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
afterAll(() => cleanup?.());

async function signIn(base: string): Promise<AgentSocket> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const socket: AgentSocket = connect(`${base}/agent`, { transports: ['websocket'], autoConnect: false, reconnection: false, forceNew: true, extraHeaders: { cookie } });
  await connected(socket);
  return socket;
}

function visitor(base: string, token?: string): VisitorSocket {
  return connect(`${base}/visitor`, {
    transports: ['websocket'],
    autoConnect: false,
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin: base },
    auth: { siteKey: 'demo', ...(token ? { token } : {}) },
  });
}

describe('a server process restart', () => {
  it('loses nothing: a reconnecting visitor gets exactly the gap, from before and after the restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startProcess(env, port);
    try {
      const shopper = visitor(base);
      const session = once<{ token: string }>(shopper, 'visitor:session');
      await connected(shopper);
      const { token } = await session;
      const conversationId = ok(await request(shopper, 'conversation:start', {})).conversation.id;
      // An agent has it from the start, so the demo site's bot stays out of this conversation.
      let agent = await signIn(base);
      ok(await request(agent, 'conversation:takeover', { conversationId }));
      ok(await request(shopper, 'message:send', { conversationId, clientId: 'm1', body: 'where is order 1002?' }));
      const firstReply = once<Message>(shopper, 'message:new');
      ok(await request(agent, 'message:send', { conversationId, clientId: 'r1', body: 'It left yesterday.' }));
      expect((await firstReply).seq).toBe(2);
      shopper.disconnect();

      ok(await request(agent, 'message:send', { conversationId, clientId: 'r2', body: 'Tracking: 0840123456790' }));
      ok(await request(agent, 'message:send', { conversationId, clientId: 'r3', body: 'note to self', internal: true }));
      agent.disconnect();

      await stopProcess(server);
      server = await startProcess(env, port);

      agent = await signIn(base);
      ok(await request(agent, 'message:send', { conversationId, clientId: 'r4', body: 'It arrives tomorrow.' }));
      // A resend of a message stored before the restart is still recognised.
      const resent = ok(await request(agent, 'message:send', { conversationId, clientId: 'r2', body: 'Tracking: 0840123456790' }));
      expect(resent.seq).toBe(3);

      const back = visitor(base, token);
      await connected(back);
      const { replays } = ok(await request(back, 'sync', { cursors: [{ conversationId, afterSeq: 2 }] }));
      expect(replays.map((r) => r.messages.map((m) => [m.seq, m.body]))).toEqual([
        [
          [3, 'Tracking: 0840123456790'],
          // The internal note r3 took 5 in the agents' numbering and no place in the shopper's.
          [4, 'It arrives tomorrow.'],
        ],
      ]);
      back.disconnect();
      agent.disconnect();
    } finally {
      await stopProcess(server);
    }
  }, 120_000);
});
