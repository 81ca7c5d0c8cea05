import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { S3FileStore } from '../src/services/file-store';
import { TestServer, ok, request } from './test-server';

/**
 * Files in S3-compatible storage, through AWS's SDK against a bucket mocked with msw as the S3 API
 * documents it (path-style, as MinIO is addressed): written, read, listed page by page and deleted
 * under the prefix; and a shopper's photo through a server configured with `S3_BUCKET`.
 */
const objects = new Map<string, { body: Buffer; type: string | null; at: Date }>();
const requests: string[] = [];
const ENDPOINT = 'http://s3.test';

const xml = (body: string, status = 200) => new HttpResponse(`<?xml version="1.0" encoding="UTF-8"?>${body}`, { status, headers: { 'content-type': 'application/xml' } });

const mock = setupServer(
  http.put(`${ENDPOINT}/shop-files/*`, async ({ request: r }) => {
    const key = decodeURIComponent(new URL(r.url).pathname.slice('/shop-files/'.length));
    requests.push(`PUT ${key}`);
    objects.set(key, { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type'), at: new Date() });
    return new HttpResponse(null, { status: 200, headers: { etag: '"1"' } });
  }),
  http.get(`${ENDPOINT}/shop-files`, ({ request: r }) => {
    const url = new URL(r.url);
    const prefix = url.searchParams.get('prefix') ?? '';
    const after = url.searchParams.get('continuation-token');
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort().filter((k) => !after || k > after);
    const page = keys.slice(0, 2);
    const truncated = keys.length > 2;
    requests.push(`LIST ${prefix}${after ? ' after' : ''}`);
    return xml(
      `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>shop-files</Name><Prefix>${prefix}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
        page.map((k) => `<Contents><Key>${k}</Key><LastModified>${objects.get(k)!.at.toISOString()}</LastModified><Size>${objects.get(k)!.body.length}</Size></Contents>`).join('') +
        (truncated ? `<NextContinuationToken>${page.at(-1)}</NextContinuationToken>` : '') +
        '</ListBucketResult>',
    );
  }),
  http.get(`${ENDPOINT}/shop-files/*`, ({ request: r }) => {
    const key = decodeURIComponent(new URL(r.url).pathname.slice('/shop-files/'.length));
    requests.push(`GET ${key}`);
    const found = objects.get(key);
    if (!found) return xml('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>', 404);
    return new HttpResponse(found.body, { status: 200, headers: { 'content-type': found.type ?? 'application/octet-stream', 'content-length': String(found.body.length) } });
  }),
  http.post(`${ENDPOINT}/shop-files`, async ({ request: r }) => {
    if (!new URL(r.url).searchParams.has('delete')) return new HttpResponse(null, { status: 400 });
    const body = await r.text();
    const keys = [...body.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
    for (const key of keys) objects.delete(key);
    requests.push(`DELETE ${keys.join(',')}`);
    return xml(`<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${keys.map((k) => `<Deleted><Key>${k}</Key></Deleted>`).join('')}</DeleteResult>`);
  }),
);

beforeAll(() => mock.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  requests.length = 0;
});
afterAll(() => mock.close());

const settings = { bucket: 'shop-files', region: 'eu-south-1', endpoint: ENDPOINT, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', forcePathStyle: true, prefix: 'sportello/' };
const SITE = '11111111-1111-4111-8111-111111111111';
const key = (n: number) => `${SITE}/00000000-0000-4000-8000-00000000000${n}`;

describe('the S3 file store', () => {
  it('writes, reads, lists every page and deletes under its prefix, and answers null for a missing file', async () => {
    const store = new S3FileStore(settings);
    objects.set('other-app/thing', { body: Buffer.from('not ours'), type: null, at: new Date() });
    for (const n of [1, 2, 3]) await store.put(key(n), Buffer.from(`file ${n}`), 'image/png');
    expect(objects.get(`sportello/${key(1)}`)).toMatchObject({ body: Buffer.from('file 1'), type: 'image/png' });
    expect((await store.get(key(2)))?.toString()).toBe('file 2');
    expect(await store.get(key(9))).toBeNull();
    const listed: string[] = [];
    for await (const file of store.list()) listed.push(file.key);
    expect(listed).toEqual([key(1), key(2), key(3)]);
    expect(requests.filter((r) => r.startsWith('LIST'))).toEqual(['LIST sportello/', 'LIST sportello/ after']);
    await store.delete([key(1), key(3)]);
    expect([...objects.keys()].sort()).toEqual(['other-app/thing', `sportello/${key(2)}`]);
    await expect(store.put('../../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/not a file key/);
  });

  it("keeps a shopper's photo when the server is configured with S3_BUCKET", async () => {
    const server = await TestServer.start({ S3_BUCKET: 'shop-files', S3_ENDPOINT: ENDPOINT, S3_REGION: 'eu-south-1', S3_ACCESS_KEY_ID: 'AKIDEXAMPLE', S3_SECRET_ACCESS_KEY: 'secret' });
    try {
      const site = await server.createSite({ botEnabled: false });
      const { socket, token } = await server.connectVisitor(site);
      const conversationId = await server.startConversation(socket);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } }).png().toBuffer())]), 'dark.png');
      const uploaded = await fetch(`${server.url}/api/v1/widget/files?site=${site.key}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: site.origin }, body: form });
      const { attachment } = (await uploaded.json()) as { attachment: { id: string } };
      expect(objects.has(`sportello/${site.id}/${attachment.id}`)).toBe(true);
      const ack = ok(await request(socket, 'message:send', { conversationId, clientId: 'p', body: '', attachments: [attachment.id] }));
      const served = await fetch(ack.message.payload!.attachments![0]!.url!.replace('http://sportello.test', server.url));
      expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
      expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(20);
    } finally {
      await server.close();
    }
  });
});
