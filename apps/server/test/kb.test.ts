import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { createDb, createTestDb, kbArticles, sites } from '@sportello/db';
import type { KbArticle } from '@sportello/protocol';
import { readDemoArticles } from '../src/seed/demo-seed';
import { TestServer, type TestAgent, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
let agent: TestAgent;

beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite();
  agent = await server.createAgent([site.id]);
});
afterAll(() => server?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, cookie = agent.cookie) =>
  server.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('knowledge base API', () => {
  it('creates, lists, searches, edits, unpublishes and deletes articles, bumping the index version', async () => {
    const before = server.services.kb.version(site.id);
    const created = await api('POST', '/api/v1/kb', { locale: 'en', title: 'Gift wrapping', body: 'We wrap gifts for **free**.', tags: ['Gift', 'wrap'] });
    expect(created.statusCode).toBe(201);
    const article = created.json().article as KbArticle;
    expect(article).toMatchObject({ siteId: site.id, locale: 'en', title: 'Gift wrapping', tags: ['gift', 'wrap'], published: true });
    expect(server.services.kb.version(site.id)).toBe(before + 1);

    await api('POST', '/api/v1/kb', { locale: 'it', title: 'Confezione regalo', body: 'Incartiamo i regali gratis.' });
    expect((await api('GET', '/api/v1/kb?locale=it')).json().articles.map((a: KbArticle) => a.title)).toEqual(['Confezione regalo']);
    expect((await api('GET', '/api/v1/kb?q=wrap%20free')).json().articles.map((a: KbArticle) => a.id)).toEqual([article.id]);
    expect((await api('GET', '/api/v1/kb?q=100%25')).json().articles).toEqual([]);

    const edited = await api('PATCH', `/api/v1/kb/${article.id}`, { body: 'Gift wrapping costs €3.', published: false });
    expect(edited.json().article).toMatchObject({ body: 'Gift wrapping costs €3.', published: false, title: 'Gift wrapping' });
    expect((await api('GET', '/api/v1/kb?published=true&locale=en')).json().articles).toEqual([]);
    expect((await api('GET', `/api/v1/kb/${article.id}`)).json().article.published).toBe(false);

    expect((await api('DELETE', `/api/v1/kb/${article.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/kb/${article.id}`)).statusCode).toBe(404);
    expect(server.services.kb.version(site.id)).toBe(before + 4);
  });

  it('imports the JSON format, replacing articles of the same locale and title, and exports it back', async () => {
    const own = await server.createSite();
    const admin = await server.createAgent([own.id]);
    const articles = readDemoArticles();
    const first = await api('POST', '/api/v1/kb/import', { siteId: own.id, articles }, admin.cookie);
    expect(first.json()).toEqual({ created: 28, updated: 0 });
    const changed = articles.slice(0, 2).map((a) => ({ ...a, body: `${a.body}\n\nUpdated.` }));
    const again = await api('POST', '/api/v1/kb/import', changed, admin.cookie);
    expect(again.json()).toEqual({ created: 0, updated: 2 });
    const exported = (await api('GET', `/api/v1/kb/export?siteId=${own.id}`, undefined, admin.cookie)).json() as { title: string; body: string; locale: string }[];
    expect(exported).toHaveLength(28);
    expect(exported.find((a) => a.title === changed[0]!.title && a.locale === changed[0]!.locale)!.body).toMatch(/Updated\.$/);
    expect(new Set(exported.map((a) => a.locale))).toEqual(new Set(['en', 'it']));
  });

  it('refuses bad articles and other sites', async () => {
    const bad = await api('POST', '/api/v1/kb', { locale: 'xx', title: '', body: 'b' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const badImport = await api('POST', '/api/v1/kb/import', { articles: [{ title: 'no body', locale: 'en' }] });
    expect(badImport.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('articles.0.body') } });

    const other = await server.createSite();
    const stranger = await server.createAgent([other.id]);
    const mine = (await api('POST', '/api/v1/kb', { locale: 'en', title: 'Private', body: 'Only ours.' })).json().article as KbArticle;
    for (const [method, url, payload] of [
      ['GET', `/api/v1/kb/${mine.id}`, undefined],
      ['PATCH', `/api/v1/kb/${mine.id}`, { title: 'Hijacked' }],
      ['DELETE', `/api/v1/kb/${mine.id}`, undefined],
      ['GET', `/api/v1/kb?siteId=${site.id}`, undefined],
      ['POST', '/api/v1/kb', { siteId: site.id, locale: 'en', title: 'Spam', body: 'spam' }],
    ] as const) {
      expect((await api(method, url, payload, stranger.cookie)).statusCode).toBe(404);
    }
    expect((await api('GET', '/api/v1/kb', undefined, '')).statusCode).toBe(401);
    const [row] = await server.services.db.select().from(kbArticles).where(eq(kbArticles.id, mine.id));
    expect(row!.title).toBe('Private');
  });
});

describe('pnpm sportello kb', () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  const seedKb = fileURLToPath(new URL('../seed/kb', import.meta.url));
  const run = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, ...env } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  it('imports a folder of Markdown and a JSON file, exports, and leaves a PGlite directory alone while a server holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-cli-'));
    try {
      const testDb = await createTestDb();
      let env: Record<string, string>;
      if (testDb.url) {
        env = { DATABASE_URL: testDb.url };
        await testDb.db.insert(sites).values({ key: 'cli-shop', name: 'CLI shop', secret: 's' });
      } else {
        await testDb.close();
        env = { DATA_DIR: join(dir, 'data') };
        const local = await createDb({ dataDir: env.DATA_DIR });
        await local.db.insert(sites).values({ key: 'cli-shop', name: 'CLI shop', secret: 's' });
        await local.close();
      }
      try {
        // Options are read strictly: a flag where a value belongs, an unknown flag or two files are refused, and nothing is written.
        const out = join(dir, 'never.json');
        for (const bad of [
          ['kb', 'export', '--site', '--out', out],
          ['kb', 'export', '--sit', 'cli-shop'],
          ['kb', 'import', seedKb, seedKb, '--site', 'cli-shop'],
        ]) {
          const refused = await run(bad, env);
          expect([bad.join(' '), refused.code]).toEqual([bad.join(' '), 2]);
          expect(refused.out).toMatch(/Usage:/);
        }
        expect(existsSync(out)).toBe(false);
        expect(await run(['kb', 'export', `--site=cli-shop`, `--out=${out}`], env)).toMatchObject({ code: 0 });
        expect(existsSync(out)).toBe(true);
        expect(await run(['kb', 'import', seedKb, '--site', 'cli-shop'], env)).toMatchObject({ code: 0, out: expect.stringContaining('28 new') });
        const json = join(dir, 'extra.json');
        writeFileSync(json, JSON.stringify([{ title: 'Gift cards', body: 'Gift cards never expire.', locale: 'en', tags: ['gift card'] }]));
        expect(await run(['kb', 'import', json, '--site', 'cli-shop'], env)).toMatchObject({ code: 0, out: expect.stringContaining('1 new') });
        const exported = await run(['kb', 'export', '--site', 'cli-shop'], env);
        expect(JSON.parse(exported.out)).toHaveLength(29);
        expect(await run(['kb', 'import', seedKb, '--site', 'nope'], env)).toMatchObject({ code: 1, out: expect.stringContaining('No site') });
        expect((await run(['kb'], env)).code).toBe(2);
        const cases = join(dir, 'cases.jsonl');
        writeFileSync(
          cases,
          [
            { id: 'c1', lang: 'en', text: 'How long does standard delivery take?', expect: 'faq:shipping_time' },
            { id: 'c2', lang: 'it', text: 'Voglio parlare con un operatore', expect: 'handoff' },
            { id: 'c3', lang: 'en', text: 'what is the capital of France', expect: 'out_of_scope' },
          ]
            .map((c) => JSON.stringify(c))
            .join('\n'),
        );
        const evaluated = await run(['bot', 'eval', cases, '--site', 'cli-shop'], env);
        expect(evaluated.code).toBe(0);
        expect(evaluated.out).toContain('all 100.0%  (3/3)  confidently wrong 0.0% (0)');
        expect(evaluated.out).toMatch(/faq:shipping_time\s+100\.0%/);
        // Whole dialogs too, scored per turn and per dialog.
        const dialogs = join(dir, 'dialogs.jsonl');
        const dialog = {
          id: 'd1',
          lang: 'en',
          turns: [
            { shopper: 'how much is express delivery?', bot: { intent: 'faq:shipping_options', facts: ['9.90'] } },
            { shopper: 'and do you take paypal?', bot: { intent: 'faq:payment', facts: ['PayPal'] } },
          ],
        };
        writeFileSync(dialogs, JSON.stringify(dialog));
        const played = await run(['bot', 'eval', dialogs, '--site', 'cli-shop'], env);
        expect(played.code).toBe(0);
        expect(played.out).toContain('dialogs (1)');
        expect(played.out).toMatch(/en  dialogs +100\.0% \(1\/1\) +turns +100\.0% \(2\/2\)/);
        expect(await run(['privacy', 'export', '--site', 'cli-shop', '--email', 'nobody@example.com'], env)).toMatchObject({ code: 1, out: expect.stringContaining('"shoppers": []') });
        expect(await run(['privacy', 'erase', '--site', 'cli-shop'], env)).toMatchObject({ code: 2, out: expect.stringContaining('--email') });
        if (env.DATA_DIR) {
          // This test process stands in for a running server holding the directory.
          writeFileSync(join(env.DATA_DIR, 'sportello.pid'), String(process.pid));
          expect(await run(['kb', 'export', '--site', 'cli-shop'], env)).toMatchObject({ code: 1, out: expect.stringContaining('holds') });
        }
      } finally {
        if (testDb.url) await testDb.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
