import { inArray, sql } from 'drizzle-orm';
import { conversationEvents, conversations, messages, type Database } from '@sportello/db';
import { statusAfterVisitorMessage, type ActorType, type ConversationStatus, type MessagePayload } from '@sportello/protocol';
import { randomUUID } from 'node:crypto';
import { AppError, isDbUnavailable } from '../app-error';
import { previewOf, type MessageRow } from './conversation-view';

/** A message to store; the caller has already checked that the author may write there. */
export interface NewMessage {
  conversationId: string;
  clientId: string;
  body: string;
  authorType: ActorType;
  authorId: string | null;
  authorName: string | null;
  internal: boolean;
  payload: MessagePayload | null;
}

/** The conversation as it stands after a write. */
export interface WrittenConversation {
  id: string;
  siteId: string;
  visitorId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  lastSeq: number;
}

export interface StoredMessage {
  message: MessageRow;
  /** False when this `clientId` was stored before (a retried send): nothing new was written. */
  created: boolean;
  conversation: WrittenConversation;
  /** Set when this write moved the conversation to another status (or assignee). */
  statusChanged: boolean;
}

interface Pending {
  input: NewMessage;
  resolve: (stored: StoredMessage) => void;
  reject: (error: unknown) => void;
}

export interface MessageWriterOptions {
  /** Most messages stored in one transaction (default 200). */
  maxBatch?: number;
  /** Transactions in flight at once (default 4; use 1 for PGlite, which has one connection). */
  maxInFlight?: number;
}

type EventRow = typeof conversationEvents.$inferInsert;

/**
 * Stores messages with gap-free per-conversation `seq`s, in group commits.
 *
 * Sends that arrive while the database is busy are written together in one transaction, so the
 * cost of a commit is shared. A conversation is never in two transactions at once, which keeps
 * each sender's order and avoids lock waits. A promise resolves only after its row is committed.
 */
export class MessageWriter {
  private readonly queue: Pending[] = [];
  private readonly busy = new Set<string>();
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Database,
    options: MessageWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  /** Stores one message (or finds the earlier copy of a retried one); resolves after commit. */
  write(input: NewMessage): Promise<StoredMessage> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // every queued conversation is already being written
      const ids = new Set(batch.map((p) => p.input.conversationId));
      for (const id of ids) this.busy.add(id);
      this.inFlight++;
      void this.run(batch).finally(() => {
        for (const id of ids) this.busy.delete(id);
        this.inFlight--;
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  /** Takes up to `maxBatch` queued sends whose conversations are not in flight, keeping queue order. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of this.queue) {
      if (batch.length < this.maxBatch && !this.busy.has(pending.input.conversationId)) batch.push(pending);
      else rest.push(pending);
    }
    this.queue.length = 0;
    this.queue.push(...rest);
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    let results: (StoredMessage | AppError)[];
    try {
      results = await this.store(batch.map((p) => p.input));
    } catch (error) {
      if (batch.length > 1 && !isDbUnavailable(error)) {
        // One bad row must not fail its neighbours: store them one by one.
        for (const pending of batch) await this.run([pending]);
      } else {
        for (const pending of batch) pending.reject(error);
      }
      return;
    }
    batch.forEach((pending, i) => {
      const result = results[i]!;
      if (result instanceof AppError) pending.reject(result);
      else pending.resolve(result);
    });
  }

  private store(inputs: NewMessage[]): Promise<(StoredMessage | AppError)[]> {
    return this.db.transaction(async (tx) => {
      const ids = [...new Set(inputs.map((i) => i.conversationId))].sort();
      const locked = await tx
        .select({
          id: conversations.id,
          siteId: conversations.siteId,
          visitorId: conversations.visitorId,
          status: conversations.status,
          assigneeId: conversations.assigneeId,
          lastSeq: conversations.lastSeq,
          firstAgentReplyAt: conversations.firstAgentReplyAt,
        })
        .from(conversations)
        .where(inArray(conversations.id, ids))
        .orderBy(conversations.id)
        .for('update');
      const state = new Map(locked.map((row) => [row.id, { ...row, changed: false, preview: null as string | null, publicAt: null as Date | null }]));

      const pairs = inputs.map((i) => sql`(${i.conversationId}::uuid, ${i.clientId}::text)`);
      const earlier = await tx
        .select()
        .from(messages)
        .where(sql`(${messages.conversationId}, ${messages.clientId}) in (${sql.join(pairs, sql`, `)})`);
      const known = new Map(earlier.map((row) => [`${row.conversationId} ${row.clientId}`, row]));

      const now = new Date();
      const rows: MessageRow[] = [];
      const events: EventRow[] = [];
      const results: (AppError | MessageRow)[] = [];

      for (const input of inputs) {
        const conv = state.get(input.conversationId);
        if (!conv) {
          results.push(new AppError('NOT_FOUND', 'No such conversation.'));
          continue;
        }
        const key = `${input.conversationId} ${input.clientId}`;
        const previous = known.get(key);
        if (previous) {
          results.push(previous);
          continue;
        }
        if (conv.status === 'closed') {
          results.push(new AppError('CONVERSATION_CLOSED'));
          continue;
        }
        conv.lastSeq += 1;
        const row: MessageRow = {
          id: randomUUID(),
          conversationId: input.conversationId,
          seq: conv.lastSeq,
          clientId: input.clientId,
          authorType: input.authorType,
          authorId: input.authorId,
          authorName: input.authorName,
          body: input.body,
          internal: input.internal,
          payload: input.payload as Record<string, unknown> | null,
          createdAt: now,
        };
        rows.push(row);
        known.set(key, row);
        results.push(row);
        if (input.internal) continue;

        conv.preview = previewOf(input.body);
        conv.publicAt = now;
        const actor = { actorType: input.authorType, actorId: input.authorId };
        let next: ConversationStatus | null = null;
        if (input.authorType === 'visitor') {
          next = statusAfterVisitorMessage(conv.status, conv.assigneeId !== null);
        } else if (input.authorType === 'agent') {
          if (!conv.firstAgentReplyAt) {
            conv.firstAgentReplyAt = now;
            events.push({ conversationId: conv.id, siteId: conv.siteId, type: 'first_agent_reply', ...actor, createdAt: now });
          }
          // A human writing takes the conversation from the bot or the queue.
          if (conv.status === 'bot' || conv.status === 'queued' || conv.status === 'resolved') next = 'open';
          if (conv.assigneeId === null && input.authorId) {
            events.push({
              conversationId: conv.id,
              siteId: conv.siteId,
              type: 'assigned',
              ...actor,
              data: { from: null, to: input.authorId },
              createdAt: now,
            });
            conv.assigneeId = input.authorId;
            conv.changed = true;
          }
        }
        if (next && next !== conv.status) {
          events.push({
            conversationId: conv.id,
            siteId: conv.siteId,
            type: 'status_changed',
            ...actor,
            data: { from: conv.status, to: next, reason: 'message' },
            createdAt: now,
          });
          conv.status = next;
          conv.changed = true;
        }
      }

      if (rows.length > 0) {
        await tx.insert(messages).values(rows);
        const touched = [...new Set(rows.map((r) => r.conversationId))].map((id) => state.get(id)!);
        const values = touched.map(
          (c) =>
            sql`(${c.id}::uuid, ${c.lastSeq}::int, ${c.status}::text, ${c.assigneeId}::uuid, ${c.preview}::text, ${c.publicAt}::timestamptz, ${c.firstAgentReplyAt}::timestamptz)`,
        );
        await tx.execute(sql`
          update ${conversations} as c set
            last_seq = v.last_seq,
            status = v.status,
            assignee_id = v.assignee_id,
            preview = coalesce(v.preview, c.preview),
            last_message_at = coalesce(v.public_at, c.last_message_at),
            first_agent_reply_at = v.first_reply,
            updated_at = ${now}::timestamptz
          from (values ${sql.join(values, sql`, `)}) as v(id, last_seq, status, assignee_id, preview, public_at, first_reply)
          where c.id = v.id`);
      }
      if (events.length > 0) await tx.insert(conversationEvents).values(events);

      const created = new Set(rows);
      // The conversation:updated notice goes with the last new message of a changed conversation.
      const lastNew = new Map(rows.map((row) => [row.conversationId, row]));
      return results.map((r, i) => {
        if (r instanceof AppError) return r;
        const conv = state.get(inputs[i]!.conversationId)!;
        return {
          message: r,
          created: created.has(r),
          conversation: {
            id: conv.id,
            siteId: conv.siteId,
            visitorId: conv.visitorId,
            status: conv.status,
            assigneeId: conv.assigneeId,
            lastSeq: conv.lastSeq,
          },
          statusChanged: conv.changed && lastNew.get(conv.id) === r,
        };
      });
    });
  }
}
