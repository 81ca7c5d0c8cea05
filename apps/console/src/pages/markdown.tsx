import type { ComponentChildren, VNode } from 'preact';
import { safeHref } from '@sportello/protocol/message-text';

/**
 * The small Markdown the knowledge base uses, rendered to Preact elements (never HTML strings, so
 * nothing a merchant writes can run): `#`–`###` headings, paragraphs, `-`/`*`/`1.` lists,
 * `**bold**`, `*italic*`, `` `code` `` and `[links](https://…)` with http(s) targets only (any
 * other link is shown as its text; `safeHref` is the rule message links follow too).
 */
export function Markdown({ source, class: className }: { source: string; class?: string }) {
  return <div class={className ?? 'markdown'}>{blocks(source)}</div>;
}

type Block = { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; lines: string[] } | { kind: 'list'; ordered: boolean; items: string[] };

// A closing run of `#` counts only after a space, so `## About C#` keeps its `#`.
const HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;

function parse(source: string): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  const flush = () => {
    if (current) out.push(current);
    current = null;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      out.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = !bullet;
      const list = current as Block | null;
      if (list && list.kind === 'list' && list.ordered === ordered) list.items.push(item[1]!);
      else {
        flush();
        current = { kind: 'list', ordered, items: [item[1]!] };
      }
      continue;
    }
    const open = current as Block | null;
    if (open && open.kind === 'list' && /^\s+\S/.test(raw)) {
      // An indented line continues the last list item.
      open.items[open.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (open && open.kind === 'paragraph') open.lines.push(line.trim());
    else {
      flush();
      current = { kind: 'paragraph', lines: [line.trim()] };
    }
  }
  flush();
  return out;
}

function blocks(source: string): VNode[] {
  return parse(source).map((block, i) => {
    if (block.kind === 'heading') {
      // An article's title is its h1; `#` and `##` in a body are both section headings.
      const Tag = block.level <= 2 ? 'h3' : 'h4';
      return <Tag key={i}>{inline(block.text)}</Tag>;
    }
    if (block.kind === 'list') {
      const items = block.items.map((text, j) => <li key={j}>{inline(text)}</li>);
      return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
    }
    const children: ComponentChildren[] = [];
    block.lines.forEach((line, j) => {
      if (j > 0) children.push(<br key={`br${j}`} />);
      children.push(...inline(line));
    });
    return <p key={i}>{children}</p>;
  });
}

// One token at a time: code, a link, bold, italic (asterisks only: underscores occur in words).
const TOKEN = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*/;

/** Inline Markdown to Preact children. */
export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  let key = 0;
  while (rest) {
    const m = TOKEN.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const [whole, code, linkText, href, bold, italic] = m;
    if (code !== undefined) out.push(<code key={key++}>{code}</code>);
    else if (linkText !== undefined) {
      const safe = safeHref(href!);
      out.push(
        safe ? (
          <a key={key++} href={safe} target="_blank" rel="noopener noreferrer nofollow">
            {inline(linkText)}
          </a>
        ) : (
          <span key={key++}>{inline(linkText)}</span>
        ),
      );
    } else if (bold !== undefined) out.push(<strong key={key++}>{inline(bold)}</strong>);
    else out.push(<em key={key++}>{inline(italic!)}</em>);
    rest = rest.slice(m.index + whole.length);
  }
  return out;
}
