import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { kbArticleInputSchema } from '@sportello/protocol';
import { z } from 'zod';
import { AppError, describeZodError } from '../app-error';
import type { ArticleInput } from './kb-service';
import { parseArticleMarkdown } from '@sportello/protocol/kb-markdown';

const LOCALE_FOLDER = /^(en|it|de|fr|es)$/;

/**
 * Reads articles to import from a path: a JSON file holding `[{ title, body, locale, tags }]`, or a
 * folder of Markdown files (front matter `title`, `tags`, `locale`; the locale may instead be the
 * name of the folder the file is in, e.g. `kb/it/returns.md`).
 */
export function readArticlesFromPath(path: string): ArticleInput[] {
  const stat = statSync(path);
  if (stat.isFile() && extname(path).toLowerCase() === '.json') {
    const parsed = z.array(kbArticleInputSchema).safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', `${path}: ${describeZodError(parsed.error)}`);
    return parsed.data;
  }
  if (stat.isFile()) return [readMarkdown(path, null)];
  const articles: ArticleInput[] = [];
  for (const entry of readdirSync(path).sort()) {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) {
      if (!LOCALE_FOLDER.test(entry)) continue;
      for (const file of readdirSync(full).filter((f) => f.endsWith('.md')).sort()) articles.push(readMarkdown(join(full, file), entry));
    } else if (entry.endsWith('.md')) {
      articles.push(readMarkdown(full, null));
    }
  }
  return articles;
}

function readMarkdown(file: string, folderLocale: string | null): ArticleInput {
  let parsed: ReturnType<typeof parseArticleMarkdown>;
  try {
    parsed = parseArticleMarkdown(readFileSync(file, 'utf8'), basename(file, '.md'));
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = kbArticleInputSchema.safeParse({ title: parsed.title, body: parsed.body, tags: parsed.tags, locale: parsed.locale ?? folderLocale });
  if (!result.success) throw new AppError('VALIDATION_FAILED', `${file}: ${describeZodError(result.error)}`);
  return result.data;
}
