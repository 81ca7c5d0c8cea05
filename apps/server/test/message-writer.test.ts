import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { conversationEvents, conversations, createTestDb, messages, sites, visitors, type DbHandle } from '@sportello/db';
import { AppError } from '../src/app-error';
import { MessageWriter, type NewMessage } from '../src/services/message-writer';

let handle: DbHandle;
let siteId: string;
let visitorId: string;

beforeAll(async () => {
  handle = await createTestDb();
  const [site] = await handle.db.insert(sites).values({ key: 'writer', name: 'Writer', secret: 's' }).returning();
  siteId = site!.id;
  const [visitor] = await handle.db.insert(visitors).values({ siteId, tokenHash: 'writer-visitor' }).returning();
  visitorId = visitor!.id;
});
afterAll(() => handle?.close());

async function newConversation(status: 'bot' | 'closed' | 'pending' = 'bot'): Promise<string> {
  const [row] = await handle.db.insert(conversations).values({ siteId, visitorId, status }).returning();
  return row!.id;
}

const message = (conversationId: string, clientId: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  conversationId,
  clientId,
  body: `body ${clientId}`,
  authorType: 'visitor',
  authorId: visitorId,
  authorName: null,
  internal: false,
  payload: null,
  ...extra,
});

describe('MessageWriter', () => {
  it('keeps seqs gap-free when two writers (as two processes would) write one conversation at once', async () => {
    const conversationId = await newConversation();
    const a = new MessageWriter(handle.query, { maxInFlight: 2 });
    const b = new MessageWriter(handle.query, { maxInFlight: 2 });
    const writes = [];
    for (let i = 0; i < 60; i++) {
      writes.push(a.write(message(conversationId, `a-${i}`)));
      writes.push(b.write(message(conversationId, `b-${i}`)));
      // The same retried send reaching both processes is stored once.
      if (i % 10 === 0) writes.push(b.write(message(conversationId, `a-${i}`)));
    }
    const stored = await Promise.all(writes);
    const rows = await handle.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.seq));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.clientId)).size).toBe(120);
    // Each writer kept its own order (the sends both writers got may have been stored by either).
    for (const prefix of ['a-', 'b-']) {
      const order = rows
        .filter((r) => r.clientId.startsWith(prefix))
        .map((r) => Number(r.clientId.slice(2)))
        .filter((n) => prefix === 'b-' || n % 10 !== 0);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    const [conversation] = await handle.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conversation!.lastSeq).toBe(120);
    expect(stored.filter((s) => s.created)).toHaveLength(120);
  });

  it('refuses a closed or missing conversation without failing its neighbours in the batch', async () => {
    const open = await newConversation();
    const closed = await newConversation('closed');
    const writer = new MessageWriter(handle.query);
    const results = await Promise.allSettled([
      writer.write(message(open, 'ok-1')),
      writer.write(message(closed, 'no-1')),
      writer.write(message('00000000-0000-4000-8000-000000000000', 'no-2')),
      writer.write(message(open, 'ok-2')),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.message.seq : (r.reason as AppError).code))).toEqual([1, 'CONVERSATION_CLOSED', 'NOT_FOUND', 2]);
  });

  it('moves a pending conversation back to open when the shopper writes, with an event', async () => {
    const conversationId = await newConversation('pending');
    const writer = new MessageWriter(handle.query);
    const stored = await writer.write(message(conversationId, 'back'));
    expect(stored).toMatchObject({ statusChanged: true, conversation: { status: 'open' } });
    const events = await handle.db.select().from(conversationEvents).where(eq(conversationEvents.conversationId, conversationId));
    expect(events.map((e) => [e.type, e.data])).toEqual([['status_changed', { from: 'pending', to: 'open', reason: 'message' }]]);
  });

  it('plans from the database again when the conversation changed behind its back', async () => {
    const conversationId = await newConversation();
    const writer = new MessageWriter(handle.query);
    await writer.write(message(conversationId, 'one'));
    // An agent resolves it and another process stores a message: the writer's memory is stale twice over.
    await handle.db.update(conversations).set({ status: 'resolved', lastSeq: 2 }).where(eq(conversations.id, conversationId));
    await handle.db.insert(messages).values({ id: crypto.randomUUID(), conversationId, seq: 2, clientId: 'elsewhere', authorType: 'agent', body: 'done' });
    const stored = await writer.write(message(conversationId, 'two'));
    expect(stored).toMatchObject({ created: true, message: { seq: 3 }, conversation: { status: 'resolved', lastSeq: 3 } });
    // A retried send of a message stored by the other process is found, not stored again.
    const retried = await writer.write(message(conversationId, 'elsewhere', { authorType: 'agent', authorId: null }));
    expect(retried).toMatchObject({ created: false, message: { seq: 2 } });
    // ...and someone else reusing that id is refused.
    await expect(writer.write(message(conversationId, 'elsewhere'))).rejects.toMatchObject({ code: 'CONFLICT' });
    const rows = await handle.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.seq));
    expect(rows.map((r) => [r.seq, r.clientId])).toEqual([
      [1, 'one'],
      [2, 'elsewhere'],
      [3, 'two'],
    ]);
  });
});
