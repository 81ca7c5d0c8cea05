import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { agents, cannedReplies, kbArticles, sites } from '@sportello/db';
import { TestServer, type TestAgent } from './test-server';

let server: TestServer;
let admin: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  const site = await server.createSite();
  admin = await server.createAgent([site.id], 'admin');
});
afterAll(() => server?.close());

// A small deterministic generator, so a failure can be replayed.
function generator(seed: number) {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const value = (depth: number): unknown => {
    const kind = pick(['string', 'number', 'bool', 'null', 'array', 'object', 'huge', 'uuid', 'email', 'proto'] as const);
    switch (kind) {
      case 'string':
        return pick(['', ' ', 'x', '<script>alert(1)</script>', '\u0000\u0001', 'é漢字🙂', "'; drop table messages; --", '../../etc/passwd']);
      case 'number':
        return pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, -0]);
      case 'bool':
        return next() > 0.5;
      case 'null':
        return null;
      case 'array':
        return depth > 3 ? [] : Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      case 'object':
        return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(['email', 'password', 'body', 'title', 'locale', 'siteId', 'status', 'agentId', 'settings', 'articles', 'x']), value(depth + 1)]));
      case 'huge':
        return 'x'.repeat(pick([5_000, 70_000]));
      case 'uuid':
        return pick(['00000000-0000-4000-8000-000000000000', 'not-a-uuid']);
      case 'email':
        return pick(['a@b.co', 'nobody', '@@']);
      case 'proto':
        return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    }
  };
  return { next, pick, value };
}

const PARAM_VALUES = ['00000000-0000-4000-8000-000000000000', 'nope', '..%2F..%2Fpackage.json', '%00', 'x'.repeat(300)];

describe('every route, given hostile input', () => {
  it('answers with a 4xx error body or a success, never a 5xx, and stores nothing', async () => {
    const before = await Promise.all([agents, sites, kbArticles, cannedReplies].map(async (t) => (await server.services.db.select({ n: count() }).from(t))[0]!.n));
    const routes = server.app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url === '/healthz');
    expect(routes.length).toBeGreaterThan(30);
    const g = generator(20261124);
    const failures: string[] = [];
    for (const route of routes) {
      for (let i = 0; i < 12; i++) {
        const url = route.url.replace(/:[a-z]+/gi, () => g.pick(PARAM_VALUES)) + (g.next() > 0.5 ? `?siteId=${g.pick(PARAM_VALUES)}&status=${g.pick(['open', 'x,y', ''])}&from=${g.pick(['2026-01-01', 'yesterday'])}&to=2026-02-01&limit=${g.pick(['5', '-1', '1e9'])}` : '');
        const asText = g.next() < 0.2;
        const response = await server.app.inject({
          method: route.method as 'GET',
          url,
          headers: { ...(g.next() < 0.8 ? { cookie: admin.cookie } : {}), 'content-type': asText ? g.pick(['application/json', 'text/plain', 'application/octet-stream']) : 'application/json' },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: asText ? g.pick(['{"a":', '\u0000\u00ff', '[]', 'null']) : JSON.stringify(g.value(0)) }),
        });
        if (response.statusCode >= 500) failures.push(`${route.method} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        else if (response.statusCode >= 400) {
          const body = response.json() as { error?: { code?: unknown; message?: unknown } };
          if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string') failures.push(`${route.method} ${url} → ${response.statusCode} without an error body`);
        }
      }
    }
    expect(failures).toEqual([]);
    const after = await Promise.all([agents, sites, kbArticles, cannedReplies].map(async (t) => (await server.services.db.select({ n: count() }).from(t))[0]!.n));
    expect(after).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The server still works.
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  }, 120_000);
});
