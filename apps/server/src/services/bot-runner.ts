import { and, desc, eq } from 'drizzle-orm';
import { conversations, messages, visitors, type Database } from '@sportello/db';
import type { Message } from '@sportello/protocol';
import { decide, KnowledgeIndex, type BotDecision, type BotInput, type BotState } from '@sportello/bot';
import type { FastifyBaseLogger } from 'fastify';
import { onlineAgentCount } from './agent-presence';
import { businessHoursAt } from './business-hours';
import type { LlmAssistant } from './llm-assistant';
import type { ConversationService } from './conversation-service';
import type { KbService } from './kb-service';
import type { OrderSources } from './order-sources';
import type { ProductSources } from './product-sources';
import type { SiteRow, SiteService } from './site-service';
import { TurnLock } from './turn-lock';
import type { VisitorService } from './visitor-service';

/** How long a bot turn waits for a site's first product listing before answering without it. */
const CATALOGUE_WAIT_MS = 1_500;

const DEFAULT_RETURN_POLICY = { windowDays: 30, nonReturnableTags: [], autoApproveLimitCents: 15_000 };

/** What the bot needs of a message that a shopper just stored. */
export interface VisitorTurn {
  conversationId: string;
  messageId: string;
  body: string;
  /** Files sent with the message. */
  files?: number;
  /** The return the message's photos were attached to, if any. */
  returnRef?: string | null;
}

/** What the bot says to files sent without words: it cannot look at them, a person can. */
const FILE_REPLIES: Record<'en' | 'it', { toReturn: (ref: string) => string; forReturn: string; handoff: string; handoffLater: string }> = {
  en: {
    toReturn: (ref) => `Thank you: the photo is now with your return ${ref}, where our team will see it when they review it.`,
    forReturn: 'Thank you, the photo will go with your return. Now, where were we:',
    handoff: "Thank you for the file. I can't look at files myself, so I've passed the chat to our team: someone will look at it and reply here.",
    handoffLater: "Thank you for the file. I can't look at files myself, so I've passed it to our team: they will look at it and reply here when they are back.",
  },
  it: {
    toReturn: (ref) => `Grazie: la foto ora è con il tuo reso ${ref}, dove il nostro team la vedrà quando lo esaminerà.`,
    forReturn: 'Grazie, la foto andrà con il tuo reso. Riprendiamo:',
    handoff: 'Grazie per il file. Non posso aprire i file da solo, quindi ho passato la chat al nostro team: qualcuno lo guarderà e ti risponderà qui.',
    handoffLater: 'Grazie per il file. Non posso aprire i file da solo, quindi l\'ho passato al nostro team: lo guarderanno e ti risponderanno qui appena rientrano.',
  },
};

/**
 * Runs the bot on the shoppers' messages of conversations it owns (status `bot`): one turn at a
 * time per conversation, after the shopper's message is stored and acked. Its replies go through
 * the same message path as anyone's; a handoff moves the conversation to `queued` with the reason.
 * Once an agent has the conversation the bot stays silent.
 *
 * One turn at a time holds across processes too: turns queue per conversation in this process,
 * and each holds the conversation's advisory lock in PostgreSQL while it reads the bot's state,
 * decides and writes, so a shopper whose tabs reach two processes never has two turns read the
 * same state. Across processes, turns run in the order they take the lock.
 */
export class BotRunner {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly indexes = new Map<string, { fingerprint: string; index: KnowledgeIndex }>();
  private readonly locks: TurnLock;

  constructor(
    private readonly deps: {
      db: Database;
      conversations: ConversationService;
      kb: KbService;
      sites: SiteService;
      orders: OrderSources;
      products: ProductSources;
      visitors: VisitorService;
      log: () => FastifyBaseLogger;
      /** The optional LLM mode (`OPENAI_API_KEY`); null keeps the deterministic bot alone. */
      llm: LlmAssistant | null;
    },
  ) {
    this.locks = TurnLock.for(deps.db, (conversationId, waitedMs) =>
      this.deps.log().warn({ conversationId, waitedMs }, 'bot turn went ahead without the conversation lock: another process held it too long'),
    );
  }

  /** Queues the bot's turn for a stored shopper message; never throws. Resolves when the turn is done. */
  handle(turn: VisitorTurn): Promise<void> {
    const previous = this.chains.get(turn.conversationId) ?? Promise.resolve();
    const next = previous.then(() => this.lockedTurn(turn)).catch((error: unknown) => this.deps.log().error({ err: error, conversationId: turn.conversationId }, 'bot turn failed'));
    this.chains.set(turn.conversationId, next);
    void next.finally(() => {
      if (this.chains.get(turn.conversationId) === next) this.chains.delete(turn.conversationId);
    });
    return next;
  }

  private async lockedTurn(turn: VisitorTurn): Promise<void> {
    const release = await this.locks.acquire(turn.conversationId);
    try {
      await this.turn(turn);
    } finally {
      await release();
    }
  }

  /**
   * The site's retrieval index over its published articles, rebuilt when they change. The check
   * is the database's fingerprint of them, not a note kept by this process, so an article edited
   * through another process (or the CLI) is answered from at the next turn.
   */
  async index(siteId: string): Promise<KnowledgeIndex> {
    const fingerprint = await this.deps.kb.fingerprint(siteId);
    const cached = this.indexes.get(siteId);
    if (cached && cached.fingerprint === fingerprint) return cached.index;
    const rows = await this.deps.kb.list(siteId, { published: true });
    const index = new KnowledgeIndex(rows.map((r) => ({ id: r.id, locale: r.locale, title: r.title, body: r.body, tags: r.tags, published: r.published })));
    // Fingerprint taken before the read: a change in between is seen again at the next check.
    this.indexes.set(siteId, { fingerprint, index });
    return index;
  }

  /** The bot's input for a site, without conversation state: also what the preview route uses. */
  async siteInput(site: SiteRow, now: Date): Promise<Pick<BotInput, 'site' | 'knowledgeBase' | 'catalogue' | 'products'>> {
    const online = await onlineAgentCount(this.deps.db, site.id);
    const hours = businessHoursAt(site.settings, now);
    return {
      site: {
        name: site.name,
        defaultLocale: site.settings.defaultLocale ?? 'en',
        returnPolicy: site.settings.returnPolicy ?? DEFAULT_RETURN_POLICY,
        humanAvailability: { agentsOnline: online > 0 && hours.open, nextOpening: hours.nextOpening?.toISOString() ?? null },
        timeZone: site.settings.timeZone ?? 'UTC',
      },
      knowledgeBase: await this.index(site.id),
      catalogue: await this.deps.products.catalogueWithin(site, CATALOGUE_WAIT_MS),
      products: this.deps.products.source(site),
    };
  }

  /**
   * Lets the LLM phrase the answer to a question, from the same knowledge base and order source;
   * its answer replaces the deterministic one only when it is grounded in what the tools returned.
   */
  private async withLlm(decision: BotDecision, conversationId: string, turn: VisitorTurn, site: SiteRow, index: KnowledgeIndex): Promise<BotDecision> {
    const earlier = await this.deps.db
      .select({ id: messages.id, authorType: messages.authorType, body: messages.body })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.internal, false)))
      .orderBy(desc(messages.seq))
      .limit(11);
    const history = earlier
      .filter((m) => m.id !== turn.messageId)
      .reverse()
      .map((m) => ({ role: m.authorType === 'visitor' ? ('user' as const) : ('assistant' as const), content: m.body }));
    const answer = await this.deps.llm!.answer({
      text: turn.body,
      locale: decision.locale,
      history,
      shopName: site.name,
      index,
      orders: this.deps.orders.for(site),
      returnPolicy: site.settings.returnPolicy ?? DEFAULT_RETURN_POLICY,
      now: new Date(),
      conversationId,
    });
    if (!answer) return decision;
    const quickReplies = decision.replies.find((r) => r.payload?.quickReplies)?.payload?.quickReplies;
    const created = answer.createdReturn;
    const card = created
      ? {
          card: {
            type: 'return' as const,
            reference: created.reference,
            orderNumber: created.orderNumber,
            status: created.status,
            items: created.items.map((i) => ({ name: i.name, quantity: i.quantity })),
            nextSteps: answer.body,
          },
        }
      : null;
    return {
      ...decision,
      intent: created ? 'return' : decision.intent,
      replies: [{ body: answer.body, ...(card ? { payload: card } : quickReplies && !answer.handoff ? { payload: { quickReplies } } : {}) }],
      articleIds: answer.articleIds,
      uncertain: false,
      handoff: answer.needsApproval ? { reason: 'return_needs_approval' } : answer.handoff ? { reason: 'requested' } : decision.handoff,
    };
  }

  /**
   * Files without words: photos for a return are acknowledged (the dialog goes on where it was);
   * anything else goes to a person, since the bot cannot see what a file shows.
   */
  private async filesOnly(turn: VisitorTurn, conversation: typeof conversations.$inferSelect, visitorLocale: string | null, site: SiteRow, botAuthor: { type: 'bot'; id: null; name: string }, now: Date): Promise<void> {
    const state = conversation.botState as BotState | null;
    const locale = state?.locale ?? conversation.locale ?? visitorLocale ?? site.settings.defaultLocale ?? 'en';
    const texts = FILE_REPLIES[locale.startsWith('it') ? 'it' : 'en'];
    const inReturn = state?.dialog?.kind === 'return';
    const send = (body: string, i: number, payload: Message['payload'] = null) =>
      this.deps.conversations.send({ conversationId: conversation.id, clientId: `bot-${turn.messageId}-${i}`, body, payload, author: botAuthor });
    if (turn.returnRef) {
      await send(texts.toReturn(turn.returnRef), 0);
      return;
    }
    if (inReturn) {
      // The question the dialog waits on, asked again below the thanks.
      const [last] = await this.deps.db
        .select({ body: messages.body, payload: messages.payload })
        .from(messages)
        .where(and(eq(messages.conversationId, conversation.id), eq(messages.authorType, 'bot')))
        .orderBy(desc(messages.seq))
        .limit(1);
      await send(texts.forReturn, 0);
      if (last) await send(last.body, 1, (last.payload as Message['payload']) ?? null);
      return;
    }
    const online = (await onlineAgentCount(this.deps.db, site.id)) > 0 && businessHoursAt(site.settings, now).open;
    await send(online ? texts.handoff : texts.handoffLater, 0);
    await this.deps.conversations.recordBotTurn({ id: conversation.id, siteId: site.id, visitorId: conversation.visitorId }, { intent: 'attachment', articleIds: [], handoff: 'attachment' });
    await this.deps.conversations.changeStatus({ type: 'bot', id: null }, conversation.id, 'queued', 'attachment');
  }

  private async turn(turn: VisitorTurn): Promise<void> {
    const [row] = await this.deps.db
      .select({ conversation: conversations, visitor: visitors })
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(eq(conversations.id, turn.conversationId));
    // Handing off while nobody is online, the bot asks for an e-mail to reply to: it still takes
    // that answer in the queue, whenever it comes (and nothing else there).
    const contactReply = row?.conversation.status === 'queued' && !!(row.conversation.botState as BotState | null)?.awaitingContactEmail;
    // Photos for a return waiting for approval are acknowledged while the conversation waits for a person, too.
    const photoForReturn = !!turn.files && !turn.body.trim() && !!turn.returnRef && row?.conversation.status === 'queued';
    if (!row || (row.conversation.status !== 'bot' && !contactReply && !photoForReturn)) return; // an agent has it, or it is gone
    const site = await this.deps.sites.byId(row.conversation.siteId);
    if (!site || site.settings.botEnabled === false) return;
    const now = new Date();
    const ref = { id: row.conversation.id, siteId: site.id, visitorId: row.visitor.id };
    const botAuthor = { type: 'bot' as const, id: null, name: site.settings.botName ?? 'Assistant' };
    if (turn.files && !turn.body.trim()) {
      if (turn.returnRef || (!contactReply && row.conversation.status === 'bot')) await this.filesOnly(turn, row.conversation, row.visitor.locale, site, botAuthor, now);
      return;
    }
    if (!contactReply) this.deps.conversations.typing(ref, botAuthor, true);
    let decision: BotDecision;
    try {
      const siteInput = await this.siteInput(site, now);
      decision = await decide({
        ...siteInput,
        state: (row.conversation.botState as BotState | null) ?? null,
        text: turn.body,
        locale: row.conversation.locale ?? row.visitor.locale,
        visitor: {
          verified: row.visitor.verified,
          customerId: row.visitor.verified ? row.visitor.externalId : null,
          email: row.visitor.email,
        },
        orders: this.deps.orders.for(site),
        now,
        conversationId: row.conversation.id,
      });
      // Not the e-mail: a person answers that; the bot keeps its state, still waiting for one.
      if (contactReply && !decision.visitorEmail && decision.asks !== 'contact_email') return;
      if (this.deps.llm && decision.intent === 'faq' && !decision.state.dialog) {
        decision = await this.withLlm(decision, row.conversation.id, turn, site, siteInput.knowledgeBase);
      }
    } finally {
      if (!contactReply) this.deps.conversations.typing(ref, botAuthor, false);
    }

    await this.deps.db
      .update(conversations)
      .set({ botState: decision.state as unknown as Record<string, unknown>, locale: decision.locale })
      .where(eq(conversations.id, row.conversation.id));
    // An e-mail the shopper gave the bot is theirs: the console shows it, later chats and the
    // away form use it, and the bot never asks for it again.
    if (decision.visitorEmail) await this.deps.visitors.learnEmail(row.visitor.id, decision.visitorEmail);
    // Client ids derive from the shopper's message, so a repeated turn stores nothing twice.
    for (const [i, reply] of decision.replies.entries()) {
      await this.deps.conversations.send({
        conversationId: row.conversation.id,
        clientId: `bot-${turn.messageId}-${i}`,
        body: reply.body,
        payload: reply.payload ?? null,
        author: botAuthor,
      });
    }
    await this.deps.conversations.recordBotTurn(ref, { intent: decision.intent, articleIds: decision.articleIds, handoff: decision.handoff?.reason ?? null });
    if (decision.handoff) {
      await this.deps.conversations.changeStatus({ type: 'bot', id: null }, row.conversation.id, 'queued', decision.handoff.reason);
    }
  }
}
