// Memory per idle widget connection: one Sportello server process on PostgreSQL holds N visitor
// connections (WebSocket, /visitor namespace) opened by several client processes; the server's RSS
// and heap (after a full GC) are read before and after. See bench/README.md.
//
//   pnpm --filter @sportello/bench idle [--connections 10000] [--clients 4] [--hold 60]
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kb, mb, option, readMemory, startServer, stopServer, withBenchDatabase, type MemoryReading } from './bench-process';

const argv = process.argv.slice(2);
const connections = Number(option(argv, 'connections', '10000'));
const clients = Number(option(argv, 'clients', '4'));
const holdSeconds = Number(option(argv, 'hold', '60'));
const warmup = Number(option(argv, 'warmup', '200'));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function worker(): ChildProcess {
  return fork(fileURLToPath(new URL('./idle-clients.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function ask<T>(child: ChildProcess, message: object, key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (answer: Record<string, unknown>) => {
      if (!(key in answer)) return;
      child.off('message', onMessage);
      resolve(answer as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const line = (label: string, m: MemoryReading) => `${label}: RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)} (total ${mb(m.heapTotal)}), external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}`;

await withBenchDatabase(databaseUrl, async (url) => {
  const server = await startServer({ BENCH_DB_URL: url });
  try {
    const atStart = await readMemory(server.child);
    console.log(line('server at start', atStart));
    // Warm-up: the code paths of a connection run (and are compiled) before the baseline.
    if (warmup > 0) {
      const w = worker();
      await ask(w, { start: { url: server.url, count: warmup, concurrency: 50 } }, 'opened');
      await ask(w, { close: true }, 'closed');
      await sleep(2000);
    }
    const baseline = await readMemory(server.child);
    console.log(line(`baseline (after ${warmup} connections opened and closed)`, baseline));

    const workers = Array.from({ length: clients }, () => worker());
    const started = Date.now();
    const per = Math.ceil(connections / clients);
    const opened = await Promise.all(
      workers.map((w, i) => ask<{ opened: number; failed: number }>(w, { start: { url: server.url, count: Math.min(per, connections - i * per), concurrency: 50 } }, 'opened')),
    );
    const total = opened.reduce((n, o) => n + o.opened, 0);
    const failed = opened.reduce((n, o) => n + o.failed, 0);
    console.log(`${total} connections open (${failed} failed) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await sleep(5000);
    const loaded = await readMemory(server.child);
    console.log(line(`with ${total} connections`, loaded));
    // Held through a few ping rounds (every 25 s), then read again.
    await sleep(holdSeconds * 1000);
    const held = await readMemory(server.child);
    const status = await Promise.all(workers.map((w) => ask<{ connected: number; dropped: number }>(w, { status: true }, 'connected')));
    const still = status.reduce((n, s) => n + s.connected, 0);
    const dropped = status.reduce((n, s) => n + s.dropped, 0);
    console.log(line(`after ${holdSeconds} s idle (${still} still connected, ${dropped} dropped)`, held));

    const per1 = (a: number, b: number) => kb((b - a) / total);
    console.log('\n| reading | RSS | heap used | external |');
    console.log('|---|---:|---:|---:|');
    for (const [label, m] of [
      ['at start', atStart],
      ['baseline', baseline],
      [`${total} connections`, loaded],
      [`after ${holdSeconds} s idle`, held],
    ] as const) {
      console.log(`| ${label} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${mb(m.external)} |`);
    }
    console.log(`\nPer connection (after ${holdSeconds} s idle − baseline) / ${total}: RSS ${per1(baseline.rss, held.rss)}, heap ${per1(baseline.heapUsed, held.heapUsed)}, external ${per1(baseline.external, held.external)}`);
    console.log(`Per connection (just connected − baseline): RSS ${per1(baseline.rss, loaded.rss)}, heap ${per1(baseline.heapUsed, loaded.heapUsed)}`);
    await Promise.all(workers.map((w) => ask(w, { close: true }, 'closed')));
  } finally {
    await stopServer(server.child);
  }
});
process.exit(0);
