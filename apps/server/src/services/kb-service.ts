import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { kbArticles, type Database } from '@sportello/db';
import type { KbArticle, KbArticleInput } from '@sportello/protocol';
import { AppError } from '../app-error';

type ArticleRow = typeof kbArticles.$inferSelect;

export interface ArticleInput {
  locale: string;
  title: string;
  body: string;
  tags: string[];
  published: boolean;
}

export function toKbArticle(row: ArticleRow): KbArticle {
  return {
    id: row.id,
    siteId: row.siteId,
    locale: row.locale,
    title: row.title,
    body: row.body,
    tags: row.tags,
    published: row.published,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Knowledge-base articles per site and locale. The bot's retrieval index checks `fingerprint`
 * before use, so answers follow the articles as soon as they change, whichever process (or the
 * CLI) changed them.
 */
export class KbService {
  private readonly versions = new Map<string, number>();

  constructor(private readonly db: Database) {}

  /** Counts the writes to the site's articles made through this process (other processes' are not seen: see `fingerprint`). */
  version(siteId: string): number {
    return this.versions.get(siteId) ?? 0;
  }

  /**
   * A digest of the site's published articles (ids and last change), read from the database: it
   * changes with any create, edit, publish, unpublish or delete, made by any process. One indexed
   * aggregate: about a millisecond for 500 articles.
   */
  async fingerprint(siteId: string): Promise<string> {
    const [row] = await this.db
      .select({
        digest: sql<string>`coalesce(md5(string_agg(${kbArticles.id}::text || '@' || ${kbArticles.updatedAt}::text, ',' order by ${kbArticles.id})), '')`,
      })
      .from(kbArticles)
      .where(and(eq(kbArticles.siteId, siteId), eq(kbArticles.published, true)));
    return row?.digest ?? '';
  }

  private changed(siteId: string): void {
    this.versions.set(siteId, this.version(siteId) + 1);
  }

  async list(siteId: string, filters: { locale?: string | undefined; q?: string | undefined; published?: boolean | undefined } = {}): Promise<ArticleRow[]> {
    const conditions: SQL[] = [eq(kbArticles.siteId, siteId)];
    if (filters.locale) conditions.push(eq(kbArticles.locale, filters.locale));
    if (filters.published !== undefined) conditions.push(eq(kbArticles.published, filters.published));
    if (filters.q) {
      for (const word of filters.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
        const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(or(ilike(kbArticles.title, pattern), ilike(kbArticles.body, pattern), sql`${kbArticles.tags}::text ilike ${pattern}`)!);
      }
    }
    return this.db.select().from(kbArticles).where(and(...conditions)).orderBy(asc(kbArticles.locale), asc(kbArticles.title));
  }

  async get(siteId: string, id: string): Promise<ArticleRow> {
    const [row] = await this.db.select().from(kbArticles).where(and(eq(kbArticles.id, id), eq(kbArticles.siteId, siteId)));
    if (!row) throw new AppError('NOT_FOUND', 'No such article.');
    return row;
  }

  /** The site an article belongs to, or null. */
  async siteOf(id: string): Promise<string | null> {
    const [row] = await this.db.select({ siteId: kbArticles.siteId }).from(kbArticles).where(eq(kbArticles.id, id));
    return row?.siteId ?? null;
  }

  async create(siteId: string, input: ArticleInput): Promise<ArticleRow> {
    const now = new Date();
    const [row] = await this.db.insert(kbArticles).values({ siteId, ...input, createdAt: now, updatedAt: now }).returning();
    this.changed(siteId);
    return row!;
  }

  async update(siteId: string, id: string, patch: Partial<ArticleInput>): Promise<ArticleRow> {
    const [row] = await this.db
      .update(kbArticles)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(kbArticles.id, id), eq(kbArticles.siteId, siteId)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'No such article.');
    this.changed(siteId);
    return row;
  }

  async remove(siteId: string, id: string): Promise<void> {
    const deleted = await this.db.delete(kbArticles).where(and(eq(kbArticles.id, id), eq(kbArticles.siteId, siteId))).returning({ id: kbArticles.id });
    if (deleted.length === 0) throw new AppError('NOT_FOUND', 'No such article.');
    this.changed(siteId);
  }

  /**
   * Imports articles: one with the same locale and title as an existing article replaces it,
   * the others are added. All or nothing.
   */
  async import(siteId: string, articles: ArticleInput[]): Promise<{ created: number; updated: number }> {
    const result = await this.db.transaction(async (tx) => {
      const existing = await tx.select({ id: kbArticles.id, locale: kbArticles.locale, title: kbArticles.title }).from(kbArticles).where(eq(kbArticles.siteId, siteId));
      const byKey = new Map(existing.map((a) => [`${a.locale}\u0000${a.title.toLowerCase()}`, a.id]));
      let created = 0;
      let updated = 0;
      const now = new Date();
      for (const article of articles) {
        const key = `${article.locale}\u0000${article.title.toLowerCase()}`;
        const id = byKey.get(key);
        if (id) {
          await tx.update(kbArticles).set({ ...article, updatedAt: now }).where(eq(kbArticles.id, id));
          updated++;
        } else {
          const [row] = await tx.insert(kbArticles).values({ siteId, ...article, createdAt: now, updatedAt: now }).returning({ id: kbArticles.id });
          byKey.set(key, row!.id);
          created++;
        }
      }
      return { created, updated };
    });
    this.changed(siteId);
    return result;
  }

  /** The site's articles in the import format. */
  async export(siteId: string): Promise<(KbArticleInput & { published: boolean })[]> {
    const rows = await this.list(siteId);
    return rows.map((r) => ({ title: r.title, body: r.body, locale: r.locale as KbArticleInput['locale'], tags: r.tags, published: r.published }));
  }
}
