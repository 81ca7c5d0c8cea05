import { and, asc, desc, eq, gt, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { agents, conversationEvents, conversations, messages, siteAgents, visitors, type Database } from '@sportello/db';
import {
  LIMITS,
  REOPENED_REASON,
  canAgentMove,
  type ActorType,
  type AgentConversation,
  type Author,
  type ConversationStatus,
  type Message,
  type MessagePayload,
  type VisitorConversation,
} from '@sportello/protocol';
import { randomUUID } from 'node:crypto';
import { AppError } from '../app-error';
import { redactCardNumbers } from './card-redaction';
import type { ConversationNotifier, ConversationRef } from './conversation-notifier';
import { toAgentConversation, toMessage, toVisitorConversation, toVisitorMessage, type ConversationRow, type MessageRow } from './conversation-view';
import type { AttachmentService } from './attachment-service';
import type { MessageWriter, StoredMessage } from './message-writer';
import { canAccessSite, type AgentPrincipal, type VisitorPrincipal } from './principal';
import { readReopenFacts, reopenOutcome } from './reopen-policy';
import { conversationTexts } from './shopper-notices';

type EventInsert = typeof conversationEvents.$inferInsert;

/** A `system` message a change adds to the conversation, numbered with the next `seq` in its transaction. */
interface Notice {
  clientId: string;
  body: string;
}

/** What a change inside `mutate` has besides the row and its events. */
interface ChangeContext {
  /** `system` messages to add with the change (written only with at least one event). */
  notices: Notice[];
  /** The transaction, for reads that must see the row as locked. */
  tx: Database;
}

export interface Actor {
  type: ActorType;
  id: string | null;
}

export interface ConversationFilters {
  status?: ConversationStatus[];
  assignee?: string | 'me' | 'none';
  siteId?: string;
  priority?: AgentConversation['priority'];
  snoozed?: boolean;
  q?: string;
  order?: 'recent' | 'waiting';
  limit: number;
  cursor?: string;
}

export interface SendInput {
  conversationId: string;
  clientId: string;
  body: string;
  author: Author;
  internal?: boolean;
  payload?: MessagePayload | null;
  /** Ids of files the author uploaded, sent with this message. */
  attachments?: string[];
}

/** Matches of one search source gathered by id before the search walks the list instead (see searchCondition). */
const SEARCH_GATHER_MAX = 2000;

// Immutable facts (site, visitor) of recently used conversations, so ownership checks cost no query.
const REF_CACHE_MAX = 50_000;

/**
 * Conversations and their messages: every write goes through here, and every change is followed,
 * after its commit, by a notice to the realtime layer.
 */
export class ConversationService {
  private readonly refs = new Map<string, ConversationRef>();

  constructor(
    private readonly db: Database,
    private readonly writer: MessageWriter,
    private readonly notifier: () => ConversationNotifier,
    private readonly files: AttachmentService,
    /** Statement timeout of agents' list and search queries, in ms (0: none). */
    private readonly queryTimeoutMs = 0,
  ) {}

  /** Site and visitor of a conversation, or null when it does not exist. */
  async refOf(id: string): Promise<ConversationRef | null> {
    const cached = this.refs.get(id);
    if (cached) return cached;
    const [row] = await this.db
      .select({ id: conversations.id, siteId: conversations.siteId, visitorId: conversations.visitorId })
      .from(conversations)
      .where(eq(conversations.id, id));
    if (!row) return null;
    this.remember(row);
    return row;
  }

  private remember(ref: ConversationRef): void {
    if (this.refs.size >= REF_CACHE_MAX) this.refs.delete(this.refs.keys().next().value!);
    this.refs.set(ref.id, { id: ref.id, siteId: ref.siteId, visitorId: ref.visitorId });
  }

  /** Forgets cached facts, e.g. after a conversation was erased. */
  forget(id: string): void {
    this.refs.delete(id);
  }

  /** The visitor's own conversation; another visitor's is reported as not found. */
  async requireVisitorConversation(visitor: VisitorPrincipal, id: string): Promise<ConversationRef> {
    const ref = await this.refOf(id);
    if (!ref || ref.visitorId !== visitor.id) throw new AppError('NOT_FOUND', 'No such conversation.');
    return ref;
  }

  /** A conversation of one of the agent's sites; any other is reported as not found. */
  async requireAgentConversation(agent: AgentPrincipal, id: string): Promise<ConversationRef> {
    const ref = await this.refOf(id);
    if (!ref || !canAccessSite(agent, ref.siteId)) throw new AppError('NOT_FOUND', 'No such conversation.');
    return ref;
  }

  /** Opens a new conversation for a visitor; it starts with the bot, when the site has it on. */
  async start(
    visitor: VisitorPrincipal,
    options: { locale?: string | undefined; page?: { url: string; title?: string | undefined } | undefined; botEnabled?: boolean },
  ): Promise<ConversationRow> {
    // Timestamps come from here, in milliseconds, so that list cursors compare exactly.
    const now = new Date();
    const row = await this.db.transaction(async (tx) => {
      // The visitor's row is locked while its open conversations are counted and one is added,
      // so starts arriving at once, on any process, cannot pass the cap together.
      await tx.select({ id: visitors.id }).from(visitors).where(eq(visitors.id, visitor.id)).for('update');
      const open = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(conversations)
        .where(and(eq(conversations.visitorId, visitor.id), sql`${conversations.status} <> 'closed'`));
      if ((open[0]?.n ?? 0) >= LIMITS.visitorOpenConversationsMax) {
        throw new AppError('RATE_LIMITED', 'Too many open conversations; continue an existing one.');
      }
      const [created] = await tx
        .insert(conversations)
        .values({
          siteId: visitor.siteId,
          visitorId: visitor.id,
          // Without a bot, the conversation waits for a human from the start.
          status: options.botEnabled === false ? 'queued' : 'bot',
          queuedAt: options.botEnabled === false ? now : null,
          locale: options.locale ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(conversationEvents).values({
        conversationId: created!.id,
        siteId: visitor.siteId,
        type: 'created',
        actorType: 'visitor',
        actorId: visitor.id,
        data: options.page ? { page: options.page } : {},
        createdAt: now,
      });
      return created!;
    });
    this.remember(row);
    void this.notifyChanged(row.id);
    return row;
  }

  async listForVisitor(visitorId: string): Promise<ConversationRow[]> {
    return this.db
      .select()
      .from(conversations)
      .where(eq(conversations.visitorId, visitorId))
      .orderBy(desc(conversations.updatedAt))
      .limit(50);
  }

  async getRow(id: string): Promise<ConversationRow> {
    const [row] = await this.db.select().from(conversations).where(eq(conversations.id, id));
    if (!row) throw new AppError('NOT_FOUND', 'No such conversation.');
    return row;
  }

  async agentView(id: string): Promise<AgentConversation> {
    return (await this.views(id)).agent;
  }

  /** The conversation as agents and as its shopper see it. */
  private async views(id: string): Promise<{ agent: AgentConversation; visitor: VisitorConversation }> {
    const [row] = await this.db
      .select({ conversation: conversations, visitor: visitors })
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(eq(conversations.id, id));
    if (!row) throw new AppError('NOT_FOUND', 'No such conversation.');
    return { agent: toAgentConversation(row.conversation, row.visitor), visitor: toVisitorConversation(row.conversation) };
  }

  /**
   * Stores a message and, after the commit, tells the realtime layer. A retried `clientId`
   * returns the first copy (and notifies again, since the first notice may have been lost).
   * `view` is the message as agents see it, for acks and responses.
   */
  async send(input: SendInput, origin?: string): Promise<StoredMessage & { view: Message }> {
    let payload = input.payload ?? null;
    if (input.attachments?.length) {
      const by = input.author.type === 'visitor' ? { visitorId: input.author.id! } : input.author.type === 'agent' ? { agentId: input.author.id! } : null;
      if (!by) throw new AppError('FORBIDDEN', 'Only shoppers and agents send files.');
      const files = await this.files.claim({ ids: input.attachments, conversationId: input.conversationId, clientId: input.clientId, ...by });
      payload = { ...payload, attachments: files };
    }
    const stored = await this.writer.write({
      conversationId: input.conversationId,
      clientId: input.clientId,
      body: redactCardNumbers(input.body),
      authorType: input.author.type,
      authorId: input.author.id,
      authorName: input.author.name,
      internal: input.internal ?? false,
      payload,
    });
    const ref = { id: stored.conversation.id, siteId: stored.conversation.siteId, visitorId: stored.conversation.visitorId };
    this.remember(ref);
    const view = this.files.withLinks(toMessage(stored.message));
    this.notifier().messageStored(ref, view, origin);
    if (stored.statusChanged) void this.notifyChanged(ref.id);
    return { ...stored, view };
  }

  /**
   * Messages after `afterSeq` of one audience's view, oldest first, at most
   * `LIMITS.replayMaxMessages`: agents' in the full numbering (notes included), the shopper's in
   * theirs (public messages only, numbered without the notes).
   */
  async replay(id: string, afterSeq: number, audience: 'agent' | 'visitor'): Promise<{ messages: Message[]; hasMore: boolean }> {
    const position = audience === 'agent' ? messages.seq : messages.visitorSeq;
    const rows = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, id), gt(position, afterSeq)))
      .orderBy(asc(position))
      .limit(LIMITS.replayMaxMessages + 1);
    const hasMore = rows.length > LIMITS.replayMaxMessages;
    const page = rows.slice(0, LIMITS.replayMaxMessages).map((row) => this.files.withLinks(toMessage(row)));
    return { messages: audience === 'agent' ? page : page.map(toVisitorMessage).filter((m) => m !== null), hasMore };
  }

  /**
   * Records that one side has seen up to `seq` of its own view (never moving backwards) and tells
   * both. The agents' position is kept in both numberings, for the shopper's "seen" marks.
   */
  async markSeen(ref: ConversationRef, by: 'visitor' | 'agent', seq: number, origin?: string): Promise<void> {
    if (by === 'visitor') {
      const [row] = await this.db
        .update(conversations)
        .set({ visitorSeenSeq: sql`greatest(${conversations.visitorSeenSeq}, least(${seq}, ${conversations.visitorLastSeq}))` })
        .where(eq(conversations.id, ref.id))
        .returning({ seen: conversations.visitorSeenSeq });
      if (row) this.notifier().seen(ref, { conversationId: ref.id, seq: row.seen, by }, row.seen, origin);
      return;
    }
    const seen = sql`greatest(${conversations.agentSeenSeq}, least(${seq}, ${conversations.lastSeq}))`;
    const [row] = await this.db
      .update(conversations)
      .set({
        agentSeenSeq: seen,
        agentSeenVisitorSeq: sql`greatest(${conversations.agentSeenVisitorSeq}, coalesce((select max(m.visitor_seq) from messages m where m.conversation_id = ${conversations.id} and m.seq <= ${seen}), 0))`,
      })
      .where(eq(conversations.id, ref.id))
      .returning({ seen: conversations.agentSeenSeq, visitorSeen: conversations.agentSeenVisitorSeq });
    if (row) this.notifier().seen(ref, { conversationId: ref.id, seq: row.seen, by }, row.visitorSeen, origin);
  }

  typing(ref: ConversationRef, author: Author, typing: boolean, origin?: string, internal = false): void {
    this.notifier().typing(ref, { conversationId: ref.id, author, typing, ...(internal ? { internal } : {}) }, origin);
  }

  /** The agent takes the conversation: it becomes `open` and theirs, and the bot goes silent. */
  async takeOver(agent: AgentPrincipal, id: string): Promise<AgentConversation> {
    await this.requireAgentConversation(agent, id);
    return this.mutate(id, { type: 'agent', id: agent.id }, (row, events) => {
      if (row.status === 'closed') throw new AppError('INVALID_TRANSITION', 'A closed conversation cannot be taken over.');
      const patch: Partial<ConversationRow> = {};
      if (row.assigneeId !== agent.id) {
        patch.assigneeId = agent.id;
        events.push({ type: 'assigned', data: { from: row.assigneeId, to: agent.id } });
      }
      if (row.status !== 'open') {
        patch.status = 'open';
        events.push({ type: 'status_changed', data: { from: row.status, to: 'open', reason: 'takeover' } });
      }
      events.push({ type: 'taken_over', data: { from: row.status } });
      return patch;
    });
  }

  /** Assigns to an agent of the conversation's site, or unassigns (`null`, back to the queue if open). */
  async assign(agent: AgentPrincipal, id: string, assigneeId: string | null): Promise<AgentConversation> {
    const ref = await this.requireAgentConversation(agent, id);
    if (assigneeId) await this.requireAssignable(assigneeId, ref.siteId);
    return this.mutate(id, { type: 'agent', id: agent.id }, (row, events) => {
      if (row.status === 'closed') throw new AppError('INVALID_TRANSITION', 'A closed conversation cannot be assigned.');
      const patch: Partial<ConversationRow> = {};
      if (row.assigneeId === assigneeId) return patch;
      patch.assigneeId = assigneeId;
      events.push({ type: 'assigned', data: { from: row.assigneeId, to: assigneeId } });
      const next: ConversationStatus | null =
        assigneeId && (row.status === 'bot' || row.status === 'queued') ? 'open' : !assigneeId && row.status === 'open' ? 'queued' : null;
      if (next) {
        patch.status = next;
        events.push({ type: 'status_changed', data: { from: row.status, to: next, reason: 'assignment' } });
      }
      return patch;
    });
  }

  private async requireAssignable(agentId: string, siteId: string): Promise<void> {
    const [row] = await this.db
      .select({ id: agents.id, role: agents.role, active: agents.active, member: siteAgents.siteId })
      .from(agents)
      .leftJoin(siteAgents, and(eq(siteAgents.agentId, agents.id), eq(siteAgents.siteId, siteId)))
      .where(eq(agents.id, agentId));
    if (!row || !row.active || (row.role !== 'admin' && !row.member)) {
      throw new AppError('VALIDATION_FAILED', 'agentId: no active agent of this site has that id.');
    }
  }

  async setPriority(agent: AgentPrincipal, id: string, priority: AgentConversation['priority']): Promise<AgentConversation> {
    await this.requireAgentConversation(agent, id);
    return this.mutate(id, { type: 'agent', id: agent.id }, (row, events) => {
      if (row.priority === priority) return {};
      events.push({ type: 'priority_changed', data: { from: row.priority, to: priority } });
      return { priority };
    });
  }

  /**
   * Puts an open or pending conversation aside until `until`: it waits as `pending` and comes back
   * `open` then (`wakeSnoozed`), or earlier when the shopper writes.
   */
  async snooze(agent: AgentPrincipal, id: string, until: Date): Promise<AgentConversation> {
    await this.requireAgentConversation(agent, id);
    return this.mutate(id, { type: 'agent', id: agent.id }, (row, events) => {
      if (row.status !== 'open' && row.status !== 'pending') {
        throw new AppError('INVALID_TRANSITION', `Only an open or pending conversation can be snoozed, not a ${row.status} one.`);
      }
      const patch: Partial<ConversationRow> = { snoozedUntil: until };
      if (row.status !== 'pending') {
        patch.status = 'pending';
        events.push({ type: 'status_changed', data: { from: row.status, to: 'pending', reason: 'snoozed' } });
      }
      events.push({ type: 'snoozed', data: { until: until.toISOString() } });
      return patch;
    });
  }

  /**
   * Brings back the conversations whose snooze time has come (still pending: to `open`). Safe to
   * run in every process at once: the row lock lets one of them do each.
   */
  async wakeSnoozed(now = new Date()): Promise<number> {
    const due = await this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(lte(conversations.snoozedUntil, now))
      .limit(200);
    let woken = 0;
    for (const { id } of due) {
      await this.mutate(id, { type: 'system', id: null }, (row, events) => {
        if (!row.snoozedUntil || row.snoozedUntil > now) return {};
        const patch: Partial<ConversationRow> = { snoozedUntil: null };
        events.push({ type: 'snooze_ended', data: {} });
        if (row.status === 'pending') {
          patch.status = 'open';
          events.push({ type: 'status_changed', data: { from: 'pending', to: 'open', reason: 'snooze_ended' } });
          woken++;
        }
        return patch;
      });
    }
    return woken;
  }

  /**
   * Records what one bot turn did (`bot_replied`: intent, articles, handoff reason), for reports
   * (deflection, topics). Changes nothing about the conversation itself.
   */
  async recordBotTurn(ref: ConversationRef, data: { intent: string; articleIds: string[]; handoff: string | null }): Promise<void> {
    await this.db.insert(conversationEvents).values({
      conversationId: ref.id,
      siteId: ref.siteId,
      type: 'bot_replied',
      actorType: 'bot',
      actorId: null,
      data,
      createdAt: new Date(),
    });
  }

  /** Moves the conversation along the lifecycle, if the move is allowed. */
  async changeStatus(actor: Actor, id: string, to: ConversationStatus, reason?: string): Promise<AgentConversation> {
    return this.mutate(id, actor, (row, events) => {
      if (row.status === to) return {};
      if (actor.type === 'agent' && !canAgentMove(row.status, to)) {
        throw new AppError('INVALID_TRANSITION', `A conversation cannot move from ${row.status} to ${to}.`);
      }
      const patch: Partial<ConversationRow> = { status: to };
      if (to === 'queued' && reason) patch.handoffReason = reason;
      events.push({ type: 'status_changed', data: { from: row.status, to, ...(reason ? { reason } : {}) } });
      return patch;
    });
  }

  /**
   * The shopper's rating (CSAT) of a resolved or closed conversation; a new one replaces the last.
   * Each stored rating adds a thank-you to the history (a `system` message in the conversation's
   * language); a retried rate (the same rating and comment) changes nothing. The status stays.
   */
  async rate(visitor: VisitorPrincipal, id: string, rating: number, comment: string | undefined): Promise<AgentConversation> {
    await this.requireVisitorConversation(visitor, id);
    return this.mutate(id, { type: 'visitor', id: visitor.id }, async (row, events, { notices, tx }) => {
      if (row.status !== 'resolved' && row.status !== 'closed') {
        throw new AppError('INVALID_TRANSITION', 'A conversation can be rated once it is resolved.');
      }
      if (row.csatRating === rating && row.csatComment === (comment ?? null)) return {};
      events.push({ type: 'rated', data: { rating, ...(comment ? { comment } : {}) } });
      notices.push({ clientId: `rated-${row.lastSeq + 1}`, body: (await conversationTexts(tx, row)).ratingThanks });
      return { csatRating: rating, csatComment: comment ?? null };
    });
  }

  /**
   * Applies the reopen policy (`reopen-policy.ts`) after a shopper's message was stored into a
   * resolved conversation: under the row lock, the first call that still finds it resolved moves
   * it to `open` (assignee online), `bot` (bot on) or `queued` (reason `reopened`) and stores what
   * the shopper is told, in one transaction; any other call (a retried send, another process, the
   * next message of a burst) changes nothing. Call it whenever a visitor's write leaves the
   * conversation `resolved`, before acking, so a crash in between is mended by the client's retry.
   *
   * `botAnswers` says whether the caller should run the bot on this message: when this call gave
   * the bot the turn, or when the message is new and an earlier one already gave it to the bot.
   */
  async reopen(id: string, message: { id: string; created: boolean }, now = new Date()): Promise<{ status: ConversationStatus; botAnswers: boolean }> {
    let status: ConversationStatus = 'resolved';
    let botAnswers = false;
    await this.mutate(id, { type: 'system', id: null }, async (row, events, { notices, tx }) => {
      status = row.status;
      if (row.status !== 'resolved') {
        if (row.status === 'bot' && message.created) {
          // Reopened meanwhile: the bot answers this message unless it is the one that reopened it.
          const [last] = await tx
            .select({ data: conversationEvents.data })
            .from(conversationEvents)
            .where(and(eq(conversationEvents.conversationId, id), eq(conversationEvents.type, 'status_changed'), sql`${conversationEvents.data}->>'reason' = ${REOPENED_REASON}`))
            .orderBy(desc(conversationEvents.createdAt))
            .limit(1);
          botAnswers = !!last && last.data.messageId !== message.id;
        }
        return {};
      }
      const outcome = reopenOutcome(await readReopenFacts(tx, row, now));
      status = outcome.status;
      botAnswers = outcome.status === 'bot';
      events.push({ type: 'status_changed', data: { from: row.status, to: outcome.status, reason: REOPENED_REASON, messageId: message.id } });
      if (outcome.notice) notices.push({ clientId: `reopened-${message.id}`, body: outcome.notice });
      return { status: outcome.status, handoffReason: outcome.handoffReason };
    });
    return { status, botAnswers };
  }

  /** Same as `changeStatus`, after checking that the agent works on the conversation's site. */
  async changeStatusAsAgent(agent: AgentPrincipal, id: string, to: ConversationStatus, reason?: string): Promise<AgentConversation> {
    await this.requireAgentConversation(agent, id);
    return this.changeStatus({ type: 'agent', id: agent.id }, id, to, reason);
  }

  /**
   * Runs one change under the conversation's row lock, writes its events and notices, then
   * notifies. `change` returns the columns to set and pushes the events to record (and any
   * `system` notices to add, which take the next `seq`s: the message writer, planning from the
   * old `last_seq`, misses and plans again).
   */
  private async mutate(
    id: string,
    actor: Actor,
    change: (
      row: ConversationRow,
      events: { type: string; data: Record<string, unknown> }[],
      context: ChangeContext,
    ) => Partial<ConversationRow> | Promise<Partial<ConversationRow>>,
  ): Promise<AgentConversation> {
    const written = await this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
      if (!row) throw new AppError('NOT_FOUND', 'No such conversation.');
      const events: { type: string; data: Record<string, unknown> }[] = [];
      const notices: Notice[] = [];
      const patch = await change(row, events, { notices, tx });
      if (events.length === 0) return null;
      const now = new Date();
      if (patch.status && patch.status !== row.status) {
        if (patch.status === 'queued') patch.queuedAt = now;
        // Any move out of `pending` other than a new snooze ends the snooze.
        if (patch.snoozedUntil === undefined && row.snoozedUntil) patch.snoozedUntil = null;
      }
      const stored: MessageRow[] = notices.map((notice, i) => ({
        id: randomUUID(),
        conversationId: id,
        seq: row.lastSeq + i + 1,
        visitorSeq: row.visitorLastSeq + i + 1,
        clientId: notice.clientId,
        authorType: 'system',
        authorId: null,
        authorName: null,
        body: notice.body,
        internal: false,
        payload: null,
        createdAt: now,
      }));
      if (stored.length) {
        patch.lastSeq = row.lastSeq + stored.length;
        patch.visitorLastSeq = row.visitorLastSeq + stored.length;
        patch.lastMessageAt = now;
      }
      await tx.update(conversations).set({ ...patch, updatedAt: now }).where(eq(conversations.id, id));
      if (stored.length) await tx.insert(messages).values(stored);
      const rows: EventInsert[] = events.map((e) => ({
        conversationId: id,
        siteId: row.siteId,
        type: e.type,
        actorType: actor.type,
        actorId: actor.id,
        data: e.data,
        createdAt: now,
      }));
      await tx.insert(conversationEvents).values(rows);
      return { stored };
    });
    const views = await this.views(id);
    if (written) {
      const ref = await this.refOf(id);
      if (ref) {
        for (const message of written.stored) this.notifier().messageStored(ref, this.files.withLinks(toMessage(message)));
        this.notifier().conversationChanged(views.agent, views.visitor, ref.visitorId);
      }
    }
    return views.agent;
  }

  private async notifyChanged(id: string): Promise<void> {
    try {
      const views = await this.views(id);
      const ref = await this.refOf(id);
      if (ref) this.notifier().conversationChanged(views.agent, views.visitor, ref.visitorId);
    } catch {
      // A notice is best effort: the state is stored, and clients catch up on their next sync.
    }
  }

  /** The agent's inbox: newest activity first, filtered, in pages of `limit`. */
  async list(agent: AgentPrincipal, filters: ConversationFilters): Promise<{ conversations: AgentConversation[]; nextCursor: string | null }> {
    return this.bounded((db) => this.listIn(db, agent, filters));
  }

  /**
   * Runs an agent's read under a statement timeout (`AGENT_QUERY_TIMEOUT_MS`): a query that would
   * run on after the agent gave up (a search nothing narrows) is cut off, with `QUERY_TIMEOUT`.
   */
  private bounded<T>(run: (db: Database) => Promise<T>): Promise<T> {
    if (!this.queryTimeoutMs) return run(this.db);
    return this.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local statement_timeout = ${Math.round(this.queryTimeoutMs)}`));
      return run(tx as unknown as Database);
    });
  }

  private async listIn(db: Database, agent: AgentPrincipal, filters: ConversationFilters): Promise<{ conversations: AgentConversation[]; nextCursor: string | null }> {
    const scope = siteScope(agent, filters.siteId);
    if (scope === null) return { conversations: [], nextCursor: null };
    const conditions: SQL[] = scope ? [scope] : [];
    if (filters.status?.length) conditions.push(inArray(conversations.status, filters.status));
    if (filters.assignee === 'none') conditions.push(isNull(conversations.assigneeId));
    else if (filters.assignee) {
      conditions.push(eq(conversations.assigneeId, filters.assignee === 'me' ? agent.id : filters.assignee));
    }
    if (filters.priority) conditions.push(eq(conversations.priority, filters.priority));
    if (filters.snoozed === true) conditions.push(eq(conversations.status, 'pending'), gt(conversations.snoozedUntil, new Date()));
    if (filters.snoozed === false) conditions.push(or(isNull(conversations.snoozedUntil), lte(conversations.snoozedUntil, new Date()), sql`${conversations.status} <> 'pending'`)!);
    if (filters.q) conditions.push(await this.searchCondition(db, filters.q, scope));
    // `waiting`: longest in the queue first; `recent`: latest activity first.
    const waiting = filters.order === 'waiting';
    const key = waiting ? sql<Date>`coalesce(${conversations.queuedAt}, ${conversations.updatedAt})` : conversations.updatedAt;
    if (filters.cursor) {
      const cursor = decodeCursor(filters.cursor);
      const [before, idBefore] = waiting ? [sql`${key} > ${cursor.at.toISOString()}::timestamptz`, gt(conversations.id, cursor.id)] : [lt(conversations.updatedAt, cursor.at), lt(conversations.id, cursor.id)];
      conditions.push(or(before, and(sql`${key} = ${cursor.at.toISOString()}::timestamptz`, idBefore))!);
    }
    const rows = await db
      .select({ conversation: conversations, visitor: visitors })
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(...(waiting ? [asc(key), asc(conversations.id)] : [desc(conversations.updatedAt), desc(conversations.id)]))
      .limit(filters.limit + 1);
    const page = rows.slice(0, filters.limit);
    const last = page[page.length - 1]?.conversation;
    return {
      conversations: page.map((r) => toAgentConversation(r.conversation, r.visitor)),
      nextCursor: rows.length > filters.limit && last ? encodeCursor(waiting ? (last.queuedAt ?? last.updatedAt) : last.updatedAt, last.id) : null,
    };
  }

  /**
   * Search: the words, as prefixes, in any message of the conversation (PostgreSQL full-text search
   * on the `messages_body_search_idx` GIN index; order numbers are words too), or the text in the
   * shopper's email or name (trigram indexes). Scripts without spaces between words (Chinese,
   * Japanese) match only whole runs of text as PostgreSQL's parser splits them.
   *
   * Its shape follows how selective the search is. The matches of each source are gathered first,
   * up to SEARCH_GATHER_MAX each: when every source stays under it (a rare word, an order number,
   * an e-mail), the list is those conversations, found by id. When one does not (a word in half the
   * messages), the list walks the conversations newest first and keeps those with a match, which
   * fills a page after a few dozen: a person reads the newest matches, not the millionth.
   */
  private async searchCondition(db: Database, q: string, scope: SQL | undefined): Promise<SQL> {
    const words = q.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean).slice(0, 8);
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const query = words.length ? sql`(to_tsquery('simple', ${words.map((w) => `${w}:*`).join(' & ')}) || plainto_tsquery('simple', ${q}))` : null;
    // The words as prefixes, or the text as PostgreSQL's parser reads it (so "SP-1042", "1.5" or an
    // e-mail address match as they were indexed).
    const inMessage = query ? sql`to_tsvector('simple', ${messages.body}) @@ ${query}` : null;
    const shopper = or(ilike(visitors.email, like), ilike(visitors.name, like))!;
    // One after the other: inside the statement timeout's transaction, on one connection.
    const byMessage = inMessage ? await db.select({ id: messages.conversationId }).from(messages).where(inMessage).limit(SEARCH_GATHER_MAX + 1) : [];
    const byShopper = await db
      .select({ id: conversations.id })
      .from(visitors)
      .innerJoin(conversations, eq(conversations.visitorId, visitors.id))
      .where(scope ? and(shopper, scope) : shopper)
      .limit(SEARCH_GATHER_MAX + 1);
    if (byMessage.length <= SEARCH_GATHER_MAX && byShopper.length <= SEARCH_GATHER_MAX) {
      const ids = [...new Set([...byMessage, ...byShopper].map((r) => r.id))];
      return ids.length ? inArray(conversations.id, ids) : sql`false`;
    }
    const matches: SQL[] = [byShopper.length > SEARCH_GATHER_MAX ? shopper : byShopper.length ? inArray(conversations.id, byShopper.map((r) => r.id)) : sql`false`];
    if (inMessage) {
      matches.push(
        byMessage.length > SEARCH_GATHER_MAX
          ? sql`exists (select 1 from ${messages} where ${messages.conversationId} = ${conversations.id} and ${inMessage})`
          : inArray(conversations.id, [...new Set(byMessage.map((r) => r.id))]),
      );
    }
    return or(...matches)!;
  }

  /** How many conversations each inbox list holds, over the agent's sites (or one of them). */
  async counts(agent: AgentPrincipal, siteId?: string): Promise<{ queued: number; mine: number; bot: number; open: number; pending: number; snoozed: number }> {
    const scope = siteScope(agent, siteId);
    if (scope === null) return { queued: 0, mine: 0, bot: 0, open: 0, pending: 0, snoozed: 0 };
    const conditions: SQL[] = [inArray(conversations.status, ['bot', 'queued', 'open', 'pending'])];
    if (scope) conditions.push(scope);
    const now = new Date().toISOString();
    const [row] = await this.db
      .select({
        queued: sql<number>`count(*) filter (where ${conversations.status} = 'queued')::int`,
        mine: sql<number>`count(*) filter (where ${conversations.status} in ('open', 'pending') and ${conversations.assigneeId} = ${agent.id})::int`,
        bot: sql<number>`count(*) filter (where ${conversations.status} = 'bot')::int`,
        open: sql<number>`count(*) filter (where ${conversations.status} = 'open')::int`,
        pending: sql<number>`count(*) filter (where ${conversations.status} = 'pending' and (${conversations.snoozedUntil} is null or ${conversations.snoozedUntil} <= ${now}::timestamptz))::int`,
        snoozed: sql<number>`count(*) filter (where ${conversations.status} = 'pending' and ${conversations.snoozedUntil} > ${now}::timestamptz)::int`,
      })
      .from(conversations)
      .where(and(...conditions));
    return row ?? { queued: 0, mine: 0, bot: 0, open: 0, pending: 0, snoozed: 0 };
  }

  /** State-change history of a conversation, oldest first. */
  async events(id: string): Promise<(typeof conversationEvents.$inferSelect)[]> {
    return this.db
      .select()
      .from(conversationEvents)
      .where(eq(conversationEvents.conversationId, id))
      .orderBy(asc(conversationEvents.createdAt));
  }
}

/**
 * The conversations an agent may list: of one site (if theirs), of all their sites, or of every
 * site for an admin (undefined: no condition). Null when they may see none.
 */
function siteScope(agent: AgentPrincipal, siteId: string | undefined): SQL | undefined | null {
  if (siteId) return canAccessSite(agent, siteId) ? eq(conversations.siteId, siteId) : null;
  if (agent.role === 'admin') return undefined;
  return agent.siteIds.length ? inArray(conversations.siteId, agent.siteIds) : null;
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(at.getTime())) {
    throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor from a previous page.');
  }
  return { at, id };
}
