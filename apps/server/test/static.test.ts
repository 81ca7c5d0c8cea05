import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './test-server';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
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

  it('never serves a file outside its folder', async () => {
    for (const url of ['/demo/..%2F..%2Fpackage.json', '/demo/%2e%2e%2fsecret', '/widget/..%2F..%2Fpackage.json', '/demo/.env']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect([url, response.statusCode]).toEqual([url, 404]);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });
});
