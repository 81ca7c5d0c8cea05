import { readdir } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { attachments, conversations, returns, sites } from '@sportello/db';
import { seedDemo } from '../src/seed/demo-seed';
import type { Attachment, Message } from '@sportello/protocol';
import { TestServer, ok, request, type TestSite, type VisitorSocket } from './test-server';

/**
 * Photos and files, as shoppers and agents send them over the real routes and sockets: checked
 * from their bytes, photos re-encoded without metadata, read back only through signed links,
 * attached to returns, exported and erased with the shopper.
 */
let server: TestServer;
let site: TestSite;
beforeAll(async () => {
  // Many shoppers from one address in a minute.
  server = await TestServer.start({ NEW_VISITORS_PER_MINUTE: '1000' });
  site = await server.createSite({ botEnabled: false });
});
afterAll(() => server?.close());

// ---------------------------------------------------------------- files as shoppers make them

/** A phone photo: JPEG with the camera's EXIF and where it was taken. */
async function phonePhoto(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#b04030' } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 15', Software: 'Camera 1.0' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 27/1 5000/100', GPSLongitudeRef: 'E', GPSLongitude: '9/1 11/1 2000/100' },
    })
    .toBuffer();
}

const png = (width = 32, height = 32) => sharp({ create: { width, height, channels: 4, background: '#3060c0' } }).png().toBuffer();

/** A PNG whose header claims `width` × `height` pixels around a few bytes of data: a decompression bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  // One row of zeros, deflated: the rest would inflate to gigabytes.
  const rows = deflateSync(Buffer.alloc(Math.min(width * 3 + 1, 1 << 20)), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A JPEG with an HTML page in a comment segment: a picture and a page at once. */
async function jpegWithHtml(): Promise<Buffer> {
  const jpeg = await png().then((p) => sharp(p).jpeg().toBuffer());
  const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(html.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, html, jpeg.subarray(2)]);
}

/** A picture with a ZIP archive after it ("GIFAR"): opened as an archive by some readers. */
async function jpegWithZip(): Promise<Buffer> {
  const jpeg = await sharp(await png()).jpeg().toBuffer();
  const zipEnd = Buffer.alloc(22);
  zipEnd.writeUInt32LE(0x06054b50, 0);
  return Buffer.concat([jpeg, Buffer.from('PK\x03\x04payload', 'latin1'), zipEnd]);
}

const pdf = (extra = '') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R ${extra}>> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');

/** A PDF with one Flate-compressed object stream holding `packed`. */
const pdfWithStream = (packed: Buffer) =>
  Buffer.concat([
    Buffer.from(`%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n3 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'),
    packed,
    Buffer.from('\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);

// ---------------------------------------------------------------- helpers

async function upload(token: string, bytes: Buffer, name: string, options: { site?: TestSite; origin?: string } = {}): Promise<{ status: number; body: { attachment?: Attachment; error?: { code: string; message: string } } }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const target = options.site ?? site;
  const response = await fetch(`${server.url}/api/v1/widget/files?site=${target.key}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, origin: options.origin ?? target.origin },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

async function agentUpload(cookie: string, conversationId: string, bytes: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${server.url}/api/v1/conversations/${conversationId}/files`, { method: 'POST', headers: { cookie }, body: form });
  return { status: response.status, body: (await response.json()) as { attachment?: Attachment; error?: { code: string } } };
}

/** Fetches a signed link from the running server (links name the public URL). */
const open = (url: string) => fetch(url.replace('http://sportello.test', server.url));

async function stored(): Promise<{ rows: number; files: number }> {
  const [row] = await server.services.db.select({ n: count() }).from(attachments);
  const dir = server.services.config.filesDir;
  let files = 0;
  for (const sub of await readdir(dir).catch(() => [] as string[])) files += sub.startsWith('.') ? 1 : (await readdir(`${dir}/${sub}`)).length;
  return { rows: row!.n, files };
}

async function shopper(target = site): Promise<{ socket: VisitorSocket; token: string; visitorId: string; conversationId: string }> {
  const visitor = await server.connectVisitor(target);
  return { ...visitor, conversationId: await server.startConversation(visitor.socket) };
}

// ---------------------------------------------------------------- tests

describe('a photo from a shopper', () => {
  it('reaches the agent as a re-encoded picture without EXIF or GPS, through a short-lived signed link', async () => {
    const agent = await server.createAgent([site.id]);
    const console_ = await server.connectAgent(agent);
    const { socket, token, conversationId } = await shopper();
    const received: Message[] = [];
    console_.on('message:new', (m) => received.push(m));
    ok(await request(console_, 'conversation:join', { conversationId }));

    const original = await phonePhoto(4000, 3000);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const up = await upload(token, original, 'IMG_2041.JPG');
    expect(up.status).toBe(201);
    const file = up.body.attachment!;
    expect(file).toMatchObject({ name: 'IMG_2041.JPG', type: 'image/jpeg', width: 2560, height: 1920 });
    expect(file.size).toBeLessThan(original.length);

    // Sent with no words: a message of the photo alone.
    const ack = ok(await request(socket, 'message:send', { conversationId, clientId: 'photo-1', body: '', attachments: [file.id] }));
    expect(ack.message.payload?.attachments).toEqual([expect.objectContaining({ id: file.id, name: 'IMG_2041.JPG', url: expect.stringMatching(/^http:\/\/sportello\.test\/api\/v1\/files\//) })]);
    await expect.poll(() => received.length).toBe(1);
    const seen = received[0]!.payload!.attachments![0]!;
    const served = await open(seen.url!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('content-disposition')).toBe(`inline; filename="IMG_2041.JPG"; filename*=UTF-8''IMG_2041.JPG`);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(served.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    const bytes = Buffer.from(await served.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2560, height: 1920 });
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);

    // The inbox lists it by its name; history replays carry fresh links.
    const [row] = await server.services.db.select({ preview: conversations.preview }).from(conversations).where(eq(conversations.id, conversationId));
    expect(row!.preview).toBe('📎 IMG_2041.JPG');
    const history = ok(await request(socket, 'conversation:history', { conversationId, afterSeq: 0 }));
    expect(history.messages.at(-1)!.payload!.attachments![0]!.url).toMatch(/[?&]s=/);
  });

  it('is turned upright and keeps its words beside it', async () => {
    const { socket, token, conversationId } = await shopper();
    // Stored sideways with EXIF orientation 6 (turn 90°), as phones do.
    const sideways = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#777' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const file = (await upload(token, sideways, 'parcel.jpeg')).body.attachment!;
    expect(file).toMatchObject({ width: 200, height: 300, name: 'parcel.jpeg' });
    const ack = ok(await request(socket, 'message:send', { conversationId, clientId: 'p-2', body: 'It arrived like this', attachments: [file.id] }));
    expect(ack.message.body).toBe('It arrived like this');
  });

  it('takes PNG, WebP and GIF (a GIF as a PNG of its first frame), and names a file without an extension', async () => {
    const { token } = await shopper();
    expect((await upload(token, await png(), 'screen.png')).body.attachment).toMatchObject({ type: 'image/png', name: 'screen.png' });
    const webp = await sharp(await png()).webp().toBuffer();
    expect((await upload(token, webp, 'photo')).body.attachment).toMatchObject({ type: 'image/webp', name: 'photo.webp' });
    const gif = await sharp(await png()).gif().toBuffer();
    expect((await upload(token, gif, 'anim.gif')).body.attachment).toMatchObject({ type: 'image/png', name: 'anim.png' });
  });
});

describe('hostile files', () => {
  it('each get a clear error, and nothing is stored', async () => {
    const limited = await server.createSite({ botEnabled: false, fileMaxMb: 1 });
    const { token } = await server.connectVisitor(site);
    const { token: limitedToken } = await server.connectVisitor(limited);
    const before = await stored();
    const cases: [string, Buffer, string, string, RegExp][] = [
      ['SVG with a script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'cat.svg', 'FILE_TYPE_NOT_ALLOWED', /markup/],
      ['SVG named as a photo', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'cat.jpg', 'FILE_TYPE_NOT_ALLOWED', /markup/],
      ['an HTML page named .png', Buffer.from('<!doctype html><html><script>fetch("/api")</script></html>'), 'receipt.png', 'FILE_TYPE_NOT_ALLOWED', /markup/],
      ['a JPEG that is also an HTML page', await jpegWithHtml(), 'photo.jpg', 'FILE_REJECTED', /more than a picture/],
      ['a JPEG with an archive after it', await jpegWithZip(), 'photo.jpg', 'FILE_REJECTED', /archive/],
      ['a PNG claiming 60,000 × 60,000 pixels', pngClaiming(60_000, 60_000), 'big.png', 'FILE_REJECTED', /60000 × 60000 pixels/],
      ['a PNG named .pdf', await png(), 'invoice.pdf', 'FILE_REJECTED', /named as a \.pdf file, but it is a PNG/],
      ['a PDF named .jpg', pdf(), 'scan.jpg', 'FILE_REJECTED', /named as a \.jpg file, but it is a PDF/],
      ['a PDF that runs JavaScript', pdf('/OpenAction << /S /JavaScript /JS (app.alert(1)) >> '), 'label.pdf', 'FILE_REJECTED', /scripts/],
      ['a PDF whose script hides behind #-escapes', pdf('/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> '), 'escaped.pdf', 'FILE_REJECTED', /scripts/],
      ['a PDF whose script is in a compressed object stream', pdfWithStream(deflateSync(Buffer.from('<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>'))), 'packed.pdf', 'FILE_REJECTED', /scripts/],
      ['a PDF that unpacks to gigabytes', pdfWithStream(deflateSync(Buffer.alloc(110 * 1024 * 1024))), 'bomb.pdf', 'FILE_REJECTED', /unpacks to more than 100 MB/],
      ['a truncated photo', (await phonePhoto()).subarray(0, 2000), 'cut.jpg', 'FILE_REJECTED', /damaged|could not be read/],
      ['a program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]), 'setup.exe', 'FILE_TYPE_NOT_ALLOWED', /EXE/],
      ['an archive', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100)]), 'photos.zip', 'FILE_TYPE_NOT_ALLOWED', /./],
      ['an empty file', Buffer.alloc(0), 'empty.jpg', 'FILE_REJECTED', /empty/],
    ];
    for (const [i, [what, bytes, name, code, message]] of cases.entries()) {
      // A shopper may upload ten files in ten seconds, refused ones included: a new one every few.
      const refused = await upload(i % 8 === 0 ? token : (await server.connectVisitor(site)).token, bytes, name);
      expect([what, refused.status, refused.body.error?.code], refused.body.error?.message).toEqual([what, expect.any(Number), code]);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.body.error!.message).toMatch(message);
    }
    // Oversized for the site's 1 MB: refused while it streams in.
    const big = Buffer.concat([await phonePhoto(), Buffer.alloc(1_200_000, 7)]);
    const tooBig = await upload(limitedToken, big, 'huge.jpg', { site: limited });
    expect([tooBig.status, tooBig.body.error?.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(tooBig.body.error!.message).toContain('1 MB');
    expect(await stored()).toEqual(before);
  });

  it('leave an ordinary compressed PDF alone, and a document under an odd name is named .pdf', async () => {
    const { token } = await server.connectVisitor(site);
    const ordinary = pdfWithStream(deflateSync(Buffer.from('BT /F1 12 Tf 72 712 Td (Order 1010: invoice) Tj ET')));
    expect((await upload(token, ordinary, 'invoice.pdf')).body.attachment).toMatchObject({ name: 'invoice.pdf', type: 'application/pdf' });
    expect((await upload(token, pdf(), 'invoice.scr')).body.attachment).toMatchObject({ name: 'invoice.pdf' });
  });

  it('are refused past twenty uploaded and not sent by one shopper', async () => {
    const { token, visitorId } = await server.connectVisitor(site);
    await server.services.db.insert(attachments).values(
      Array.from({ length: 20 }, (_, i) => ({ id: crypto.randomUUID(), siteId: site.id, visitorId, name: `${i}.png`, type: 'image/png', size: 1, sha256: 'x', storageKey: `${site.id}/${crypto.randomUUID()}` })),
    );
    const before = await stored();
    const refused = await upload(token, await png(), 'one-more.png');
    expect([refused.status, refused.body.error?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(refused.body.error!.message).toContain('20 files uploaded and not sent');
    expect(await stored()).toEqual(before);
  });

  it('are refused to a wrong origin, a missing token, and over the upload rate', async () => {
    const { token } = await server.connectVisitor(site);
    const photo = await png();
    const wrongOrigin = await upload(token, photo, 'a.png', { origin: 'https://evil.example' });
    expect([wrongOrigin.status, wrongOrigin.body.error?.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    const noToken = await upload('x'.repeat(40), photo, 'a.png');
    expect([noToken.status, noToken.body.error?.code]).toEqual([401, 'UNAUTHENTICATED']);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await upload(token, photo, `n${i}.png`)).status);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.slice(10)).toEqual([429, 429]);
  });

  it('follow what the site accepts: photos only, or nothing', async () => {
    const photosOnly = await server.createSite({ botEnabled: false, fileTypes: ['image'] });
    const none = await server.createSite({ botEnabled: false, fileTypes: [] });
    const { token } = await server.connectVisitor(photosOnly);
    const refused = await upload(token, pdf(), 'label.pdf', { site: photosOnly });
    expect(refused.body.error).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', message: expect.stringContaining('does not take PDF documents') });
    expect((await upload(token, await png(), 'ok.png', { site: photosOnly })).status).toBe(201);
    const { token: noneToken } = await server.connectVisitor(none);
    expect((await upload(noneToken, await png(), 'ok.png', { site: none })).body.error?.code).toBe('FILE_TYPE_NOT_ALLOWED');
    // The widget is told, so it shows what fits (and no attach button where nothing does).
    const config = await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${none.key}` });
    expect(config.json().files).toEqual({ maxMb: 10, types: [] });
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/widget/config?site=${photosOnly.key}` })).json().files).toEqual({ maxMb: 10, types: ['image'] });
  });
});

describe('broken uploads', () => {
  it('get a clear 400, never a server error', async () => {
    const { token } = await server.connectVisitor(site);
    const url = `${server.url}/api/v1/widget/files?site=${site.key}`;
    const send = async (body: BodyInit, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: site.origin, ...headers }, body });
      return [response.status, ((await response.json()) as { error: { code: string; message: string } }).error];
    };
    const withField = new FormData();
    withField.append('note', 'hello');
    withField.append('file', new Blob([new Uint8Array(await png())]), 'a.png');
    expect(await send(withField)).toEqual([400, { code: 'VALIDATION_FAILED', message: expect.stringContaining('one file per request') }]);
    expect(await send(new FormData())).toEqual([400, { code: 'VALIDATION_FAILED', message: 'No file in the request.' }]);
    expect(await send('{"file":"x"}', { 'content-type': 'application/json' })).toEqual([400, { code: 'VALIDATION_FAILED', message: expect.stringContaining('multipart/form-data') }]);
    const cut = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc';
    expect(await send(cut, { 'content-type': 'multipart/form-data; boundary=x' })).toEqual([400, { code: 'VALIDATION_FAILED', message: expect.stringContaining('not a complete') }]);
    expect(await send('garbage', { 'content-type': 'multipart/form-data' })).toEqual([400, expect.objectContaining({ code: 'VALIDATION_FAILED' })]);
  });
});

describe('signed links', () => {
  it('open only as signed, not after they expire, and not for another file', async () => {
    const { socket, token, conversationId } = await shopper();
    const a = (await upload(token, await png(), 'a.png')).body.attachment!;
    const b = (await upload(token, await png(), 'b.png')).body.attachment!;
    ok(await request(socket, 'message:send', { conversationId, clientId: 'ab', body: '', attachments: [a.id, b.id] }));
    const links = server.services.files.links;
    expect((await open(links.url(a.id))).status).toBe(200);
    const signature = new URL(links.url(a.id)).searchParams.get('s')!;
    const forged = await open(links.url(b.id).replace(/s=[^&]+/, `s=${signature}`));
    expect([forged.status, (await forged.json()).error.code]).toEqual([403, 'FORBIDDEN']);
    const expired = await open(links.url(a.id, Date.now() - 2 * 3600_000));
    expect(expired.status).toBe(403);
    expect((await expired.json()).error.message).toMatch(/expired/);
    const tampered = await open(links.url(a.id).replace(/e=(\d+)/, (_m, e) => `e=${Number(e) + 86_400}`));
    expect(tampered.status).toBe(403);
    const unsigned = await open(`http://sportello.test/api/v1/files/${a.id}`);
    expect(unsigned.status).toBe(400);
  });
});

describe('sending uploaded files', () => {
  it('is for the uploader only, once per message, stored once on a retry, and one message wins a race', async () => {
    const mine = await shopper();
    const other = await shopper();
    const file = (await upload(mine.token, await png(), 'mine.png')).body.attachment!;
    const stolen = await request(other.socket, 'message:send', { conversationId: other.conversationId, clientId: 's-1', body: 'look', attachments: [file.id] });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'FILE_GONE' } });

    const first = ok(await request(mine.socket, 'message:send', { conversationId: mine.conversationId, clientId: 'm-1', body: '', attachments: [file.id] }));
    const retried = ok(await request(mine.socket, 'message:send', { conversationId: mine.conversationId, clientId: 'm-1', body: '', attachments: [file.id] }));
    expect(retried.id).toBe(first.id);
    const again = await request(mine.socket, 'message:send', { conversationId: mine.conversationId, clientId: 'm-2', body: 'again', attachments: [file.id] });
    expect(again).toMatchObject({ ok: false, error: { code: 'FILE_GONE' } });

    // Refused because the conversation was closed meanwhile: the same message goes into a new one, file and all.
    const late = (await upload(mine.token, await png(), 'late.png')).body.attachment!;
    await server.services.db.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, mine.conversationId));
    const closed = await request(mine.socket, 'message:send', { conversationId: mine.conversationId, clientId: 'late-1', body: '', attachments: [late.id] });
    expect(closed).toMatchObject({ ok: false, error: { code: 'CONVERSATION_CLOSED' } });
    const fresh = await server.startConversation(mine.socket);
    const resent = ok(await request(mine.socket, 'message:send', { conversationId: fresh, clientId: 'late-1', body: '', attachments: [late.id] }));
    expect(resent.message.payload!.attachments![0]!.id).toBe(late.id);
    await server.services.db.update(conversations).set({ status: 'open' }).where(eq(conversations.id, mine.conversationId));

    const raced = (await upload(mine.token, await png(), 'raced.png')).body.attachment!;
    const results = await Promise.all(
      ['r-1', 'r-2', 'r-3'].map((clientId) => request(mine.socket, 'message:send', { conversationId: mine.conversationId, clientId, body: '', attachments: [raced.id] })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'FILE_GONE')).toHaveLength(2);
  });
});

describe('a file from an agent', () => {
  it('reaches the shopper as a download, and only agents of the site may upload one', async () => {
    const agent = await server.createAgent([site.id]);
    const outsider = await server.createAgent([]);
    const console_ = await server.connectAgent(agent);
    const { socket, conversationId } = await shopper();
    const received: Message[] = [];
    socket.on('message:new', (m) => received.push(m));
    expect((await agentUpload(outsider.cookie, conversationId, pdf(), 'label.pdf')).status).toBe(404);
    const up = await agentUpload(agent.cookie, conversationId, pdf(), 'Return label ✓.pdf');
    expect(up.status).toBe(201);
    ok(await request(console_, 'message:send', { conversationId, clientId: 'label-1', body: 'Here is your label.', attachments: [up.body.attachment!.id] }));
    await expect.poll(() => received.length).toBe(1);
    const file = received[0]!.payload!.attachments![0]!;
    expect(file).toMatchObject({ name: 'Return label ✓.pdf', type: 'application/pdf' });
    const served = await open(file.url!);
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename="Return label _.pdf"; filename*=UTF-8''Return%20label%20%E2%9C%93.pdf`);
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf())).toBe(true);

    // Through the REST API too, a photo alone.
    const photo = (await agentUpload(agent.cookie, conversationId, await png(), 'proof.png')).body.attachment!;
    const posted = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: { cookie: agent.cookie, origin: 'http://sportello.test' }, payload: { attachments: [photo.id] } });
    expect(posted.statusCode).toBe(201);
    expect(posted.json().message.payload.attachments[0]).toMatchObject({ id: photo.id, name: 'proof.png', url: expect.any(String) });
    await expect.poll(() => received.length).toBe(2);
    const empty = await server.app.inject({ method: 'POST', url: `/api/v1/conversations/${conversationId}/messages`, headers: { cookie: agent.cookie, origin: 'http://sportello.test' }, payload: { body: ' ' } });
    expect(empty.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('photos for a return', () => {
  it('go with the return waiting for approval, shown beside it for the agent, and the bot says so', async () => {
    const botSite = await server.createSite({ botEnabled: true });
    const agent = await server.createAgent([botSite.id]);
    const { socket, token, conversationId } = await shopper(botSite);
    const [pending] = await server.services.db
      .insert(returns)
      .values({ siteId: botSite.id, conversationId, reference: `R-${conversationId.slice(0, 6).toUpperCase()}`, orderNumber: '1010', status: 'pending_approval', reason: 'damaged', items: [] })
      .returning();
    const received: Message[] = [];
    socket.on('message:new', (m) => received.push(m));
    const photo = (await upload(token, await phonePhoto(), 'damage.jpg', { site: botSite })).body.attachment!;
    ok(await request(socket, 'message:send', { conversationId, clientId: 'dmg', body: '', attachments: [photo.id] }));
    await expect.poll(() => received.map((m) => m.body).join(' ')).toContain(`the photo is now with your return ${pending!.reference}`);

    const context = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/context`, headers: { cookie: agent.cookie } });
    const shown = context.json().returns.find((r: { id: string }) => r.id === pending!.id);
    expect(shown.photos).toEqual([expect.objectContaining({ id: photo.id, name: 'damage.jpg', url: expect.any(String) })]);
    expect((await open(shown.photos[0].url)).status).toBe(200);
  });

  it('sent in the middle of the return dialog: the bot thanks, asks its question again, and the return gets the photo', async () => {
    const { siteId } = await seedDemo(server.services.db, { publicUrl: 'http://sportello.test' });
    const demo = { id: siteId, key: 'demo', origin: 'http://sportello.test', secret: '' };
    await server.services.db.update(sites).set({ allowedOrigins: [demo.origin] }).where(eq(sites.id, siteId));
    server.services.sites.invalidate();
    const agent = await server.createAgent([siteId]);
    const { socket, token, conversationId } = await shopper(demo);
    const received: Message[] = [];
    socket.on('message:new', (m) => received.push(m));
    let n = 0;
    const say = async (body: string, expected: string | RegExp, attachments: string[] = []) => {
      const before = received.length;
      ok(await request(socket, 'message:send', { conversationId, clientId: `d-${n++}`, body, attachments }));
      await expect.poll(() => received.slice(before).map((m) => m.body).join(' '), { timeout: 10_000 }).toMatch(expected);
    };
    await say('I want to return the trench coat from order 1010', /e-?mail/);
    await say('emma.schmidt@example.com', /reason/);
    const photo = (await upload(token, await phonePhoto(), 'wrong-size.jpg', { site: demo })).body.attachment!;
    await say('', /the photo will go with your return[\s\S]*reason/, [photo.id]);
    await say('It is the wrong size', /another size/);
    await say('A refund please', /Shall I go ahead/);
    await say('Yes', /approve/);
    const context = await server.app.inject({ method: 'GET', url: `/api/v1/conversations/${conversationId}/context`, headers: { cookie: agent.cookie } });
    const [created] = context.json().returns;
    expect(created).toMatchObject({ status: 'pending_approval', photos: [expect.objectContaining({ id: photo.id, name: 'wrong-size.jpg' })] });
  });

  it('without words and without a return: the bot hands the chat to a person', async () => {
    const botSite = await server.createSite({ botEnabled: true });
    const { socket, token, conversationId } = await shopper(botSite);
    const received: Message[] = [];
    socket.on('message:new', (m) => received.push(m));
    const photo = (await upload(token, await png(), 'what.png', { site: botSite })).body.attachment!;
    ok(await request(socket, 'message:send', { conversationId, clientId: 'q', body: '', attachments: [photo.id] }));
    await expect.poll(() => received.map((m) => m.body).join(' ')).toMatch(/can't look at files myself/);
    await expect.poll(async () => (await server.services.conversations.getRow(conversationId)).status).toBe('queued');
    expect((await server.services.conversations.getRow(conversationId)).handoffReason).toBe('attachment');
  });
});

describe('files and privacy', () => {
  it('are in the shopper export, and their erasure and the retention remove the bytes too', async () => {
    const privateSite = await server.createSite({ botEnabled: false });
    const agent = await server.createAgent([privateSite.id]);
    const console_ = await server.connectAgent(agent);
    const { socket, token, visitorId, conversationId } = await shopper(privateSite);
    const photo = (await upload(token, await png(), 'mine.png', { site: privateSite })).body.attachment!;
    ok(await request(socket, 'message:send', { conversationId, clientId: 'x', body: 'see', attachments: [photo.id] }));
    const label = (await agentUpload(agent.cookie, conversationId, pdf(), 'label.pdf')).body.attachment!;
    ok(await request(console_, 'message:send', { conversationId, clientId: 'y', body: 'label', attachments: [label.id] }));

    const secret = (await agentUpload(agent.cookie, conversationId, await png(), 'fraud-check.png')).body.attachment!;
    ok(await request(console_, 'message:send', { conversationId, clientId: 'z', body: 'for the team', internal: true, attachments: [secret.id] }));

    const [exported] = await server.services.privacy.export(privateSite.id, { visitorId });
    const files = exported!.conversations[0]!.files;
    // Not the internal note's.
    expect(files.map((f) => [f.name, f.sentBy])).toEqual([['mine.png', 'visitor'], ['label.pdf', 'agent']]);
    expect(Buffer.from(files[1]!.data!, 'base64').equals(pdf())).toBe(true);

    const keys = [photo, label, secret].map((f) => `${privateSite.id}/${f.id}`);
    expect(await Promise.all(keys.map((k) => server.services.files.store.get(k).then(Boolean)))).toEqual([true, true, true]);
    await server.services.privacy.erase(privateSite.id, { visitorId });
    expect(await Promise.all(keys.map((k) => server.services.files.store.get(k)))).toEqual([null, null, null]);
    expect(await server.services.db.select().from(attachments).where(eq(attachments.siteId, privateSite.id))).toEqual([]);

    // Retention: a resolved conversation older than the site keeps them takes its files along.
    const keeping = await server.createSite({ botEnabled: false, retentionDays: 30 });
    const old = await shopper(keeping);
    const oldPhoto = (await upload(old.token, await png(), 'old.png', { site: keeping })).body.attachment!;
    ok(await request(old.socket, 'message:send', { conversationId: old.conversationId, clientId: 'o', body: '', attachments: [oldPhoto.id] }));
    await server.services.db.update(conversations).set({ status: 'resolved', updatedAt: new Date(Date.now() - 40 * 86_400_000) }).where(eq(conversations.id, old.conversationId));
    await server.services.privacy.applyRetention();
    expect(await server.services.files.store.get(`${keeping.id}/${oldPhoto.id}`)).toBeNull();
  });

  it('uploaded and never sent are swept after a day; bytes without a row after an hour', async () => {
    const { token } = await server.connectVisitor(site);
    const unsent = (await upload(token, await png(), 'left.png')).body.attachment!;
    const key = `${site.id}/${unsent.id}`;
    await server.services.files.sweep();
    expect(await server.services.files.store.get(key)).not.toBeNull();
    const orphan = `${site.id}/00000000-0000-4000-8000-000000000001`;
    await server.services.files.store.put(orphan, Buffer.from('x'), 'image/png');
    await server.services.files.sweep(new Date(Date.now() + 25 * 3600_000));
    expect(await server.services.files.store.get(key)).toBeNull();
    expect(await server.services.files.store.get(orphan)).toBeNull();
    expect(await server.services.db.select().from(attachments).where(eq(attachments.id, unsent.id))).toEqual([]);
  });
});
