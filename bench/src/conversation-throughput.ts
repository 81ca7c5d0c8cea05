// Conversation throughput and delivery latency: N visitor–agent pairs over real sockets, each
// visitor message stored in PostgreSQL by Sportello and delivered to its paired agent, measured
// beside a plain Socket.IO relay (no storage) in the same run. See bench/README.md.
//
//   pnpm bench [--pairs 1000] [--rates 5000,7500,10000] [--seconds 10] [--target both|sportello|relay]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { login, stopServer, withBenchDatabase } from './bench-process';

interface Options {
  pairs: number;
  rates: number[];
  seconds: number;
  warmupSeconds: number;
  targets: ('sportello' | 'relay')[];
  databaseUrl: string;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const target = get('target') ?? 'both';
  return {
    pairs: Number(get('pairs') ?? 1000),
    rates: (get('rates') ?? '5000,7500,10000,12500,15000,20000').split(',').map(Number),
    seconds: Number(get('seconds') ?? 10),
    warmupSeconds: Number(get('warmup') ?? 3),
    targets: target === 'both' ? ['relay', 'sportello'] : [target as 'sportello' | 'relay'],
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

// ---------------------------------------------------------------- processes and CPU

function startChild(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_PROFILE=DIR writes a V8 CPU profile of the server process there, for finding hot spots.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const TICKS_PER_SECOND = 100;

/** User + system CPU ticks of one process, from /proc. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU ticks of every PostgreSQL server process on this machine. */
function postgresTicks(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim().startsWith('postgres')) total += cpuTicks(Number(entry));
    } catch {
      // the process ended
    }
  }
  return total;
}

// ---------------------------------------------------------------- the pairs

interface Pair {
  visitor: Socket;
  agent: Socket;
  conversationId: string;
}

const ORIGIN = 'http://bench.local';

async function connected(socket: Socket): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
    socket.connect();
  });
}

async function openPairs(base: string, count: number, cookie: string | null): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    const created = await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async () => {
        const visitor = connect(`${base}/visitor`, {
          transports: ['websocket'],
          autoConnect: false,
          reconnection: false,
          forceNew: true,
          extraHeaders: { origin: ORIGIN },
          auth: { siteKey: 'bench' },
        });
        await connected(visitor);
        const started = (await visitor.timeout(30_000).emitWithAck('conversation:start', {})) as { ok: boolean; conversation: { id: string } };
        if (!started.ok) throw new Error(`conversation:start failed: ${JSON.stringify(started)}`);
        const conversationId = started.conversation.id;
        const agent = connect(`${base}/agent`, {
          transports: ['websocket'],
          autoConnect: false,
          reconnection: false,
          forceNew: true,
          extraHeaders: cookie ? { cookie } : {},
          auth: { inbox: false },
        });
        await connected(agent);
        const joined = (await agent.timeout(30_000).emitWithAck('conversation:join', { conversationId, afterSeq: 0 })) as { ok: boolean };
        if (!joined.ok) throw new Error(`conversation:join failed: ${JSON.stringify(joined)}`);
        // A human chat: the agent takes the conversation, so the bot stays out of it.
        const taken = (await agent.timeout(30_000).emitWithAck('conversation:takeover', { conversationId })) as { ok: boolean };
        if (!taken.ok) throw new Error(`conversation:takeover failed: ${JSON.stringify(taken)}`);
        return { visitor, agent, conversationId };
      }),
    );
    pairs.push(...created);
  }
  return pairs;
}

// ---------------------------------------------------------------- one measured step

interface StepResult {
  offered: number;
  sentPerSecond: number;
  deliveredPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  /** Messages sent in the step that never reached the agent (after a 15 s drain). */
  lost: number;
  serverCpu: number;
  postgresCpu: number;
  loadCpu: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runStep(pairs: Pair[], rate: number, options: Options, cpu: CpuSampler): Promise<StepResult> {
  const latencies: number[] = [];
  let measuring = false;
  let windowStart = 0;
  let windowEnd = Infinity;
  let delivered = 0;
  let sent = 0;
  let errors = 0;
  let outstanding = 0;
  const listeners = pairs.map((pair) => {
    const onMessage = (message: { body: string }) => {
      const sentAt = Number(message.body.slice(0, message.body.indexOf('|')));
      const now = performance.now();
      outstanding--;
      // A message counts when it was sent in the window and arrived at most 1 s after it closed.
      if (measuring && sentAt >= windowStart && sentAt <= windowEnd && now <= windowEnd + 1000) {
        latencies.push(now - sentAt);
        delivered++;
      }
    };
    pair.agent.on('message:new', onMessage);
    return () => pair.agent.off('message:new', onMessage);
  });

  const begin = performance.now();
  const total = options.warmupSeconds + options.seconds;
  let issued = 0;
  let next = 0;
  const tag = randomBytes(3).toString('hex');
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = (now - begin) / 1000;
      if (!measuring && elapsed >= options.warmupSeconds) {
        measuring = true;
        windowStart = now;
        cpu.windowStart();
      }
      if (elapsed >= total) {
        windowEnd = now;
        cpu.windowEnd();
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor(rate * elapsed) - issued;
      for (let i = 0; i < due; i++) {
        const pair = pairs[next]!;
        next = (next + 1) % pairs.length;
        issued++;
        outstanding++;
        const sentAt = performance.now();
        if (measuring) sent++;
        pair.visitor.emit(
          'message:send',
          { conversationId: pair.conversationId, clientId: `${tag}-${issued}`, body: `${sentAt}|bench message ${issued}` },
          (ack: { ok: boolean }) => {
            if (!ack.ok) errors++;
          },
        );
      }
    }, 5);
  });
  const seconds = (windowEnd - windowStart) / 1000;
  // Let the tail drain before the next step; what never arrives is counted as lost.
  const drainStart = performance.now();
  while (outstanding > 0 && performance.now() - drainStart < 15_000) await new Promise((r) => setTimeout(r, 50));
  listeners.forEach((off) => off());
  const result = { sent, delivered, seconds };
  latencies.sort((a, b) => a - b);
  return {
    offered: rate,
    sentPerSecond: result.sent / seconds,
    deliveredPerSecond: result.delivered / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors,
    lost: outstanding,
    ...cpu.percentages(),
  };
}

/** CPU use of the server, of PostgreSQL and of this load generator over the measured window. */
class CpuSampler {
  private start = { server: 0, postgres: 0, load: 0, at: 0 };
  private end = { server: 0, postgres: 0, load: 0, at: 0 };

  constructor(private readonly serverPid: number) {}

  private read() {
    const usage = process.cpuUsage();
    return { server: cpuTicks(this.serverPid), postgres: postgresTicks(), load: (usage.user + usage.system) / 1e4, at: performance.now() };
  }

  windowStart(): void {
    this.start = this.read();
  }

  windowEnd(): void {
    this.end = this.read();
  }

  /** Percentages of one core. */
  percentages(): { serverCpu: number; postgresCpu: number; loadCpu: number } {
    const seconds = (this.end.at - this.start.at) / 1000;
    const pct = (ticks: number) => (ticks / TICKS_PER_SECOND / seconds) * 100;
    return {
      serverCpu: pct(this.end.server - this.start.server),
      postgresCpu: pct(this.end.postgres - this.start.postgres),
      loadCpu: pct(this.end.load - this.start.load),
    };
  }
}

// ---------------------------------------------------------------- targets

/**
 * How many of the conversation row's updates (one per message) PostgreSQL made in place (HOT),
 * touching no index: the inbox's indexes on updated_at are paid for by the others.
 */
async function reportInPlaceUpdates(url: string): Promise<void> {
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  try {
    const { rows } = await stats.query<{ upd: string; hot: string }>(`select n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables where relname = 'conversations'`);
    const [row] = rows;
    if (row && Number(row.upd)) console.log(`conversation updates made in place (HOT): ${Math.round((100 * Number(row.hot)) / Number(row.upd))} % of ${Number(row.upd).toLocaleString('en')}`);
  } finally {
    await stats.end();
  }
}

async function benchTarget(target: 'sportello' | 'relay', options: Options): Promise<StepResult[]> {
  const run = async (env: Record<string, string>) => {
    const { child, port } = await startChild(target === 'relay' ? './relay-server.ts' : './sportello-server.ts', env);
    const base = `http://127.0.0.1:${port}`;
    const results: StepResult[] = [];
    try {
      const cookie = target === 'sportello' ? await login(base) : null;
      const t0 = performance.now();
      const pairs = await openPairs(base, options.pairs, cookie);
      console.error(`[${target}] ${pairs.length} pairs connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for (const rate of options.rates) {
        const result = await runStep(pairs, rate, options, new CpuSampler(child.pid!));
        results.push(result);
        console.error(`[${target}] ${format(result)}`);
        // Stop ramping once the target falls behind the offered rate or latency runs away.
        if (result.deliveredPerSecond < rate * 0.97 || result.p99 > 250 || result.errors > 0 || result.lost > 0) break;
      }
      for (const pair of pairs) {
        pair.visitor.disconnect();
        pair.agent.disconnect();
      }
    } finally {
      await stopServer(child);
    }
    return results;
  };
  return target === 'relay' ? run({}) : withBenchDatabase(options.databaseUrl, (url) => run({ BENCH_DB_URL: url }).finally(() => reportInPlaceUpdates(url).catch(() => undefined)));
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function format(r: StepResult): string {
  return `offered ${r.offered}/s: sent ${fmt(r.sentPerSecond, 0)}/s, delivered ${fmt(r.deliveredPerSecond, 0)}/s, latency p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms, errors ${r.errors}, lost ${r.lost}, CPU server ${fmt(r.serverCpu, 0)}% postgres ${fmt(r.postgresCpu, 0)}% load ${fmt(r.loadCpu, 0)}%`;
}

/** The highest offered rate a target delivered in full with p99 under `p99Limit` ms. */
function sustained(results: StepResult[], p99Limit: number): StepResult | undefined {
  return results.filter((r) => r.deliveredPerSecond >= r.offered * 0.97 && r.p99 < p99Limit && r.errors === 0 && r.lost === 0).at(-1);
}

const options = parseOptions(process.argv.slice(2));
console.log(`# conversation throughput: ${options.pairs} pairs, steps of ${options.seconds} s (+${options.warmupSeconds} s warm-up), rates ${options.rates.join(', ')}/s`);
const all: Partial<Record<'sportello' | 'relay', StepResult[]>> = {};
for (const target of options.targets) all[target] = await benchTarget(target, options);

console.log('\n| target | offered/s | sent/s | delivered/s | p50 ms | p95 ms | p99 ms | max ms | errors | lost | server CPU | postgres CPU | load CPU |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const target of options.targets) {
  for (const r of all[target] ?? []) {
    console.log(
      `| ${target} | ${r.offered} | ${fmt(r.sentPerSecond, 0)} | ${fmt(r.deliveredPerSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.errors} | ${r.lost} | ${fmt(r.serverCpu, 0)}% | ${fmt(r.postgresCpu, 0)}% | ${fmt(r.loadCpu, 0)}% |`,
    );
  }
}
const best = (t: 'sportello' | 'relay', limit: number) => sustained(all[t] ?? [], limit);
if (all.sportello && all.relay) {
  const s = best('sportello', 50);
  const r = best('relay', 50);
  console.log(`\nHighest rate delivered in full with p99 < 50 ms: Sportello ${s?.offered ?? 'none'}/s, relay ${r?.offered ?? 'none'}/s` + (s && r ? ` (ratio ${(s.offered / r.offered).toFixed(2)})` : ''));
}
process.exit(0);
