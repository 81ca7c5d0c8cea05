import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { visitors } from '@sportello/db';
import { verifyUserHash } from '../src/services/visitor-service';
import { TestServer, connected, ok, request, type TestSite } from './test-server';

let server: TestServer;
let site: TestSite;
beforeAll(async () => {
  server = await TestServer.start();
  site = await server.createSite();
});
afterAll(() => server?.close());

const hash = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

async function visitorWith(identity: Record<string, string | undefined>) {
  const socket = server.visitorSocket({ siteKey: site.key, origin: site.origin });
  (socket.auth as Record<string, unknown>).identity = identity;
  const session = new Promise<{ visitorId: string }>((resolve) => socket.once('visitor:session', resolve));
  await connected(socket);
  const { visitorId } = await session;
  const [row] = await server.services.db.select().from(visitors).where(eq(visitors.id, visitorId));
  return { socket, row: row! };
}

describe('identity verification', () => {
  it('verifies a shopper whose userHash is the HMAC of their id under the site secret', async () => {
    const { row } = await visitorWith({ userId: 'cust-42', email: 'ada@example.com', name: 'Ada', userHash: hash(site.secret, 'cust-42') });
    expect(row).toMatchObject({ verified: true, externalId: 'cust-42', email: 'ada@example.com', name: 'Ada' });
  });

  it('never verifies, nor records the customer id, with a wrong, foreign or missing hash', async () => {
    for (const identity of [
      { userId: 'cust-42', email: 'mallory@example.com', userHash: hash(site.secret, 'cust-43') },
      { userId: 'cust-42', email: 'mallory@example.com', userHash: hash('another-site-secret', 'cust-42') },
      { userId: 'cust-42', email: 'mallory@example.com' },
    ]) {
      const { row } = await visitorWith(identity);
      expect(row).toMatchObject({ verified: false, externalId: null, email: 'mallory@example.com' });
    }
    const refused = server.visitorSocket({ siteKey: site.key, origin: site.origin });
    (refused.auth as Record<string, unknown>).identity = { userId: 'x', userHash: 'not-hex' };
    await expect(connected(refused)).rejects.toMatchObject({ data: { code: 'VALIDATION_FAILED' } });
  });

  it('identifies after connecting, and an unproven claim does not override a proven identity', async () => {
    const { socket } = await server.connectVisitor(site);
    expect(ok(await request(socket, 'visitor:identify', { userId: 'cust-7', email: 'bob@example.com', userHash: hash(site.secret, 'cust-7') }))).toMatchObject({ verified: true });
    expect(ok(await request(socket, 'visitor:identify', { userId: 'cust-8', email: 'eve@example.com' }))).toMatchObject({ verified: true });
    const rows = await server.services.db.select().from(visitors).where(eq(visitors.externalId, 'cust-7'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verified: true, email: 'bob@example.com' });
    expect(await request(socket, 'visitor:identify', { userHash: 'zz' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it("never gives a signed-in shopper the chats of the one signed in before on this browser", async () => {
    // Ada signs in, chats, logs out without the store calling shutdown; Bob signs in on the same browser.
    const ada = await server.connectVisitor(site);
    ok(await request(ada.socket, 'visitor:identify', { userId: 'cust-ada', userHash: hash(site.secret, 'cust-ada') }));
    const { conversation } = ok(await request(ada.socket, 'conversation:start', {}));
    ok(await request(ada.socket, 'message:send', { conversationId: conversation.id, clientId: 'ada-1', body: 'my address is 1 Main St' }));
    ada.socket.disconnect();

    const bob = server.visitorSocket({ siteKey: site.key, origin: site.origin, token: ada.token });
    (bob.auth as Record<string, unknown>).identity = { userId: 'cust-bob', userHash: hash(site.secret, 'cust-bob') };
    const session = new Promise<{ visitorId: string; token: string }>((resolve) => bob.once('visitor:session', resolve));
    await connected(bob);
    const issued = await session;
    expect(issued.token).not.toBe(ada.token);
    expect(issued.visitorId).not.toBe(ada.visitorId);
    expect(ok(await request(bob, 'conversation:list', {})).conversations).toEqual([]);
    const synced = await request(bob, 'sync', { cursors: [{ conversationId: conversation.id, afterSeq: 0 }] });
    expect(JSON.stringify(synced)).not.toContain('1 Main St');
    const [adaRow] = await server.services.db.select().from(visitors).where(eq(visitors.id, ada.visitorId));
    expect(adaRow).toMatchObject({ verified: true, externalId: 'cust-ada' });

    // And on a connection that is Ada's already, Bob's proven identity is refused, not merged.
    const again = await server.connectVisitor(site, ada.token);
    expect(await request(again.socket, 'visitor:identify', { userId: 'cust-bob', userHash: hash(site.secret, 'cust-bob') })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const [still] = await server.services.db.select().from(visitors).where(eq(visitors.id, ada.visitorId));
    expect(still).toMatchObject({ externalId: 'cust-ada' });
    // Ada herself, signing in again, is still Ada.
    const adaBack = server.visitorSocket({ siteKey: site.key, origin: site.origin, token: ada.token });
    (adaBack.auth as Record<string, unknown>).identity = { userId: 'cust-ada', userHash: hash(site.secret, 'cust-ada') };
    await connected(adaBack);
    expect(ok(await request(adaBack, 'conversation:list', {})).conversations.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
  });

  it('compares hashes in constant time and case-insensitively', () => {
    expect(verifyUserHash('s', 'u', hash('s', 'u').toUpperCase())).toBe(true);
    expect(verifyUserHash('s', 'u', hash('s', 'v'))).toBe(false);
    expect(verifyUserHash('s', 'u', 'short')).toBe(false);
  });
});
