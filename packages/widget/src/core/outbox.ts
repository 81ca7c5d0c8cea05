import type { Attachment, Message } from '@sportello/protocol';

/** The part of `localStorage` the widget uses; tests pass a fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A shopper's message that the server has not acked yet. */
export interface OutboxItem {
  /** Chosen once per message and reused by every retry, so the server stores it once. */
  clientId: string;
  /** Null until the conversation the message starts exists. */
  conversationId: string | null;
  body: string;
  /** Files uploaded for it (sent by id). */
  files?: Attachment[];
  /** When the shopper wrote it (ISO), to place it in the conversation meanwhile. */
  createdAt: string;
  /** Error code of a refusal that retrying cannot fix; such items wait for the shopper. */
  failed?: string;
}

/** What one attempt to send returned: the server's ack (with the message as stored), or its error code (none: no answer). */
export type SendOutcome = { ok: true; id: string; seq: number; createdAt: string; message: Message } | { ok: false; code?: string };

/**
 * What to do after a failed attempt: `retry` later with the same clientId (no answer, or the server
 * could not store it now), `restart` in a new conversation (the old one is closed or gone), or
 * `fail` (the message itself is refused; the shopper decides).
 */
export function afterFailure(code: string | undefined): 'retry' | 'restart' | 'fail' {
  if (code === undefined || code === 'SERVICE_UNAVAILABLE' || code === 'INTERNAL' || code === 'RATE_LIMITED') return 'retry';
  if (code === 'CONVERSATION_CLOSED' || code === 'NOT_FOUND') return 'restart';
  return 'fail';
}

/**
 * Unacked messages kept in storage under one key, so they survive a reload and are shared by the
 * shopper's tabs (a message resent by two tabs is still stored once: same clientId). Storage that
 * throws (private mode, quota) falls back to memory for this page.
 */
export class Outbox {
  private memory: OutboxItem[] = [];
  /** Set once storage refused a write: from then on this page keeps the outbox in memory. */
  private inMemory = false;

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
  ) {}

  /** The items, oldest first, read afresh (another tab may have changed them). */
  list(): OutboxItem[] {
    if (!this.storage || this.inMemory) return this.memory.slice();
    try {
      const raw = this.storage.getItem(this.key);
      if (raw == null) return [];
      const items = JSON.parse(raw) as unknown;
      return Array.isArray(items) ? items.filter(isItem) : [];
    } catch {
      return this.memory.slice();
    }
  }

  add(item: OutboxItem): void {
    this.write([...this.list().filter((i) => i.clientId !== item.clientId), item]);
  }

  update(clientId: string, patch: Partial<OutboxItem>): void {
    this.write(this.list().map((i) => (i.clientId === clientId ? { ...i, ...patch } : i)));
  }

  remove(clientId: string): void {
    this.write(this.list().filter((i) => i.clientId !== clientId));
  }

  private write(items: OutboxItem[]): void {
    this.memory = items;
    try {
      if (items.length) this.storage?.setItem(this.key, JSON.stringify(items));
      else this.storage?.removeItem(this.key);
    } catch {
      this.inMemory = true;
    }
  }
}

function isItem(v: unknown): v is OutboxItem {
  const i = v as OutboxItem;
  return !!i && typeof i.clientId === 'string' && typeof i.body === 'string' && typeof i.createdAt === 'string';
}

export interface FlushHooks {
  /** The conversation to send an item without one into (starts one when needed). */
  conversation(): Promise<string>;
  /** Starts a new conversation for an item whose conversation is closed or gone. */
  restart(item: OutboxItem): Promise<string>;
  send(item: OutboxItem & { conversationId: string }): Promise<SendOutcome>;
  acked(item: OutboxItem, ack: Extract<SendOutcome, { ok: true }>): void;
  failed(item: OutboxItem, code: string | undefined): void;
}

/**
 * Sends every pending item, oldest first, each with its own clientId. Stops at the first failure
 * worth retrying (so messages keep their order) and returns false; the caller tries again on the
 * next connection or after a delay. Items refused for good are marked `failed` and skipped.
 */
export async function flushOutbox(outbox: Outbox, hooks: FlushHooks): Promise<boolean> {
  const done = new Set<string>();
  for (;;) {
    const item = outbox.list().find((i) => !i.failed && !done.has(i.clientId));
    if (!item) return true;
    done.add(item.clientId);
    let conversationId = item.conversationId;
    try {
      if (!conversationId) {
        conversationId = await hooks.conversation();
        outbox.update(item.clientId, { conversationId });
      }
    } catch {
      hooks.failed(item, undefined);
      return false;
    }
    let outcome = await hooks.send({ ...item, conversationId });
    let restarts = 0;
    while (!outcome.ok && afterFailure(outcome.code) === 'restart' && restarts++ < 1) {
      try {
        conversationId = await hooks.restart(item);
      } catch {
        break;
      }
      outbox.update(item.clientId, { conversationId });
      outcome = await hooks.send({ ...item, conversationId });
    }
    if (outcome.ok) {
      outbox.remove(item.clientId);
      hooks.acked({ ...item, conversationId }, outcome);
      continue;
    }
    hooks.failed(item, outcome.code);
    if (afterFailure(outcome.code) === 'retry') return false;
    outbox.update(item.clientId, { failed: outcome.code ?? 'UNKNOWN' });
  }
}
