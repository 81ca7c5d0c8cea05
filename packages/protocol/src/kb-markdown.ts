import { parse } from 'yaml';

/** An article as written in a Markdown file: front matter (`title`, `tags`, `locale`) and a body. */
export interface ParsedArticle {
  title: string;
  tags: string[];
  locale: string | null;
  body: string;
}

/**
 * Reads a knowledge-base Markdown file, for the CLI's and the API's import and the bot's seed
 * alike: one reader, one behaviour. Front matter between `---` lines is optional and is YAML
 * (the `yaml` package): `tags` as a flow list `[a, b]`, a block list of `- a` lines, or one
 * string `a, b`. Without a `title` there, the first `# Heading` is the title, else
 * `fallbackTitle` (e.g. the file name). Tags are lower-cased. Front matter that is not valid YAML
 * is an error naming the line.
 */
export function parseArticleMarkdown(text: string, fallbackTitle: string): ParsedArticle {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let meta: Record<string, unknown> = {};
  const front = /^---\n([\s\S]*?)\n?---(?:\n|$)/.exec(body);
  if (front) {
    const read: unknown = parse(front[1]!, { schema: 'core', prettyErrors: true });
    if (read !== null && read !== undefined && (typeof read !== 'object' || Array.isArray(read))) throw new Error('The front matter must be `key: value` lines.');
    meta = Object.fromEntries(Object.entries((read ?? {}) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
    body = body.slice(front[0].length);
  }
  let title = text_(meta.title);
  if (!title) {
    const heading = /^#\s+(.+)\n?/.exec(body.trimStart());
    if (heading) {
      title = heading[1]!.trim();
      body = body.trimStart().slice(heading[0].length);
    }
  }
  return {
    title: title || fallbackTitle,
    tags: list(meta.tags),
    locale: text_(meta.locale) || null,
    body: body.trim(),
  };
}

/** A scalar as text (numbers and booleans too: `title: 2026` is a title); anything else is none. */
function text_(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).trim() : '';
}

/** `[a, b]` or a block list → its items; `a, b` → `['a', 'b']`; lower-cased, blanks dropped. */
function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(text_) : text_(value).split(',');
  return items.map((item) => item.trim().toLowerCase()).filter(Boolean);
}
