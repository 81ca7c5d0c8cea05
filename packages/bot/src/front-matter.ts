import { parseArticleMarkdown } from '@sportello/protocol/kb-markdown';
import type { KbArticle } from './model';

/**
 * A knowledge-base Markdown file as an article of the bot's (the seed files): front matter and
 * body read as the import reads them (`@sportello/protocol/kb-markdown`).
 */
export function parseArticle(source: string, meta: { id: string; locale: string; published?: boolean }): KbArticle {
  const { title, tags, body } = parseArticleMarkdown(source, '');
  return { id: meta.id, locale: meta.locale, title, body, tags, published: meta.published ?? true };
}
