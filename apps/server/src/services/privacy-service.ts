import { and, asc, eq, inArray, lt, notExists, or, sql } from 'drizzle-orm';
import { conversationEvents, conversations, messages, returns, sites, visitors, type Database } from '@sportello/db';
import { AppError } from '../app-error';

/** Everything Sportello holds about one shopper, as a data subject may ask for it. */
export interface ShopperExport {
  exportedAt: string;
  visitor: Record<string, unknown>;
  conversations: {
    id: string;
    status: string;
    createdAt: string;
    csat: { rating: number; comment: string | null } | null;
    messages: { seq: number; author: string; body: string; createdAt: string }[];
    events: { type: string; actor: string; data: Record<string, unknown>; createdAt: string }[];
  }[];
  returns: Record<string, unknown>[];
}

/**
 * The shopper's rights and the site's retention: export and erase one shopper (found by visitor id
 * or email, within a site), and the periodic erasure of conversations older than the site's
 * `retentionDays`.
 */
export class PrivacyService {
  constructor(private readonly db: Database) {}

  /** Visitors of a site matching an email (case-insensitive) or an id. */
  async find(siteId: string, who: { email?: string | undefined; visitorId?: string | undefined }): Promise<(typeof visitors.$inferSelect)[]> {
    if (!who.email && !who.visitorId) throw new AppError('VALIDATION_FAILED', 'Say which shopper: email or visitorId.');
    const match = who.visitorId ? eq(visitors.id, who.visitorId) : sql`lower(${visitors.email}) = ${who.email!.toLowerCase()}`;
    return this.db.select().from(visitors).where(and(eq(visitors.siteId, siteId), match));
  }

  async export(siteId: string, who: { email?: string | undefined; visitorId?: string | undefined }): Promise<ShopperExport[]> {
    const found = await this.find(siteId, who);
    const result: ShopperExport[] = [];
    for (const visitor of found) {
      const convs = await this.db.select().from(conversations).where(eq(conversations.visitorId, visitor.id)).orderBy(asc(conversations.createdAt));
      const ids = convs.map((c) => c.id);
      const msgs = ids.length ? await this.db.select().from(messages).where(and(inArray(messages.conversationId, ids), eq(messages.internal, false))).orderBy(asc(messages.seq)) : [];
      const events = ids.length ? await this.db.select().from(conversationEvents).where(inArray(conversationEvents.conversationId, ids)).orderBy(asc(conversationEvents.createdAt)) : [];
      const rets = await this.db
        .select()
        .from(returns)
        .where(and(eq(returns.siteId, siteId), or(ids.length ? inArray(returns.conversationId, ids) : sql`false`, visitor.email ? eq(returns.customerEmail, visitor.email) : sql`false`)));
      const { tokenHash: _secret, ...visible } = visitor;
      result.push({
        exportedAt: new Date().toISOString(),
        visitor: { ...visible, createdAt: visitor.createdAt.toISOString(), lastSeenAt: visitor.lastSeenAt.toISOString() },
        conversations: convs.map((c) => ({
          id: c.id,
          status: c.status,
          createdAt: c.createdAt.toISOString(),
          csat: c.csatRating === null ? null : { rating: c.csatRating, comment: c.csatComment },
          messages: msgs.filter((m) => m.conversationId === c.id).map((m) => ({ seq: m.visitorSeq ?? m.seq, author: m.authorType, body: m.body, createdAt: m.createdAt.toISOString() })),
          events: events.filter((e) => e.conversationId === c.id).map((e) => ({ type: e.type, actor: e.actorType, data: e.data, createdAt: e.createdAt.toISOString() })),
        })),
        returns: rets.map((r) => ({ reference: r.reference, orderNumber: r.orderNumber, status: r.status, reason: r.reason, items: r.items, createdAt: r.createdAt.toISOString() })),
      });
    }
    return result;
  }

  /**
   * Erases the shopper: their visitor rows with every conversation, message and event (cascade);
   * their returns keep only what the shop's books need (reference, order, items), without email.
   */
  async erase(siteId: string, who: { email?: string | undefined; visitorId?: string | undefined }): Promise<{ visitors: number; conversations: number }> {
    const found = await this.find(siteId, who);
    if (found.length === 0) return { visitors: 0, conversations: 0 };
    const ids = found.map((v) => v.id);
    return this.db.transaction(async (tx) => {
      const convs = await tx.select({ id: conversations.id }).from(conversations).where(inArray(conversations.visitorId, ids));
      const emails = found.map((v) => v.email).filter((e): e is string => !!e);
      if (emails.length) await tx.update(returns).set({ customerEmail: null }).where(and(eq(returns.siteId, siteId), inArray(returns.customerEmail, emails)));
      await tx.delete(visitors).where(inArray(visitors.id, ids));
      return { visitors: ids.length, conversations: convs.length };
    });
  }

  /**
   * For every site with `retentionDays`, erases conversations resolved or closed (or left with the
   * bot) whose last change is older than that, then visitors left with no conversation who have
   * not been seen for as long. Returns how many conversations went.
   */
  async applyRetention(now: Date = new Date()): Promise<number> {
    let erased = 0;
    const all = await this.db.select({ id: sites.id, settings: sites.settings }).from(sites);
    for (const site of all) {
      const days = site.settings.retentionDays;
      if (!days) continue;
      const cutoff = new Date(now.getTime() - days * 86_400_000);
      const gone = await this.db
        .delete(conversations)
        .where(and(eq(conversations.siteId, site.id), inArray(conversations.status, ['resolved', 'closed', 'bot']), lt(conversations.updatedAt, cutoff)))
        .returning({ id: conversations.id });
      erased += gone.length;
      await this.db
        .delete(visitors)
        .where(
          and(
            eq(visitors.siteId, site.id),
            lt(visitors.lastSeenAt, cutoff),
            notExists(this.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.visitorId, visitors.id))),
          ),
        );
    }
    return erased;
  }
}

