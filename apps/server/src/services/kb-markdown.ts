/** An article as written in a Markdown file: front matter (`title`, `tags`, `locale`) and a body. */
export interface ParsedArticle {
  title: string;
  tags: string[];
  locale: string | null;
  body: string;
}

/**
 * Reads a knowledge-base Markdown file. Front matter between `---` lines is optional; without a
 * `title` there, the first `# Heading` is the title, else `fallbackTitle` (e.g. the file name).
 */
export function parseArticleMarkdown(text: string, fallbackTitle: string): ParsedArticle {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const meta: Record<string, string> = {};
  const front = /^---\n([\s\S]*?)\n---\n?/.exec(body);
  if (front) {
    for (const line of front[1]!.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) meta[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    body = body.slice(front[0].length);
  }
  let title = unquote(meta.title ?? '');
  if (!title) {
    const heading = /^#\s+(.+)\n?/.exec(body.trimStart());
    if (heading) {
      title = heading[1]!.trim();
      body = body.trimStart().slice(heading[0].length);
    }
  }
  return {
    title: title || fallbackTitle,
    tags: parseList(meta.tags ?? ''),
    locale: meta.locale ? unquote(meta.locale) : null,
    body: body.trim(),
  };
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2').trim();
}

/** `[a, b]`, `a, b` or `"a", "b"` → `['a', 'b']`. */
function parseList(value: string): string[] {
  return value
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((item) => unquote(item.trim()).toLowerCase())
    .filter(Boolean);
}
