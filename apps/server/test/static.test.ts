import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestServer } from './test-server';

let server: TestServer;
// A stand-in for the built console (the browser tests load the real build).
const consoleDir = mkdtempSync(join(tmpdir(), 'console-'));
mkdirSync(join(consoleDir, 'assets'));
writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><script type="module" src="/console/assets/app-1.js"></script>');
writeFileSync(join(consoleDir, 'assets', 'app-1.js'), 'console.log(1)');
beforeAll(async () => {
  server = await TestServer.start({ CONSOLE_DIST_DIR: consoleDir });
});
afterAll(() => server?.close());

describe('static files', () => {
  it('serves the demo store with the snippet pasted in', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/demo/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<script async src="/widget.js" data-site="demo"></script>');
    expect((await server.app.inject({ method: 'GET', url: '/demo/hostile.html' })).body).toContain('!important');
    expect((await server.app.inject({ method: 'GET', url: '/' })).headers.location).toBe('/demo/');
  });

  it('serves the console with a strict Content-Security-Policy and the security headers', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/console' })).headers.location).toBe('/console/');
    for (const url of ['/console/', '/console/assets/app-1.js']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(response.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'strict-origin-when-cross-origin' });
    }
    expect((await server.app.inject({ method: 'GET', url: '/console/' })).headers['cache-control']).toBe('no-cache');
    expect((await server.app.inject({ method: 'GET', url: '/console/assets/app-1.js' })).headers['cache-control']).toContain('immutable');
  });

  it('never serves a file outside its folder', async () => {
    for (const url of ['/console/..%2F..%2Fpackage.json', '/console/assets/..%2F..%2F..%2Fpackage.json','/demo/..%2F..%2Fpackage.json', '/demo/%2e%2e%2fsecret', '/widget/..%2F..%2Fpackage.json', '/demo/.env']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect([url, response.statusCode]).toEqual([url, 404]);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });
});
