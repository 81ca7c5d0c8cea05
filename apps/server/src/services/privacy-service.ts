import { and, asc, eq, inArray, lt, notExists, or, sql } from 'drizzle-orm';
import { attachments, conversationEvents, conversations, messages, returns, sites, visitors, type Database } from '@sportello/db';
import { AppError } from '../app-error';
import type { AttachmentService } from './attachment-service';

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
    /** The files sent in it (by the shopper or to them), with their bytes in base64. */
    files: { id: string; name: string; type: string; size: number; sentBy: 'visitor' | 'agent'; createdAt: string; sha256: string; data: string | null }[];
  }[];
  returns: Record<string, unknown>[];
}

/**
 * The shopper's rights and the site's retention: export and erase one shopper (found by visitor id
 * or email, within a site), and the periodic erasure of conversations older than the site's
 * `retentionDays`.
 */
export class PrivacyService {
  constructor(
    private readonly db: Database,
    private readonly files: AttachmentService,
  ) {}

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
      // The files of the messages the shopper could see: not those of internal notes, nor of a message that was never stored.
      const fileRows = ids.length
        ? await this.db
            .select()
            .from(attachments)
            .where(
              and(
                inArray(attachments.conversationId, ids),
                sql`exists (select 1 from messages m where m.conversation_id = ${attachments.conversationId} and m.client_id = ${attachments.clientId} and not m.internal)`,
              ),
            )
            .orderBy(asc(attachments.createdAt))
        : [];
      const fileData = new Map<string, string | null>();
      for (const f of fileRows) fileData.set(f.id, (await this.files.store.get(f.storageKey))?.toString('base64') ?? null);
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
          files: fileRows
            .filter((f) => f.conversationId === c.id)
            .map((f) => ({ id: f.id, name: f.name, type: f.type, size: f.size, sentBy: f.visitorId ? ('visitor' as const) : ('agent' as const), createdAt: f.createdAt.toISOString(), sha256: f.sha256, data: fileData.get(f.id) ?? null })),
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
    let keys: string[] = [];
    const erased = await this.db.transaction(async (tx) => {
      const convs = await tx.select({ id: conversations.id }).from(conversations).where(inArray(conversations.visitorId, ids));
      // Their files and the agents' files sent to them: the rows go with the cascade, the bytes after the commit.
      keys = await this.files.keysOf({ conversationIds: convs.map((c) => c.id), visitorIds: ids }, tx);
      const emails = found.map((v) => v.email).filter((e): e is string => !!e);
      if (emails.length) await tx.update(returns).set({ customerEmail: null }).where(and(eq(returns.siteId, siteId), inArray(returns.customerEmail, emails)));
      await tx.delete(visitors).where(inArray(visitors.id, ids));
      return { visitors: ids.length, conversations: convs.length };
    });
    await this.files.store.delete(keys);
    return erased;
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
      const expired = and(eq(conversations.siteId, site.id), inArray(conversations.status, ['resolved', 'closed', 'bot']), lt(conversations.updatedAt, cutoff));
      const doomed = await this.db.select({ id: conversations.id }).from(conversations).where(expired);
      const keys = await this.files.keysOf({ conversationIds: doomed.map((c) => c.id) });
      const gone = await this.db.delete(conversations).where(expired).returning({ id: conversations.id });
      erased += gone.length;
      // A conversation that changed in between stays, and so do its files: only those of erased ones go.
      if (keys.length) {
        const kept = await this.db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.storageKey, keys));
        const still = new Set(kept.map((k) => k.key));
        await this.files.store.delete(keys.filter((k) => !still.has(k)));
      }
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

