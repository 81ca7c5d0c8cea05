import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../front-matter';
import type { KbArticle } from '../model';

/** The demo store's knowledge base, as seeded by the server (apps/server/seed/kb/<locale>/<topic>.md). */
export const DEMO_KB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../apps/server/seed/kb');

/**
 * Reads every `<locale>/<topic>.md` under `dir`. Article ids are `<locale>/<topic>`, so the topic
 * of an answer is the part after the slash. Node-only: for tests, the eval and the benchmark.
 */
export function loadKnowledgeBase(dir: string = DEMO_KB_DIR): KbArticle[] {
  const articles: KbArticle[] = [];
  for (const locale of readdirSync(dir).sort()) {
    let files: string[];
    try {
      files = readdirSync(join(dir, locale));
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      if (!file.endsWith('.md')) continue;
      const topic = file.slice(0, -3);
      articles.push(parseArticle(readFileSync(join(dir, locale, file), 'utf8'), { id: `${locale}/${topic}`, locale }));
    }
  }
  return articles;
}

/** The topic of an article id made by `loadKnowledgeBase`. */
export function topicOf(articleId: string): string {
  return articleId.slice(articleId.indexOf('/') + 1);
}
