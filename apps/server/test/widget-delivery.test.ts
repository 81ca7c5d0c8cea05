import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './test-server';

/**
 * The widget as a storefront's browser gets it from the server: the bytes on the wire for each
 * encoding a browser may accept, the caching headers and the 304s. The byte budgets are measured
 * here, on what is sent, not on the files (the README's sizes are these figures).
 */
const LOADER_BUDGET = 3072;
const CHAT_BUDGET = 25_600;

const widgetDir = fileURLToPath(new URL('../../../packages/widget', import.meta.url));
const consoleDir = fileURLToPath(new URL('../../console', import.meta.url));
// Built aside, so that other tests reading packages/widget/dist meanwhile are not disturbed.
const dist = mkdtempSync(join(tmpdir(), 'sportello-served-widget-'));
const consoleDist = mkdtempSync(join(tmpdir(), 'sportello-served-console-'));
let server: TestServer;

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the socket (still compressed). */
  wire: Buffer;
  /** The body decoded as a browser decodes it. */
  text: string;
}

/** A GET over a real connection, the body kept as sent. */
function get(path: string, headers: Record<string, string> = {}): Promise<Sent> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(parts);
        const encoding = res.headers['content-encoding'];
        const body = !wire.length ? wire : encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The chunk a module imports statically, and theirs (what must arrive before the chat runs). */
async function closure(file: string, encoding: string, seen = new Map<string, number>()): Promise<Map<string, number>> {
  if (seen.has(file)) return seen;
  const sent = await get(`/widget/${file}`, { 'accept-encoding': encoding });
  expect(sent.status, file).toBe(200);
  seen.set(file, sent.wire.length);
  for (const m of sent.text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']\.\/([^"']+)["']/g)) await closure(m[1]!, encoding, seen);
  return seen;
}

beforeAll(async () => {
  execFileSync('pnpm', ['run', 'build'], { cwd: widgetDir, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production', WIDGET_OUT_DIR: dist } });
  execFileSync('pnpm', ['run', 'build'], { cwd: consoleDir, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production', CONSOLE_OUT_DIR: consoleDist } });
  server = await TestServer.start({ WIDGET_DIST_DIR: dist, CONSOLE_DIST_DIR: consoleDist });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(consoleDist, { recursive: true, force: true });
});

describe('the widget as the server sends it', () => {
  it(`sends the loader compressed, brotli or gzip as the browser accepts, within ${LOADER_BUDGET} bytes either way`, async () => {
    const plain = await get('/widget.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const chrome = await get('/widget.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gzipOnly = await get('/widget.js', { 'accept-encoding': 'gzip, deflate' });
    expect(chrome.headers['content-encoding']).toBe('br');
    expect(gzipOnly.headers['content-encoding']).toBe('gzip');
    for (const sent of [chrome, gzipOnly]) {
      expect(sent.text).toBe(plain.text);
      expect(sent.wire.length).toBeLessThanOrEqual(LOADER_BUDGET);
      expect(sent.headers).toMatchObject({
        'content-type': expect.stringMatching(/^(text|application)\/javascript/),
        'cache-control': 'public, max-age=300',
        'access-control-allow-origin': '*',
        vary: expect.stringMatching(/accept-encoding/i),
        etag: expect.any(String),
      });
    }
    // Two representations, two validators: a cache never answers one with the other.
    expect(chrome.headers.etag).not.toBe(gzipOnly.headers.etag);
    expect(plain.wire.length).toBeGreaterThan(chrome.wire.length * 1.8);
  });

  it('answers 304 with no body when the browser holds the current loader, and 200 when it does not', async () => {
    const first = await get('/widget.js', { 'accept-encoding': 'br' });
    const again = await get('/widget.js', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.wire.length).toBe(0);
    const stale = await get('/widget.js', { 'accept-encoding': 'br', 'if-none-match': 'W/"0-0"' });
    expect(stale.status).toBe(200);
    const byDate = await get('/widget.js', { 'accept-encoding': 'br', 'if-modified-since': String(first.headers['last-modified']) });
    expect(byDate.status).toBe(304);
  });

  it(`sends the chunks needed to chat in English within ${CHAT_BUDGET} bytes, cached for good`, async () => {
    const loader = await get('/widget.js', { 'accept-encoding': 'br' });
    const panel = /widget\/(panel-[\w-]+\.js)/.exec(loader.text)![1]!;
    for (const encoding of ['br', 'gzip']) {
      const chunks = await closure(panel, encoding);
      const total = [...chunks.values()].reduce((a, b) => a + b, 0);
      expect(total, `${encoding}: ${[...chunks.keys()].join(', ')}`).toBeLessThanOrEqual(CHAT_BUDGET);
    }
    const chunk = await get(`/widget/${panel}`, { 'accept-encoding': 'br' });
    expect(chunk.headers).toMatchObject({ 'cache-control': 'public, max-age=31536000, immutable', 'access-control-allow-origin': '*', 'content-encoding': 'br' });
  });

  it('serves the compressed copies only in place of their file, and nothing but the build', async () => {
    const loader = await get('/widget.js');
    const panel = /widget\/(panel-[\w-]+\.js)/.exec(loader.text)![1]!;
    for (const path of [`/widget/${panel}.br`, `/widget/${panel}.gz`, '/widget/.vite', '/widget/..%2Fwidget.js', '/widget/%2e%2e%2fpackage.json']) {
      const sent = await get(path);
      expect([path, sent.status]).toEqual([path, 404]);
      expect(JSON.parse(sent.text)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('sends the console from its brotli copies too, and the demo store compressed on the fly', async () => {
    const page = await get('/console/', { 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    const script = /src="\/console\/assets\/([\w.-]+\.js)"/.exec(page.text)![1]!;
    const asset = await get(`/console/assets/${script}`, { 'accept-encoding': 'br, gzip' });
    const plain = await get(`/console/assets/${script}`);
    expect(asset.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': 'public, max-age=31536000, immutable', vary: expect.stringMatching(/accept-encoding/i) });
    expect(asset.headers['content-security-policy']).toContain("script-src 'self'");
    expect(asset.text).toBe(plain.text);
    expect(asset.wire.length).toBeLessThan(plain.wire.length / 2.5);
    const demo = await get('/demo/', { 'accept-encoding': 'gzip' });
    const demoPlain = await get('/demo/');
    expect(demo.headers['content-encoding']).toBe('gzip');
    expect(demo.text).toBe(demoPlain.text);
    expect(demo.text).toContain('widget.js');
  });
});
