import { describe, expect, it, vi } from 'vitest';
import { afterFailure, flushOutbox, Outbox, type FlushHooks, type KeyValueStorage, type OutboxItem, type SendOutcome } from '../src/core/outbox';

class FakeStorage implements KeyValueStorage {
  data = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

const item = (clientId: string, conversationId: string | null = 'c1'): OutboxItem => ({
  clientId,
  conversationId,
  body: 'hello ' + clientId,
  createdAt: '2026-11-24T10:00:00.000Z',
});

let seq = 0;
const ack = (): SendOutcome => {
  const id = 'id-' + ++seq;
  const createdAt = '2026-11-24T10:00:01.000Z';
  const message = { id, conversationId: 'c1', seq, clientId: id, author: { type: 'visitor' as const, id: null, name: null }, body: 'hello', internal: false, payload: null, createdAt };
  return { ok: true, id, seq, createdAt, message };
};

function hooks(send: (i: OutboxItem) => SendOutcome, extra: Partial<FlushHooks> = {}) {
  const sent: { clientId: string; conversationId: string | null }[] = [];
  const h: FlushHooks = {
    conversation: vi.fn(async () => 'started'),
    restart: vi.fn(async () => 'restarted'),
    send: vi.fn(async (i) => {
      sent.push({ clientId: i.clientId, conversationId: i.conversationId });
      return send(i);
    }),
    acked: vi.fn(),
    failed: vi.fn(),
    ...extra,
  };
  return { h, sent };
}

describe('Outbox', () => {
  it('keeps unacked messages in storage, so a reload or another tab finds them', () => {
    const storage = new FakeStorage();
    new Outbox(storage, 'k').add(item('a'));
    const afterReload = new Outbox(storage, 'k');
    expect(afterReload.list()).toEqual([item('a')]);
    afterReload.remove('a');
    expect(storage.data.has('k')).toBe(false);
  });

  it('falls back to memory when storage throws, and ignores garbage in storage', () => {
    const storage = new FakeStorage();
    storage.failWrites = true;
    const box = new Outbox(storage, 'k');
    box.add(item('a'));
    expect(box.list().map((i) => i.clientId)).toEqual(['a']);
    storage.failWrites = false;
    storage.data.set('j', '{not json');
    expect(new Outbox(storage, 'j').list()).toEqual([]);
    storage.data.set('j', JSON.stringify([{ clientId: 1 }, item('ok')]));
    expect(new Outbox(storage, 'j').list()).toEqual([item('ok')]);
  });

  it('works without storage at all', () => {
    const box = new Outbox(null, 'k');
    box.add(item('a'));
    box.update('a', { failed: 'X' });
    expect(box.list()).toEqual([{ ...item('a'), failed: 'X' }]);
  });
});

describe('afterFailure', () => {
  it('retries what may not be stored, restarts closed conversations, gives up on refused messages', () => {
    expect(afterFailure(undefined)).toBe('retry');
    expect(afterFailure('SERVICE_UNAVAILABLE')).toBe('retry');
    expect(afterFailure('INTERNAL')).toBe('retry');
    expect(afterFailure('RATE_LIMITED')).toBe('retry');
    expect(afterFailure('CONVERSATION_CLOSED')).toBe('restart');
    expect(afterFailure('NOT_FOUND')).toBe('restart');
    expect(afterFailure('VALIDATION_FAILED')).toBe('fail');
  });
});

describe('flushOutbox', () => {
  it('sends in order and removes each acked message', async () => {
    const box = new Outbox(new FakeStorage(), 'k');
    box.add(item('a'));
    box.add(item('b'));
    const { h, sent } = hooks(ack);
    expect(await flushOutbox(box, h)).toBe(true);
    expect(sent.map((s) => s.clientId)).toEqual(['a', 'b']);
    expect(box.list()).toEqual([]);
    expect(h.acked).toHaveBeenCalledTimes(2);
  });

  it('stops at a message without an answer and resends it with the same clientId later', async () => {
    const storage = new FakeStorage();
    const box = new Outbox(storage, 'k');
    box.add(item('a'));
    box.add(item('b'));
    const first = hooks(() => ({ ok: false }));
    expect(await flushOutbox(box, first.h)).toBe(false);
    expect(first.sent.map((s) => s.clientId)).toEqual(['a']); // b waits: order is kept
    expect(first.h.failed).toHaveBeenCalledWith(expect.objectContaining({ clientId: 'a' }), undefined);

    // The page reloads; the socket comes back.
    const again = hooks(ack);
    expect(await flushOutbox(new Outbox(storage, 'k'), again.h)).toBe(true);
    expect(again.sent.map((s) => s.clientId)).toEqual(['a', 'b']);
    expect(storage.data.has('k')).toBe(false);
  });

  it('starts a conversation for messages written before one existed, and keeps its id', async () => {
    const storage = new FakeStorage();
    const box = new Outbox(storage, 'k');
    box.add(item('a', null));
    const { h, sent } = hooks(() => ({ ok: false, code: 'SERVICE_UNAVAILABLE' }));
    await flushOutbox(box, h);
    expect(h.conversation).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([{ clientId: 'a', conversationId: 'started' }]);
    // A retry goes to the same conversation, not to a new one.
    expect(box.list()[0]?.conversationId).toBe('started');
  });

  it('moves a message into a new conversation when its own is closed', async () => {
    const box = new Outbox(new FakeStorage(), 'k');
    box.add(item('a'));
    const { h, sent } = hooks((i) => (i.conversationId === 'c1' ? { ok: false, code: 'CONVERSATION_CLOSED' } : ack()));
    expect(await flushOutbox(box, h)).toBe(true);
    expect(sent).toEqual([
      { clientId: 'a', conversationId: 'c1' },
      { clientId: 'a', conversationId: 'restarted' },
    ]);
    expect(h.acked).toHaveBeenCalledWith(expect.objectContaining({ clientId: 'a', conversationId: 'restarted' }), expect.anything());
  });

  it('marks a refused message failed, keeps it for the shopper and goes on with the next', async () => {
    const box = new Outbox(new FakeStorage(), 'k');
    box.add(item('bad'));
    box.add(item('good'));
    const { h } = hooks((i) => (i.clientId === 'bad' ? { ok: false, code: 'VALIDATION_FAILED' } : ack()));
    expect(await flushOutbox(box, h)).toBe(true);
    expect(box.list()).toEqual([{ ...item('bad'), failed: 'VALIDATION_FAILED' }]);
    // A later flush does not send it again until the shopper retries (clears `failed`).
    const next = hooks(ack);
    await flushOutbox(box, next.h);
    expect(next.sent).toEqual([]);
  });

  it('stops when the conversation cannot be started', async () => {
    const box = new Outbox(new FakeStorage(), 'k');
    box.add(item('a', null));
    const { h } = hooks(ack, { conversation: async () => Promise.reject(new Error('offline')) });
    expect(await flushOutbox(box, h)).toBe(false);
    expect(box.list()).toHaveLength(1);
  });

  it('a message acked by another tab meanwhile is not sent twice by this one', async () => {
    const storage = new FakeStorage();
    const tabA = new Outbox(storage, 'k');
    const tabB = new Outbox(storage, 'k');
    tabA.add(item('a'));
    tabA.add(item('b'));
    const { h, sent } = hooks((i) => {
      if (i.clientId === 'a') tabB.remove('b'); // tab B got b acked while A was sending a
      return ack();
    });
    await flushOutbox(tabA, h);
    expect(sent.map((s) => s.clientId)).toEqual(['a']);
  });
});
