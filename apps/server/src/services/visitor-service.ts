import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { AppError } from '../app-error';

/** Pages of a visitor's trail kept for agents. */
export const PAGE_TRAIL_MAX = 20;
import { visitors, type Database } from '@sportello/db';
import { createHmac } from 'node:crypto';
import { hashToken, newToken, safeEqual } from '../token';
import type { ConversationNotifier } from './conversation-notifier';
import type { VisitorRow } from './conversation-view';

/** Shoppers, known by the random token their browser keeps. */
export class VisitorService {
  constructor(
    private readonly db: Database,
    private readonly pepper: string,
    /** Told when the e-mail the widget may show changes (`visitor:profile`). */
    private readonly notifier: () => ConversationNotifier,
  ) {}

  /** The site's visitor holding this token, or null. */
  async byToken(siteId: string, token: string): Promise<VisitorRow | null> {
    const [row] = await this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.tokenHash, hashToken(token, this.pepper)), eq(visitors.siteId, siteId)));
    return row ?? null;
  }

  /** A new visitor; the token is returned once and only its hash is stored. */
  async create(siteId: string, locale: string | undefined): Promise<{ visitor: VisitorRow; token: string }> {
    const token = newToken();
    const [visitor] = await this.db
      .insert(visitors)
      .values({ siteId, tokenHash: hashToken(token, this.pepper), locale: locale ?? null })
      .returning();
    return { visitor: visitor!, token };
  }

  /**
   * Records who the shopper says they are. With a `userHash` that is the HMAC-SHA256 of `userId`
   * under the site's secret, the identity is verified and its customer id may unlock orders;
   * without one, email and name are kept as unverified details and never replace a verified
   * identity (checked in the update itself, so a verification meanwhile still wins). Returns
   * whether the visitor is now verified and the e-mail it now has; a changed e-mail is announced
   * to the visitor's tabs (`visitor:profile`).
   */
  async identify(visitor: VisitorRow, siteSecret: string, identity: { userId?: string | undefined; email?: string | undefined; name?: string | undefined; userHash?: string | undefined }): Promise<{ verified: boolean; email: string | null }> {
    const verified = !!identity.userId && !!identity.userHash && verifyUserHash(siteSecret, identity.userId, identity.userHash);
    const [row] = verified
      ? await this.db
          .update(visitors)
          .set({ externalId: identity.userId!, verified: true, email: identity.email ?? sql`${visitors.email}`, name: identity.name ?? sql`${visitors.name}` })
          // Never over another signed-in shopper's visitor: their chats are not this one's.
          .where(and(eq(visitors.id, visitor.id), or(eq(visitors.verified, false), isNull(visitors.externalId), eq(visitors.externalId, identity.userId!))))
          .returning({ email: visitors.email, verified: visitors.verified })
      : await this.db
          .update(visitors)
          .set({ email: identity.email ?? sql`${visitors.email}`, name: identity.name ?? sql`${visitors.name}` })
          .where(and(eq(visitors.id, visitor.id), eq(visitors.verified, false)))
          .returning({ email: visitors.email, verified: visitors.verified });
    if (verified && !row) throw new AppError('CONFLICT', 'This chat belongs to another signed-in shopper: connect without its token to start your own.');
    // No row: an unverified claim against a verified visitor, which stays as it is.
    const now = row ?? (await this.db.select({ email: visitors.email, verified: visitors.verified }).from(visitors).where(eq(visitors.id, visitor.id)))[0];
    const email = now?.email ?? null;
    if (email && email !== visitor.email) this.notifier().visitorProfile(visitor.id, { email });
    return { verified: now?.verified ?? false, email };
  }

  /**
   * Keeps an e-mail the shopper gave the bot, unless the visitor is verified (the store's proven
   * identity keeps its own): later conversations and the away form use it, and the bot never
   * asks again. Announced to the visitor's tabs when it changes.
   */
  async learnEmail(visitorId: string, email: string): Promise<void> {
    const [row] = await this.db
      .update(visitors)
      .set({ email })
      .where(and(eq(visitors.id, visitorId), eq(visitors.verified, false), sql`${visitors.email} is distinct from ${email}`))
      .returning({ email: visitors.email });
    if (row?.email) this.notifier().visitorProfile(visitorId, { email: row.email });
  }

  /** Adds a page to the visitor's trail, newest first (the last `PAGE_TRAIL_MAX` pages are kept). */
  async pageView(id: string, page: { url: string; title?: string | undefined }): Promise<void> {
    const entry = { url: page.url, title: page.title ?? null, at: new Date().toISOString() };
    await this.db
      .update(visitors)
      .set({
        metadata: sql`jsonb_set(${visitors.metadata}, '{pages}', (
          select coalesce(jsonb_agg(p order by n desc), '[]'::jsonb) from (
            select p, n from jsonb_array_elements(coalesce(${visitors.metadata}->'pages', '[]'::jsonb) || ${JSON.stringify([entry])}::jsonb) with ordinality as t(p, n)
            order by n desc limit ${PAGE_TRAIL_MAX}
          ) newest
        ))`,
        lastSeenAt: new Date(),
      })
      .where(eq(visitors.id, id));
  }

  async byId(id: string): Promise<VisitorRow | null> {
    const [row] = await this.db.select().from(visitors).where(eq(visitors.id, id));
    return row ?? null;
  }

  async touch(id: string): Promise<void> {
    await this.db.update(visitors).set({ lastSeenAt: new Date() }).where(eq(visitors.id, id));
  }
}

/** True when `userHash` is the hex HMAC-SHA256 of `userId` under `secret`, compared in constant time. */
/**
 * True when the page proves a signed-in shopper other than the one a verified visitor belongs to
 * (the next person on a shared computer, whose browser still holds the previous one's token).
 */
export function anotherShopper(visitor: Pick<VisitorRow, 'verified' | 'externalId'>, siteSecret: string, identity: { userId?: string | undefined; userHash?: string | undefined }): boolean {
  return visitor.verified && !!identity.userId && identity.userId !== visitor.externalId && !!identity.userHash && verifyUserHash(siteSecret, identity.userId, identity.userHash);
}

export function verifyUserHash(secret: string, userId: string, userHash: string): boolean {
  const expected = createHmac('sha256', secret).update(userId).digest('hex');
  return safeEqual(expected, userHash.toLowerCase());
}
