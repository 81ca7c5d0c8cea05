import { and, eq } from 'drizzle-orm';
import { visitors, type Database } from '@sportello/db';
import { hashToken, newToken } from '../token';
import type { VisitorRow } from './conversation-view';

/** Shoppers, known by the random token their browser keeps. */
export class VisitorService {
  constructor(
    private readonly db: Database,
    private readonly pepper: string,
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

  async touch(id: string): Promise<void> {
    await this.db.update(visitors).set({ lastSeenAt: new Date() }).where(eq(visitors.id, id));
  }
}
