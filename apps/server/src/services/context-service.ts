import { and, desc, eq, ne, or } from 'drizzle-orm';
import { conversations, returns, visitors, type Database } from '@sportello/db';
import type { ConversationContext, Order, OrderSource, PageView, ReturnView } from '@sportello/protocol';
import { OrderSourceError } from '@sportello/protocol';
import { AppError } from '../app-error';
import { toVisitorConversation, toVisitorSummary } from './conversation-view';
import type { OrderSources } from './order-sources';
import type { SiteService } from './site-service';
import type { AttachmentService } from './attachment-service';

type ReturnRow = typeof returns.$inferSelect;

export function toReturnView(row: ReturnRow): ReturnView {
  return {
    id: row.id,
    reference: row.reference,
    orderNumber: row.orderNumber,
    status: row.status,
    reason: row.reason,
    items: row.items,
    conversationId: row.conversationId,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The shopper sidebar. Orders come from the site's order source and only as the bot would show
 * them: a verified shopper's own orders, or the orders whose number and email were proved in this
 * conversation (kept in the bot's state, also after the dialog is over).
 */
export class ContextService {
  constructor(
    private readonly db: Database,
    private readonly orders: OrderSources,
    private readonly sites: SiteService,
    private readonly files: AttachmentService,
  ) {}

  async forConversation(conversationId: string): Promise<ConversationContext> {
    const [row] = await this.db
      .select({ conversation: conversations, visitor: visitors })
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(eq(conversations.id, conversationId));
    if (!row) throw new AppError('NOT_FOUND', 'No such conversation.');
    const { conversation, visitor } = row;
    const pages = Array.isArray(visitor.metadata.pages) ? (visitor.metadata.pages as PageView[]) : [];

    const past = await this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitor.id), ne(conversations.id, conversationId)))
      .orderBy(desc(conversations.createdAt))
      .limit(20);

    const { orders, error } = await this.ordersOf(conversation.siteId, visitor, conversation.botState);
    const returnRows = await this.db
      .select()
      .from(returns)
      .where(
        and(
          eq(returns.siteId, conversation.siteId),
          visitor.email ? or(eq(returns.conversationId, conversationId), eq(returns.customerEmail, visitor.email)) : eq(returns.conversationId, conversationId),
        ),
      )
      .orderBy(desc(returns.createdAt));

    return {
      visitor: { ...toVisitorSummary(visitor), externalId: visitor.verified ? visitor.externalId : null, currentPage: pages[0] ?? null, pages },
      pastConversations: past.map(toVisitorConversation),
      orders,
      ordersError: error,
      returns: await this.withPhotos(returnRows.map(toReturnView)),
    };
  }

  private async withPhotos(views: ReturnView[]): Promise<ReturnView[]> {
    const photos = await this.files.ofReturns(views.map((v) => v.id));
    return views.map((v) => ({ ...v, photos: photos.get(v.id) ?? [] }));
  }

  private async ordersOf(siteId: string, visitor: typeof visitors.$inferSelect, botState: Record<string, unknown> | null): Promise<{ orders: Order[]; error: string | null }> {
    const site = await this.sites.byId(siteId);
    if (!site) return { orders: [], error: null };
    const source: OrderSource = this.orders.for(site);
    try {
      if (visitor.verified && visitor.externalId) return { orders: await source.listCustomerOrders(visitor.externalId, 10), error: null };
      // Orders proved in this conversation (number and matching e-mail): the one in the current
      // dialog and those of finished dialogs, newest first.
      const proven: { orderNumber: string; email: string }[] = [];
      const dialog = (botState?.dialog ?? null) as { orderNumber?: string | null; email?: string | null; verified?: boolean } | null;
      if (dialog?.verified && dialog.orderNumber && dialog.email) proven.push({ orderNumber: dialog.orderNumber, email: dialog.email });
      const earlier = Array.isArray(botState?.provenOrders) ? (botState.provenOrders as { orderNumber?: unknown; email?: unknown }[]) : [];
      for (const o of [...earlier].reverse()) {
        if (typeof o.orderNumber === 'string' && typeof o.email === 'string' && !proven.some((p) => p.orderNumber === o.orderNumber)) proven.push({ orderNumber: o.orderNumber, email: o.email });
      }
      const orders: Order[] = [];
      for (const { orderNumber, email } of proven.slice(0, 5)) {
        const order = await source.findOrder(orderNumber, email);
        if (order) orders.push(order);
      }
      return { orders, error: null };
    } catch (error) {
      if (error instanceof OrderSourceError) return { orders: [], error: error.message };
      throw error;
    }
  }
}

export type { ConversationContext, ReturnView };
