import { describe, expect, it } from 'vitest';
import { parseArticleMarkdown } from './kb-markdown';

describe('a knowledge-base Markdown file', () => {
  it('reads tags however YAML writes a list: block, flow, or one comma-separated string', () => {
    const block = parseArticleMarkdown('---\ntitle: Returns\ntags:\n  - returns\n  - Topic:Returns\n---\nSend it back within 30 days.', 'x');
    expect(block).toEqual({ title: 'Returns', tags: ['returns', 'topic:returns'], locale: null, body: 'Send it back within 30 days.' });
    expect(parseArticleMarkdown('---\ntags: [a, "b c"]\nlocale: it\n---\n# Spedizioni\nIn 2 giorni.', 'x')).toEqual({ title: 'Spedizioni', tags: ['a', 'b c'], locale: 'it', body: 'In 2 giorni.' });
    expect(parseArticleMarkdown('---\ntags: shipping, costs\n---\nbody', 'file-name').tags).toEqual(['shipping', 'costs']);
  });

  it('takes the title from the front matter, else the first heading, else the file name; quotes and CRLF as YAML has them', () => {
    expect(parseArticleMarkdown('---\r\ntitle: "Size guide: tops"\r\n---\r\nBody', 'x').title).toBe('Size guide: tops');
    expect(parseArticleMarkdown('\uFEFFNo front matter, no heading.', 'warranty').title).toBe('warranty');
    expect(parseArticleMarkdown('---\ntitle: 2026\n---\n', 'x').title).toBe('2026');
  });

  it('refuses front matter that is not YAML key: value lines, saying where', () => {
    expect(() => parseArticleMarkdown('---\ntitle: [unclosed\n---\nbody', 'x')).toThrow(/line/i);
    expect(() => parseArticleMarkdown('---\n- just\n- a list\n---\nbody', 'x')).toThrow(/key: value/);
  });
});
