// A soak test: N active human conversations for some minutes through two Sportello processes
// joined by Redis on one PostgreSQL database: every shopper on process A, every agent on process
// B. Both sides write at a steady pace; the run reports throughput, delivery latency, acks,
// memory of both processes every 30 s, errors, and lost or doubled messages checked against the
// database at the end. See bench/README.md.
//
//   pnpm --filter @sportello/bench soak [--conversations 1000] [--minutes 10] [--interval 5] [--agents 100] [--warmup 60]
//     [--redis-outage 10]   a private Redis, killed half-way through for that many seconds
//
// The clients behave as the widget and the console do: each keeps its cursor at the end of the
// unbroken run of seqs it holds, fetches a gap with `sync` as soon as a live event or an ack
// shows one, and syncs everything it has open on `resync`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { cpuSeconds, kb, login, mb, option, percentile, readMemory, startServer, stopServer, withBenchDatabase, type MemoryReading } from './bench-process';

const argv = process.argv.slice(2);
const conversations = Number(option(argv, 'conversations', '1000'));
const minutes = Number(option(argv, 'minutes', '10'));
/** Seconds between two messages of one side of a conversation (each way). */
const interval = Number(option(argv, 'interval', '5'));
const agentCount = Number(option(argv, 'agents', '100'));
const warmupSeconds = Number(option(argv, 'warmup', String(Math.min(60, minutes * 15))));
const sampleSeconds = Number(option(argv, 'sample', '30'));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Seconds Redis is down, half-way through the run (0: no outage, the machine's Redis). */
const outageSeconds = Number(option(argv, 'redis-outage', '0'));
let redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ORIGIN = 'http://bench.local';

interface Conversation {
  id: string;
  visitor: Socket;
  agent: Socket;
  nextVisitor: number;
  nextAgent: number;
  sentVisitor: number;
  sentAgent: number;
}

interface Sent {
  sentAt: number;
  deliveredAt?: number;
  acked: boolean;
  deliveries: number;
  measured: boolean;
}

/** What one side of one conversation holds: the end of its unbroken run, and seqs past it. */
interface Cursor {
  cursor: number;
  ahead: Set<number>;
  filling: boolean;
  again: boolean;
}

interface WireMessage {
  conversationId: string;
  clientId: string;
  body: string;
  seq: number;
}

/** A private `redis-server` on a free port, for the outage (the machine's own stays untouched). */
async function privateRedis(): Promise<{ url: string; start(): Promise<void>; kill(): void }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
      await sleep(50);
    }
    throw new Error('the private Redis did not start');
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, kill: () => child?.kill('SIGKILL') };
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
    socket.connect();
  });
}

async function ack<T extends { ok: boolean }>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const answer = (await socket.timeout(30_000).emitWithAck(event, payload)) as T;
  if (!answer.ok) throw new Error(`${event} failed: ${JSON.stringify(answer)}`);
  return answer;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

const redis = outageSeconds > 0 ? await privateRedis() : null;
if (redis) redisUrl = redis.url;

await withBenchDatabase(databaseUrl, async (url) => {
  const env = { BENCH_DB_URL: url, REDIS_URL: redisUrl, REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`, BENCH_AGENTS: String(agentCount) };
  // One after the other: the first migrates and seeds.
  const a = await startServer(env);
  const b = await startServer(env);
  const sent = new Map<string, Sent>();
  const deliveryLatencies: number[] = [];
  const ackLatencies: number[] = [];
  let errors = 0;
  let timeouts = 0;
  let retries = 0;
  let unexpected = 0;
  let measuring = false;
  let delivered = 0;
  /** Messages that reached their reader through `sync` (a gap or a resync), not live. */
  let caughtUp = 0;
  const caughtUpLatencies: number[] = [];
  let syncs = 0;
  let resyncs = 0;
  let outage: { from: number; to: number } | null = null;
  const memory: { t: number; a: MemoryReading; b: MemoryReading }[] = [];
  try {
    // Agents: `agentCount` consoles on process B, each watching its share of the conversations.
    const t0 = performance.now();
    const agents: Socket[] = [];
    for (let i = 0; i < agentCount; i++) {
      const cookie = await login(b.url, `bench-${i + 1}@example.com`);
      const socket = connect(`${b.url}/agent`, { transports: ['websocket'], autoConnect: false, reconnection: false, forceNew: true, extraHeaders: { cookie }, auth: { inbox: false } });
      await connected(socket);
      agents.push(socket);
    }
    const list: Conversation[] = [];
    const batch = 50;
    for (let start = 0; start < conversations; start += batch) {
      const created = await Promise.all(
        Array.from({ length: Math.min(batch, conversations - start) }, async (_, k) => {
          const index = start + k;
          const visitor = connect(`${a.url}/visitor`, { transports: ['websocket'], autoConnect: false, reconnection: false, forceNew: true, extraHeaders: { origin: ORIGIN }, auth: { siteKey: 'bench' } });
          await connected(visitor);
          const id = (await ack<{ ok: boolean; conversation: { id: string } }>(visitor, 'conversation:start', {})).conversation.id;
          const agent = agents[index % agentCount]!;
          await ack(agent, 'conversation:join', { conversationId: id, afterSeq: 0 });
          await ack(agent, 'conversation:takeover', { conversationId: id });
          return { id, visitor, agent, nextVisitor: 0, nextAgent: 0, sentVisitor: 0, sentAgent: 0 };
        }),
      );
      list.push(...created);
    }
    console.error(`${conversations} conversations (shoppers on A :${a.port}, ${agentCount} agents on B :${b.port}) ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Deliveries: a shopper hears its agent's messages, an agent its shoppers'. Each side keeps
    // a cursor per conversation, as the widget and the console do.
    const cursors = new Map<string, Cursor>();
    const cursorOf = (side: 'v' | 'a', conversationId: string): Cursor => {
      const key = `${side}:${conversationId}`;
      let c = cursors.get(key);
      if (!c) cursors.set(key, (c = { cursor: 0, ahead: new Set(), filling: false, again: false }));
      return c;
    };
    /** Adds a seq the side now holds; true when it was new to it. */
    const hold = (c: Cursor, seq: number): boolean => {
      if (seq <= c.cursor || c.ahead.has(seq)) return false;
      c.ahead.add(seq);
      while (c.ahead.delete(c.cursor + 1)) c.cursor++;
      return true;
    };
    const socketOf = (side: 'v' | 'a', conversationId: string) => {
      const c = byId.get(conversationId)!;
      return side === 'v' ? c.visitor : c.agent;
    };
    const receive = (side: 'v' | 'a', message: WireMessage, via: 'live' | 'sync') => {
      const c = cursorOf(side, message.conversationId);
      if (!hold(c, message.seq)) return;
      if (message.clientId.startsWith(side === 'v' ? 'a-' : 'v-')) {
        const record = sent.get(message.clientId);
        if (!record) unexpected++;
        else {
          record.deliveries++;
          if (record.deliveries === 1) {
            delivered++;
            record.deliveredAt = performance.now();
            const latency = performance.now() - record.sentAt;
            if (via === 'sync') {
              caughtUp++;
              caughtUpLatencies.push(latency);
            } else if (record.measured) deliveryLatencies.push(latency);
          }
        }
      }
      if (c.ahead.size) void fill(side, message.conversationId);
    };
    /** Fetches what lies between the cursor and the seqs held past it (or after it, on resync). */
    const fill = async (side: 'v' | 'a', conversationId: string): Promise<void> => {
      const c = cursorOf(side, conversationId);
      if (c.filling) return void (c.again = true);
      c.filling = true;
      try {
        for (let page = 0; page < 50; page++) {
          syncs++;
          const answer = (await socketOf(side, conversationId).timeout(10_000).emitWithAck('sync', { cursors: [{ conversationId, afterSeq: c.cursor }] })) as { ok: boolean; replays?: { messages: WireMessage[]; hasMore: boolean }[] };
          const replay = answer.ok ? answer.replays?.[0] : undefined;
          if (!replay) break;
          for (const m of replay.messages) receive(side, { ...m, conversationId }, 'sync');
          if (!replay.hasMore) break;
        }
      } catch {
        // no answer: the next event or resync tries again
      } finally {
        c.filling = false;
        if (c.again) {
          c.again = false;
          void fill(side, conversationId);
        }
      }
    };
    const byId = new Map(list.map((c) => [c.id, c]));
    for (const c of list) {
      c.visitor.on('message:new', (m: WireMessage) => receive('v', m, 'live'));
      c.visitor.on('resync', () => {
        resyncs++;
        void fill('v', c.id);
      });
    }
    const agentConversations = new Map<Socket, string[]>();
    for (const c of list) agentConversations.set(c.agent, [...(agentConversations.get(c.agent) ?? []), c.id]);
    for (const socket of agents) {
      socket.on('message:new', (m: WireMessage) => receive('a', m, 'live'));
      socket.on('resync', () => {
        resyncs++;
        for (const id of agentConversations.get(socket) ?? []) void fill('a', id);
      });
    }

    // Sends: the widget's way, one clientId resent until acked.
    const send = (socket: Socket, conversationId: string, clientId: string, attempt = 0) => {
      const record = sent.get(clientId)!;
      const startedAt = performance.now();
      const side = clientId.startsWith('v-') ? 'v' : 'a';
      socket.timeout(10_000).emit('message:send', { conversationId, clientId, body: `${clientId} ${'·'.repeat(40)}` }, (error: Error | null, answer: { ok: boolean; seq: number }) => {
        if (error) timeouts++;
        else if (!answer.ok) errors++;
        else {
          record.acked = true;
          if (record.measured) ackLatencies.push(performance.now() - startedAt);
          // The sender holds its own message; a seq past its run shows what it missed.
          const c = cursorOf(side, conversationId);
          hold(c, answer.seq);
          if (c.ahead.size) void fill(side, conversationId);
          return;
        }
        if (attempt < 5) {
          retries++;
          setTimeout(() => send(socket, conversationId, clientId, attempt + 1), 1000);
        }
      });
    };

    const begin = performance.now();
    const end = begin + minutes * 60_000;
    const period = interval * 1000;
    // Spread the conversations' first messages over one interval.
    for (const c of list) {
      c.nextVisitor = begin + Math.random() * period;
      c.nextAgent = begin + period / 2 + Math.random() * period;
    }
    if (redis) {
      const at = begin + (minutes * 60_000) / 2;
      setTimeout(() => {
        redis.kill();
        outage = { from: performance.now(), to: 0 };
        console.error(`t=${fmt((performance.now() - begin) / 1000, 0)} s  Redis killed for ${outageSeconds} s`);
        setTimeout(() => {
          void redis.start().then(() => {
            outage!.to = performance.now();
            console.error(`t=${fmt((performance.now() - begin) / 1000, 0)} s  Redis answering again`);
          });
        }, outageSeconds * 1000);
      }, at - performance.now());
    }
    const cpuStart = { a: cpuSeconds(a.child.pid!), b: cpuSeconds(b.child.pid!) };
    // This load generator's own event-loop delay: latency it adds to what it measures.
    const ownLoop = monitorEventLoopDelay({ resolution: 10 });
    ownLoop.enable();
    let ownCpu = { at: 0, usage: process.cpuUsage() };
    let cpuMeasured = { a: 0, b: 0, at: 0 };
    const ticker = setInterval(() => {
      const now = performance.now();
      if (!measuring && now - begin >= warmupSeconds * 1000) {
        measuring = true;
        cpuMeasured = { a: cpuSeconds(a.child.pid!), b: cpuSeconds(b.child.pid!), at: now };
        ownCpu = { at: now, usage: process.cpuUsage() };
        ownLoop.reset();
      }
      if (now >= end) return;
      for (const c of list) {
        if (now >= c.nextVisitor) {
          const clientId = `v-${c.id.slice(0, 8)}-${c.sentVisitor++}`;
          sent.set(clientId, { sentAt: now, acked: false, deliveries: 0, measured: measuring });
          send(c.visitor, c.id, clientId);
          c.nextVisitor += period;
        }
        if (now >= c.nextAgent) {
          const clientId = `a-${c.id.slice(0, 8)}-${c.sentAgent++}`;
          sent.set(clientId, { sentAt: now, acked: false, deliveries: 0, measured: measuring });
          send(c.agent, c.id, clientId);
          c.nextAgent += period;
        }
      }
    }, 10);

    // Memory of both processes every `sampleSeconds`, without forcing a GC (a forced full GC
    // pauses a process for tens of ms, which would show in the latencies); after a full GC only
    // at the end of the warm-up and once the sending has stopped.
    const gcReadings: { label: string; a: MemoryReading; b: MemoryReading }[] = [];
    let warmupRead = false;
    const sampleOnce = async () => {
      const [ma, mb2] = await Promise.all([readMemory(a.child, false), readMemory(b.child, false)]);
      const t = (performance.now() - begin) / 1000;
      memory.push({ t, a: ma, b: mb2 });
      const rate = delivered / Math.max(1, t);
      console.error(
        `t=${fmt(t, 0)} s  A: RSS ${mb(ma.rss)} heap ${mb(ma.heapUsed)} loop p99 ${fmt(ma.eventLoop.p99)} max ${fmt(ma.eventLoop.max)} ms gc ${fmt(ma.gcMs)} ms  B: RSS ${mb(mb2.rss)} heap ${mb(mb2.heapUsed)} loop p99 ${fmt(mb2.eventLoop.p99)} max ${fmt(mb2.eventLoop.max)} ms gc ${fmt(mb2.gcMs)} ms  sent ${sent.size} delivered ${delivered} (${fmt(rate, 0)}/s) errors ${errors} timeouts ${timeouts}`,
      );
    };
    await sampleOnce();
    while (performance.now() < end) {
      const untilWarm = begin + warmupSeconds * 1000 - performance.now();
      if (!warmupRead && untilWarm <= sampleSeconds * 1000) {
        await sleep(Math.max(0, untilWarm));
        const [ga, gb] = await Promise.all([readMemory(a.child), readMemory(b.child)]);
        gcReadings.push({ label: `end of warm-up (t=${fmt((performance.now() - begin) / 1000, 0)} s)`, a: ga, b: gb });
        warmupRead = true;
        continue;
      }
      await sleep(Math.min(sampleSeconds * 1000, end - performance.now()));
      await sampleOnce();
    }
    clearInterval(ticker);
    const own = process.cpuUsage(ownCpu.usage);
    const measuredSeconds = (performance.now() - cpuMeasured.at) / 1000;
    const cpuEnd = { a: cpuSeconds(a.child.pid!), b: cpuSeconds(b.child.pid!) };
    await sleep(2000); // the last acks and deliveries
    {
      const [ga, gb] = await Promise.all([readMemory(a.child), readMemory(b.child)]);
      gcReadings.push({ label: 'end of run (sending stopped, every socket still open)', a: ga, b: gb });
    }
    // Drain: whatever is still on its way gets 15 s.
    const drainStart = performance.now();
    const pending = () => [...sent.values()].filter((r) => !r.acked || r.deliveries === 0).length;
    while (pending() > 0 && performance.now() - drainStart < 15_000) await sleep(100);

    // The database's view: every acked message once, gap-free seqs.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (await client.query<{ client_id: string; n: number }>(`select client_id, count(*)::int as n from messages group by client_id`)).rows;
    const lasts = (await client.query<{ id: string; last_seq: number; visitor_last_seq: number }>(`select id, last_seq, visitor_last_seq from conversations`)).rows;
    const gaps = (await client.query<{ n: number }>(`select count(*)::int as n from (select conversation_id from messages group by conversation_id having count(*) <> max(seq) or min(seq) <> 1) g`)).rows[0]!.n;
    await client.end();
    const inDb = new Map(rows.map((r) => [r.client_id, r.n]));
    let lostInDb = 0;
    let doubledInDb = 0;
    let undelivered = 0;
    let doubledDelivery = 0;
    let unacked = 0;
    for (const [clientId, record] of sent) {
      const n = inDb.get(clientId) ?? 0;
      if (record.acked && n === 0) lostInDb++;
      if (n > 1) doubledInDb++;
      if (!record.acked) unacked++;
      if (record.deliveries === 0) undelivered++;
      if (record.deliveries > 1) doubledDelivery++;
    }
    const extraInDb = rows.filter((r) => !sent.has(r.client_id)).length;

    deliveryLatencies.sort((x, y) => x - y);
    ackLatencies.sort((x, y) => x - y);
    const measuredSent = [...sent.values()].filter((r) => r.measured).length;
    const afterWarmup = memory.filter((m) => m.t >= warmupSeconds);

    console.log(`# soak: ${conversations} conversations, ${minutes} min, one message every ${interval} s each way (${fmt((2 * conversations) / interval, 0)} msg/s offered), ${agentCount} agents on B, warm-up ${warmupSeconds} s`);
    console.log(`\nmessages sent ${sent.size} (measured ${measuredSent}), delivered once ${delivered}; throughput after warm-up ${fmt(deliveryLatencies.length / measuredSeconds, 0)} msg/s delivered`);
    console.log(`delivery latency (send → the other side, across processes through Redis): p50 ${fmt(percentile(deliveryLatencies, 50))} ms, p95 ${fmt(percentile(deliveryLatencies, 95))} ms, p99 ${fmt(percentile(deliveryLatencies, 99))} ms, max ${fmt(deliveryLatencies.at(-1) ?? NaN)} ms`);
    console.log(`ack latency (send → stored and acked): p50 ${fmt(percentile(ackLatencies, 50))} ms, p99 ${fmt(percentile(ackLatencies, 99))} ms, max ${fmt(ackLatencies.at(-1) ?? NaN)} ms`);
    console.log(`error acks ${errors}, ack timeouts ${timeouts}, resends ${retries}, never acked ${unacked}`);
    caughtUpLatencies.sort((x, y) => x - y);
    const o = outage as { from: number; to: number } | null;
    if (o) {
      // Messages sent while Redis was away: when the last of them reached the other side.
      const during = [...sent.values()].filter((r) => r.sentAt >= o.from && r.sentAt < o.to);
      const lastAt = Math.max(...during.map((r) => r.deliveredAt ?? Infinity));
      console.log(`Redis outage: killed at t=${fmt((o.from - begin) / 1000, 0)} s for ${fmt((o.to - o.from) / 1000)} s (until it answered again); ${during.length} messages sent meanwhile, the last of them delivered ${fmt(lastAt - o.to, 0)} ms after Redis answered`);
    }
    console.log(`caught up through sync (gaps and resyncs, not live): ${caughtUp} messages, latency p50 ${fmt(percentile(caughtUpLatencies, 50))} ms, max ${fmt(caughtUpLatencies.at(-1) ?? NaN)} ms; ${resyncs} resync events, ${syncs} sync requests`);
    // Every client holds every message of its view: each side's cursor reached the conversation's
    // last seq in its numbering, with nothing held past a hole.
    let behind = 0;
    for (const row of lasts) {
      if (!byId.has(row.id)) continue;
      const [v, ag] = [cursorOf('v', row.id), cursorOf('a', row.id)];
      if (v.cursor !== row.visitor_last_seq || v.ahead.size) behind++;
      if (ag.cursor !== row.last_seq || ag.ahead.size) behind++;
    }
    console.log(`clients not holding every message of their view at the end: ${behind} (of ${2 * list.length} conversation views)`);
    console.log(`lost (acked, not in the database) ${lostInDb}; doubled in the database ${doubledInDb}; in the database but never sent ${extraInDb}; conversations with a seq gap ${gaps}`);
    console.log(`never delivered ${undelivered}; delivered twice ${doubledDelivery}; deliveries of unknown messages ${unexpected}`);
    console.log(`CPU after warm-up, % of one core: A ${fmt(((cpuEnd.a - cpuMeasured.a) / measuredSeconds) * 100, 0)}%, B ${fmt(((cpuEnd.b - cpuMeasured.b) / measuredSeconds) * 100, 0)}%, load generator ${fmt(((own.user + own.system) / 1e6 / measuredSeconds) * 100, 0)}% (whole run: A ${fmt(cpuEnd.a - cpuStart.a, 0)} s, B ${fmt(cpuEnd.b - cpuStart.b, 0)} s); load generator event-loop delay p99 ${fmt(ownLoop.percentile(99) / 1e6)} ms, max ${fmt(ownLoop.max / 1e6)} ms`);
    console.log(`machine load average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('\n| t (s) | A RSS | A heap | A loop delay p99 / max (ms) | B RSS | B heap | B loop delay p99 / max (ms) |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    for (const m of memory) {
      console.log(`| ${fmt(m.t, 0)} | ${mb(m.a.rss)} | ${mb(m.a.heapUsed)} | ${fmt(m.a.eventLoop.p99)} / ${fmt(m.a.eventLoop.max)} | ${mb(m.b.rss)} | ${mb(m.b.heapUsed)} | ${fmt(m.b.eventLoop.p99)} / ${fmt(m.b.eventLoop.max)} |`);
    }
    console.log('\n| after a full GC | A RSS | A heap | B RSS | B heap |');
    console.log('|---|---:|---:|---:|---:|');
    for (const g of gcReadings) console.log(`| ${g.label} | ${mb(g.a.rss)} | ${mb(g.a.heapUsed)} | ${mb(g.b.rss)} | ${mb(g.b.heapUsed)} |`);
    const [warm, last] = [gcReadings[0], gcReadings.at(-1)];
    if (warm && last && warm !== last) {
      console.log(`heap after warm-up → end (after a full GC): A ${kb(last.a.heapUsed - warm.a.heapUsed)}, B ${kb(last.b.heapUsed - warm.b.heapUsed)}`);
    }
    if (afterWarmup.length > 1) {
      const peak = (pick: (m: (typeof memory)[0]) => number) => mb(Math.max(...afterWarmup.map(pick)));
      console.log(`highest readings after warm-up (no forced GC): heap A ${peak((m) => m.a.heapUsed)}, B ${peak((m) => m.b.heapUsed)}; RSS A ${peak((m) => m.a.rss)}, B ${peak((m) => m.b.rss)}`);
    }
    for (const c of list) c.visitor.disconnect();
    for (const socket of agents) socket.disconnect();
  } finally {
    await Promise.all([stopServer(a.child), stopServer(b.child)]);
  }
});
redis?.kill();
process.exit(0);
