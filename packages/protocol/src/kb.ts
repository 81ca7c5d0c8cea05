/** A knowledge-base article as the API returns it. */
export interface KbArticle {
  id: string;
  siteId: string;
  locale: string;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
  published: boolean;
  createdAt: string;
  updatedAt: string;
}
