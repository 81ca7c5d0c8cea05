import type { conversationEvents, RawQuery } from '@sportello/db';
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
  /** Highest seq of the shopper's view (public messages only). */
  visitorLastSeq: number;
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
  /** Most messages stored in one batch (default 200). */
  maxBatch?: number;
  /**
   * Batches in flight at once (default 2; use 1 for PGlite, which has one connection). Fewer means
   * larger batches and less work per message; more means less waiting. On 2 cores, 2 gave the best
   * p99 at 5,000 messages/s (bench/README.md).
   */
  maxInFlight?: number;
}

type EventRow = typeof conversationEvents.$inferInsert;

/**
 * Stores messages with gap-free per-conversation `seq`s (and, for public messages, gap-free
 * shopper-view `visitor_seq`s), in group commits.
 *
 * Sends that arrive while the database is busy are written together in one statement, so the
 * cost of a commit is shared. A conversation is never in two batches at once, which keeps
 * each sender's order and avoids lock waits. A promise resolves only after its row is committed.
 */
export class MessageWriter {
  private readonly queue: Pending[] = [];
  private readonly busy = new Set<string>();
  private readonly memory = new Map<string, Snapshot>();
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly query: RawQuery,
    options: MessageWriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 200;
    this.maxInFlight = options.maxInFlight ?? 2;
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

  /**
   * Stores a batch without an explicit transaction. The plan starts from what this writer last
   * wrote to each conversation (or, when it has no such memory, from one read of the conversations
   * and of earlier copies of the same client ids). One statement then bumps each conversation's
   * `last_seq` only if the row still is as planned from and none of the batch's client ids is
   * stored yet (optimistic concurrency: another process, an agent's status change or a retried
   * send all make it miss), and inserts the messages and events of the conversations it bumped.
   * Items of the conversations it missed are planned again from a fresh read.
   */
  private async store(inputs: NewMessage[]): Promise<(StoredMessage | AppError)[]> {
    const results = new Array<StoredMessage | AppError | undefined>(inputs.length);
    let pending = inputs.map((input, index) => ({ input, index }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === MAX_ATTEMPTS) {
        for (const { index } of pending) results[index] = new AppError('SERVICE_UNAVAILABLE', 'The conversation is too busy; send again.');
        break;
      }
      const batch = pending.map((p) => p.input);
      const start = (attempt === 0 && this.remembered(batch)) || (await this.read(batch));
      const plan = this.plan(batch, start);
      const bumped = plan.updates.length > 0 ? await this.apply(plan) : new Set<string>();
      for (const conv of plan.updates) {
        if (bumped.has(conv.id)) this.remember(conv);
        else this.memory.delete(conv.id);
      }
      const retry: typeof pending = [];
      pending.forEach((p, i) => {
        const outcome = plan.outcomes[i]!;
        if (outcome instanceof AppError) results[p.index] = outcome;
        else if (outcome.created && !bumped.has(outcome.conversation.id)) retry.push(p);
        else results[p.index] = outcome;
      });
      pending = retry;
      // Another process is writing the same conversations: step aside a little before retrying.
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
    return results as (StoredMessage | AppError)[];
  }

  /** The batch's conversations as this writer last left them, or null if it does not know one. */
  private remembered(inputs: NewMessage[]): ReadResult | null {
    const conversationsById = new Map<string, ConversationState>();
    for (const { conversationId } of inputs) {
      const known = this.memory.get(conversationId);
      if (!known) return null;
      conversationsById.set(conversationId, {
        ...known,
        expectedSeq: known.lastSeq,
        expectedStatus: known.status,
        expectedAssigneeId: known.assigneeId,
        expectedNoReply: known.firstAgentReplyAt === null,
        changed: false,
        preview: null,
        publicAt: null,
      });
    }
    return { conversations: conversationsById, earlier: new Map() };
  }

  private remember(conv: ConversationState): void {
    if (this.memory.size >= MEMORY_MAX && !this.memory.has(conv.id)) this.memory.delete(this.memory.keys().next().value!);
    this.memory.set(conv.id, {
      id: conv.id,
      siteId: conv.siteId,
      visitorId: conv.visitorId,
      status: conv.status,
      assigneeId: conv.assigneeId,
      lastSeq: conv.lastSeq,
      visitorLastSeq: conv.visitorLastSeq,
      firstAgentReplyAt: conv.firstAgentReplyAt,
    });
  }

  /** The conversations of a batch, and any messages already stored under its client ids. */
  private async read(inputs: NewMessage[]): Promise<ReadResult> {
    const keys = JSON.stringify(inputs.map((i) => ({ c: i.conversationId, k: i.clientId })));
    const rows = await this.query<ReadRow>(READ_SQL, [keys]);
    const conversationsById = new Map<string, ConversationState>();
    const earlier = new Map<string, MessageRow>();
    for (const row of rows) {
      conversationsById.set(row.id, {
        id: row.id,
        siteId: row.site_id,
        visitorId: row.visitor_id,
        status: row.status,
        assigneeId: row.assignee_id,
        lastSeq: row.last_seq,
        visitorLastSeq: row.visitor_last_seq,
        expectedSeq: row.last_seq,
        expectedStatus: row.status,
        expectedAssigneeId: row.assignee_id,
        expectedNoReply: row.first_agent_reply_at === null,
        firstAgentReplyAt: toDate(row.first_agent_reply_at),
        changed: false,
        preview: null,
        publicAt: null,
      });
      const found = typeof row.earlier === 'string' ? (JSON.parse(row.earlier) as EarlierJson[]) : row.earlier;
      for (const m of found) {
        earlier.set(`${row.id} ${m.clientId}`, { ...m, conversationId: row.id, createdAt: new Date(m.createdAt) });
      }
    }
    return { conversations: conversationsById, earlier };
  }

  /** Numbers the new messages and works out status moves and events, in memory. */
  private plan(inputs: NewMessage[], read: ReadResult): Plan {
    const { conversations: state, earlier: known } = read;
    const now = new Date();
    const rows: MessageRow[] = [];
    const events: EventRow[] = [];
    const found: (AppError | MessageRow)[] = [];
    for (const input of inputs) {
      const conv = state.get(input.conversationId);
      if (!conv) {
        found.push(new AppError('NOT_FOUND', 'No such conversation.'));
        continue;
      }
      const key = `${input.conversationId} ${input.clientId}`;
      const previous = known.get(key);
      if (previous) {
        // A retry is the same author's; anyone else reusing the id learns nothing about that message.
        const sameAuthor = previous.authorType === input.authorType && previous.authorId === input.authorId;
        found.push(sameAuthor ? previous : new AppError('CONFLICT', 'clientId: already used in this conversation; use a new random id.'));
        continue;
      }
      if (conv.status === 'closed') {
        found.push(new AppError('CONVERSATION_CLOSED'));
        continue;
      }
      conv.lastSeq += 1;
      // Notes take a place in the agents' numbering only: the shopper's view stays gap-free.
      if (!input.internal) conv.visitorLastSeq += 1;
      const row: MessageRow = {
        id: randomUUID(),
        conversationId: input.conversationId,
        seq: conv.lastSeq,
        visitorSeq: input.internal ? null : conv.visitorLastSeq,
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
      found.push(row);
      if (input.internal) continue;

      // A message of files alone is listed by their names.
      const files = (input.payload as { attachments?: { name: string }[] } | null)?.attachments;
      conv.preview = previewOf(input.body || (files?.length ? `📎 ${files.map((f) => f.name).join(', ')}` : ''));
      conv.publicAt = now;
      const event = (type: string, data: Record<string, unknown> = {}) =>
        events.push({ conversationId: conv.id, siteId: conv.siteId, type, actorType: input.authorType, actorId: input.authorId, data, createdAt: now });
      let next: ConversationStatus | null = null;
      if (input.authorType === 'visitor') {
        // A resolved conversation stays so here; ConversationService.reopen decides after the write.
        next = statusAfterVisitorMessage(conv.status);
      } else if (input.authorType === 'agent') {
        if (!conv.firstAgentReplyAt) {
          conv.firstAgentReplyAt = now;
          event('first_agent_reply');
        }
        // A human writing takes the conversation from the bot or the queue.
        if (conv.status === 'bot' || conv.status === 'queued' || conv.status === 'resolved') next = 'open';
        if (conv.assigneeId === null && input.authorId) {
          event('assigned', { from: null, to: input.authorId });
          conv.assigneeId = input.authorId;
          conv.changed = true;
        }
      }
      if (next && next !== conv.status) {
        event('status_changed', { from: conv.status, to: next, reason: 'message' });
        conv.status = next;
        conv.changed = true;
      }
    }

    const created = new Set(rows);
    // The conversation:updated notice goes with the last new message of a changed conversation.
    const lastNew = new Map(rows.map((row) => [row.conversationId, row]));
    const outcomes = found.map((r, i) => {
      if (r instanceof AppError) return r;
      const conv = state.get(inputs[i]!.conversationId)!;
      return {
        message: r,
        created: created.has(r),
        conversation: { id: conv.id, siteId: conv.siteId, visitorId: conv.visitorId, status: conv.status, assigneeId: conv.assigneeId, lastSeq: conv.lastSeq, visitorLastSeq: conv.visitorLastSeq },
        statusChanged: conv.changed && lastNew.get(conv.id) === r,
      };
    });
    const updates = [...new Set(rows.map((r) => r.conversationId))].map((id) => state.get(id)!);
    return { outcomes, rows, events, updates, now };
  }

  /** Applies a plan in one statement; returns the conversations it bumped (the others moved meanwhile). */
  private async apply(plan: Plan): Promise<Set<string>> {
    const updates = JSON.stringify(
      plan.updates.map((c) => ({
        id: c.id,
        expected: c.expectedSeq,
        expected_status: c.expectedStatus,
        expected_assignee: c.expectedAssigneeId,
        expected_no_reply: c.expectedNoReply,
        last_seq: c.lastSeq,
        visitor_last_seq: c.visitorLastSeq,
        status: c.status,
        assignee_id: c.assigneeId,
        preview: c.preview,
        public_at: c.publicAt,
        first_reply: c.firstAgentReplyAt,
      })),
    );
    const rows = JSON.stringify(
      plan.rows.map((m) => ({
        id: m.id,
        conversation_id: m.conversationId,
        seq: m.seq,
        visitor_seq: m.visitorSeq,
        client_id: m.clientId,
        author_type: m.authorType,
        author_id: m.authorId,
        author_name: m.authorName,
        body: m.body,
        internal: m.internal,
        payload: m.payload,
        created_at: m.createdAt,
      })),
    );
    const events = JSON.stringify(
      plan.events.map((e) => ({
        conversation_id: e.conversationId,
        site_id: e.siteId,
        type: e.type,
        actor_type: e.actorType,
        actor_id: e.actorId ?? null,
        data: e.data ?? {},
        created_at: e.createdAt,
      })),
    );
    const bumped = await this.query<{ id: string }>(APPLY_SQL, [updates, rows, events, plan.now]);
    return new Set(bumped.map((r) => r.id));
  }
}

// A conversation that keeps moving under other processes' writes gives up after this many tries.
const MAX_ATTEMPTS = 10;
// Conversations whose last written state the writer keeps, to plan without a read.
const MEMORY_MAX = 50_000;

type Snapshot = WrittenConversation & { firstAgentReplyAt: Date | null };

interface ReadResult {
  conversations: Map<string, ConversationState>;
  earlier: Map<string, MessageRow>;
}

interface ConversationState extends WrittenConversation {
  /** `last_seq`, status, assignee and first reply as planned from; the write applies only if the row still has them. */
  expectedSeq: number;
  expectedStatus: ConversationStatus;
  expectedAssigneeId: string | null;
  expectedNoReply: boolean;
  firstAgentReplyAt: Date | null;
  changed: boolean;
  preview: string | null;
  publicAt: Date | null;
}

interface Plan {
  outcomes: (StoredMessage | AppError)[];
  rows: MessageRow[];
  events: EventRow[];
  updates: ConversationState[];
  now: Date;
}

interface ReadRow {
  id: string;
  site_id: string;
  visitor_id: string;
  status: ConversationStatus;
  assignee_id: string | null;
  last_seq: number;
  visitor_last_seq: number;
  first_agent_reply_at: Date | string | null;
  earlier: EarlierJson[] | string;
}

type EarlierJson = Omit<MessageRow, 'conversationId' | 'createdAt'> & { createdAt: string };

// Built once: the hot path runs these on the driver directly, with JSON parameters.
const READ_SQL = `
  with input as (select * from jsonb_to_recordset($1::jsonb) as i(c uuid, k text))
  select c.id, c.site_id, c.visitor_id, c.status, c.assignee_id, c.last_seq, c.visitor_last_seq, c.first_agent_reply_at,
    (select coalesce(json_agg(json_build_object(
        'id', m.id, 'seq', m.seq, 'visitorSeq', m.visitor_seq, 'clientId', m.client_id, 'authorType', m.author_type, 'authorId', m.author_id,
        'authorName', m.author_name, 'body', m.body, 'internal', m.internal, 'payload', m.payload, 'createdAt', m.created_at)), '[]'::json)
      from messages m where m.conversation_id = c.id and m.client_id in (select k from input where input.c = c.id)) as earlier
  from conversations c
  where c.id in (select c from input)`;

const APPLY_SQL = `
  with v as (
    select * from jsonb_to_recordset($1::jsonb) as v(id uuid, expected int, expected_status text,
      expected_assignee uuid, expected_no_reply boolean, last_seq int, visitor_last_seq int, status text,
      assignee_id uuid, preview text, public_at timestamptz, first_reply timestamptz)
  ), m as (
    select * from jsonb_to_recordset($2::jsonb) as m(id uuid, conversation_id uuid, seq int, visitor_seq int, client_id text,
      author_type text, author_id uuid, author_name text, body text, internal boolean, payload jsonb, created_at timestamptz)
  ), retried as (
    -- Client ids of the batch that are stored already: their conversations are planned again.
    select m.conversation_id from m
    where exists (select 1 from messages s where s.conversation_id = m.conversation_id and s.client_id = m.client_id)
  ), bumped as (
    update conversations as c set
      last_seq = v.last_seq,
      visitor_last_seq = v.visitor_last_seq,
      status = v.status,
      -- A message that takes a snoozed (pending) conversation back to open ends the snooze.
      snoozed_until = case when c.status = 'pending' and v.status <> 'pending' then null else c.snoozed_until end,
      assignee_id = v.assignee_id,
      preview = coalesce(v.preview, c.preview),
      last_message_at = coalesce(v.public_at, c.last_message_at),
      first_agent_reply_at = v.first_reply,
      -- Moved at most every 30 seconds while nothing else indexed changes: a conversation active
      -- that recently is at the top of the newest-activity lists already, and leaving the indexed
      -- updated_at alone lets PostgreSQL update the row in place (HOT), without touching any index.
      updated_at = case
        when c.status = v.status and c.assignee_id is not distinct from v.assignee_id and c.updated_at > $4::timestamptz - interval '30 seconds' then c.updated_at
        else $4::timestamptz
      end
    from v
    where c.id = v.id
      and c.last_seq = v.expected
      and c.status = v.expected_status
      and c.assignee_id is not distinct from v.expected_assignee
      and (c.first_agent_reply_at is null) = v.expected_no_reply
      and c.id not in (select conversation_id from retried)
    returning c.id
  ), stored as (
    insert into messages (id, conversation_id, seq, visitor_seq, client_id, author_type, author_id, author_name, body, internal, payload, created_at)
    select m.* from m where m.conversation_id in (select id from bumped)
  ), logged as (
    insert into conversation_events (conversation_id, site_id, type, actor_type, actor_id, data, created_at)
    select e.* from jsonb_to_recordset($3::jsonb) as e(conversation_id uuid, site_id uuid, type text,
      actor_type text, actor_id uuid, data jsonb, created_at timestamptz)
    where e.conversation_id in (select id from bumped)
  )
  select id from bumped`;

function toDate(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}
