// A year of a busy shop in PostgreSQL, and what the agent console's calls cost on it.
//
//   pnpm --filter @sportello/bench year                 # load (about 10 minutes at full scale), then measure
//   pnpm --filter @sportello/bench year -- --keep       # measure the year loaded by an earlier run
//   pnpm --filter @sportello/bench year -- --scale 0.05 --runs 5
//
// The data (src/year-data.ts) goes into its own database, BENCH_YEAR_DB (default
// postgres://postgres@127.0.0.1:5432/sportello_year), dropped and made again unless --keep finds it
// loaded. A real server process (src/sportello-server.ts) serves it; ten agents sign in through the
// API; every call is made over HTTP as the console makes it, first by one agent alone (--runs times),
// then by ten agents at once (each --runs times), and its p50, p95 and max are printed. A call that
// takes longer than --timeout seconds counts as such, and its query is cancelled in PostgreSQL.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDb } from '@sportello/db';
import { login, percentile, startServer, stopServer } from './bench-process';
import { RARE_WORD, YEAR_SITE_KEYS, dropIndexes, loadStatements, yearCounts } from './year-data';

const { values: args } = parseArgs({
  // pnpm passes its own `--` through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    scale: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    runs: { type: 'string', default: '10' },
    agents: { type: 'string', default: '10' },
    timeout: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
  strict: true,
});
const scale = Number(args.scale);
const runs = Number(args.runs);
const agentCount = Number(args.agents);
const timeoutMs = Number(args.timeout) * 1000;
const url = process.env.BENCH_YEAR_DB ?? 'postgres://postgres@127.0.0.1:5432/sportello_year';
const dbName = new URL(url).pathname.slice(1);
const adminUrl = Object.assign(new URL(url), { pathname: '/postgres' }).toString();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function loaded(): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query('select 1 from pg_database where datname = $1', [dbName]);
  await admin.end();
  if (!rows.length) return false;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query<{ n: string }>(`select count(*) as n from sites where key = any($1)`, [YEAR_SITE_KEYS]);
    return Number(found.rows[0]!.n) === YEAR_SITE_KEYS.length;
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

async function load(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.query(`create database "${dbName}"`);
  await admin.end();
  const handle = await createDb({ databaseUrl: url });
  await handle.close();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const client = await pool.connect();
  const began = performance.now();
  const counts = yearCounts(scale);
  console.log(`Loading a year into ${dbName}: ${counts.conversations.toLocaleString('en')} conversations, ${counts.visitors.toLocaleString('en')} shoppers (scale ${scale})`);
  const indexes = await dropIndexes(client);
  // Foreign keys are checked by the load's own joins; the triggers that check them row by row wait.
  await client.query(`set session_replication_role = replica`);
  await client.query(`set maintenance_work_mem = '1GB'`);
  for (const [label, statement] of loadStatements(scale)) {
    const at = performance.now();
    await client.query(statement);
    console.log(`  ${label.padEnd(28)} ${seconds(performance.now() - at)}`);
  }
  await client.query(`set session_replication_role = origin`);
  let at = performance.now();
  for (const definition of indexes) await client.query(definition);
  console.log(`  ${`${indexes.length} indexes built again`.padEnd(28)} ${seconds(performance.now() - at)}`);
  await client.query('drop table year_sites, year_agents, year_visitors, year_conversations');
  at = performance.now();
  await client.query('vacuum analyze');
  console.log(`  ${'vacuum analyze'.padEnd(28)} ${seconds(performance.now() - at)}`);
  const sizes = await client.query<{ table: string; rows: string; size: string }>(
    `select relname as table, reltuples::bigint as rows, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
      where relname in ('messages', 'conversations', 'conversation_events', 'visitors') order by relname`,
  );
  for (const row of sizes.rows) console.log(`  ${row.table.padEnd(20)} ${Number(row.rows).toLocaleString('en').padStart(10)} rows ${row.size.padStart(8)}`);
  console.log(`Loaded in ${seconds(performance.now() - began)}.\n`);
  client.release();
  await pool.end();
}

interface Call {
  label: string;
  path: string;
  admin?: boolean;
}


async function main(): Promise<void> {
  if (!args.keep || !(await loaded())) await load();
  else console.log(`Using the year already loaded in ${dbName}.\n`);
  const { child, url: base } = await startServer({ BENCH_DB_URL: url, BENCH_AGENTS: String(agentCount - 1) });
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    // The bench agents work on the year's sites; the first is an admin (the privacy export is theirs).
    const emails = ['bench@example.com', ...Array.from({ length: agentCount - 1 }, (_, i) => `bench-${i + 1}@example.com`)];
    await sql.query(`update agents set role = 'admin' where email = 'bench@example.com'`);
    await sql.query(
      `insert into site_agents (site_id, agent_id) select s.id, a.id from sites s cross join agents a where s.key = any($1) and a.email = any($2) on conflict do nothing`,
      [YEAR_SITE_KEYS, emails],
    );
    const cookies: string[] = [];
    for (const email of emails) cookies.push(await login(base, email));
    const site = (await sql.query<{ id: string }>(`select id from sites where key = 'year-a'`)).rows[0]!.id;
    const long = (await sql.query<{ id: string }>(`select id from conversations where site_id = $1 order by last_seq desc, created_at desc limit 1`, [site])).rows[0]!.id;
    const shopper = (await sql.query<{ email: string; name: string }>(`select email, name from visitors where site_id = $1 and email is not null order by created_at desc limit 1 offset 1000`, [site])).rows[0]!;
    const order = (await sql.query<{ n: string }>(`select (1000 + count(*) / 2)::text as n from conversations`)).rows[0]!.n;
    const day = 86_400_000;
    const range = (days: number) => `from=${new Date(Date.now() - days * day).toISOString()}&to=${new Date().toISOString()}`;
    const q = (text: string) => `/api/v1/conversations?q=${encodeURIComponent(text)}&limit=25`;
    const calls: Call[] = [
      { label: 'inbox: all, newest activity', path: '/api/v1/conversations?limit=50' },
      { label: 'inbox: one site', path: `/api/v1/conversations?siteId=${site}&limit=50` },
      { label: 'inbox: queued, oldest waiting', path: '/api/v1/conversations?status=queued&order=waiting&limit=50' },
      { label: 'inbox: open', path: '/api/v1/conversations?status=open&limit=50' },
      { label: 'inbox: mine', path: '/api/v1/conversations?status=open,pending&assignee=me&limit=50' },
      { label: 'inbox: resolved', path: '/api/v1/conversations?status=resolved&limit=50' },
      { label: 'list counts', path: '/api/v1/conversations/counts' },
      { label: 'search: common word "order"', path: q('order') },
      { label: 'search: common word "ordine"', path: q('ordine') },
      { label: 'search: rare word', path: q(RARE_WORD) },
      { label: 'search: order number', path: q(`#${order}`) },
      { label: 'search: e-mail', path: q(shopper.email) },
      { label: 'search: name prefix', path: q(shopper.name.split(' ')[0]!.slice(0, 4)) },
      { label: 'search: no match', path: q('xylophonequartz') },
      { label: 'a long conversation', path: `/api/v1/conversations/${long}` },
      { label: 'its sidebar', path: `/api/v1/conversations/${long}/context` },
      { label: 'its events', path: `/api/v1/conversations/${long}/events` },
      { label: 'report, 7 days', path: `/api/v1/reports?siteId=${site}&${range(7)}` },
      { label: 'report, 30 days', path: `/api/v1/reports?siteId=${site}&${range(30)}` },
      { label: 'report, 365 days', path: `/api/v1/reports?siteId=${site}&${range(365)}` },
      { label: 'privacy export (admin)', path: `/api/v1/privacy/export?siteId=${site}&email=${encodeURIComponent(shopper.email)}`, admin: true },
    ].filter((c) => !args.only || c.label.includes(args.only));

    /** Conversations on the first page of each list and search (a search that finds nothing is quick for the wrong reason). */
    const hits = new Map<string, number>();
    /** One timed call; a timeout cancels what it left running in PostgreSQL. */
    const timed = async (call: Call, cookie: string): Promise<number | 'timeout' | string> => {
      const at = performance.now();
      try {
        const response = await fetch(base + call.path, { headers: { cookie }, signal: AbortSignal.timeout(timeoutMs) });
        const body = await response.text();
        if (!hits.has(call.label) && response.ok) {
          const found = (JSON.parse(body) as { conversations?: unknown[] }).conversations;
          if (found) hits.set(call.label, found.length);
        }
        if (!response.ok && !(call.label.startsWith('privacy') && response.status === 404)) return `HTTP ${response.status}`;
        return performance.now() - at;
      } catch {
        await sql.query(`select pg_cancel_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state = 'active' and now() - query_start > interval '1 second'`, [dbName]);
        return 'timeout';
      }
    };
    const figures = (results: (number | string)[]) => {
      const times = results.filter((r): r is number => typeof r === 'number').sort((a, b) => a - b);
      const timeouts = results.filter((r) => r === 'timeout').length;
      const errors = [...new Set(results.filter((r): r is string => typeof r === 'string' && r !== 'timeout'))];
      const f = (ms: number) => (Number.isNaN(ms) ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
      const text = times.length ? `${f(percentile(times, 50))} / ${f(percentile(times, 95))} / ${f(times.at(-1)!)}` : '—';
      return text + (timeouts ? ` (${timeouts} over ${args.timeout} s)` : '') + (errors.length ? ` (${errors.join(', ')})` : '');
    };

    console.log(`${runs} runs per call; ten agents: ${agentCount} at once, ${runs} each. p50 / p95 / max.\n`);
    console.log(`| call | one agent | ${agentCount} agents at once | first page |`);
    console.log('|---|---|---|---|');
    for (const call of calls) {
      // A call that cannot finish once is not run again: it would only pile up in PostgreSQL.
      const first = await timed(call, cookies[0]!);
      const alone = [first];
      if (first !== 'timeout') for (let i = 1; i < runs; i++) alone.push(await timed(call, cookies[0]!));
      let together: (number | string)[] = [];
      if (first !== 'timeout') {
        // The privacy export is an admin's: the ten at once are ten of the admin's tabs.
        const who = call.admin ? cookies.map(() => cookies[0]!) : cookies;
        together = (await Promise.all(who.map(async (cookie) => {
          const mine: (number | string)[] = [];
          for (let i = 0; i < runs; i++) mine.push(await timed(call, cookie));
          return mine;
        }))).flat();
      }
      console.log(`| ${call.label} | ${figures(alone)} | ${first === 'timeout' ? 'not run' : figures(together)} | ${hits.get(call.label) ?? ''} |`);
    }
  } finally {
    await sql.end();
    await stopServer(child);
  }
}

await main();
