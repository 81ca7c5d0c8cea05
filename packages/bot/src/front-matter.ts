import type { KbArticle } from './model';

/**
 * Parses a knowledge-base Markdown file: a `---` front matter with `title:` and `tags: [a, b]`
 * (or a `- tag` list), then the body. Only what the seed files use; not a YAML parser.
 */
export function parseArticle(source: string, meta: { id: string; locale: string; published?: boolean }): KbArticle {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  const head = m?.[1] ?? '';
  const body = (m?.[2] ?? source).trim();
  let title = '';
  const tags: string[] = [];
  const lines = head.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const kv = /^(\w+):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const [, key, value = ''] = kv;
    if (key === 'title') title = unquote(value.trim());
    if (key === 'tags') {
      const inline = /^\[(.*)\]$/.exec(value.trim());
      if (inline) tags.push(...(inline[1] ?? '').split(',').map((t) => unquote(t.trim())).filter(Boolean));
      else {
        while (i + 1 < lines.length && /^\s*-\s+/.test(lines[i + 1]!)) tags.push(unquote(lines[++i]!.replace(/^\s*-\s+/, '').trim()));
      }
    }
  }
  return { id: meta.id, locale: meta.locale, title, body, tags, published: meta.published ?? true };
}

function unquote(s: string): string {
  return s.replace(/^(['"])(.*)\1$/, '$2');
}
