/**
 * What a message body means on screen, for every client that shows one (the shopper's widget and
 * the agent console): plain text, where `**bold**` is bold (the bot writes an article's heading so)
 * and absolute http(s) addresses are links. Nothing else is markup: a body is never HTML.
 *
 * This module imports nothing, so the widget can take it (`@sportello/protocol/message-text`)
 * without pulling in zod or the schemas.
 */

/** A run of message text: plain, bold, or a link that is safe to open. */
export interface TextRun {
  text: string;
  /** Set on a link: the normalised http(s) address. */
  href?: string;
  bold?: boolean;
}

/** A piece of message text: plain text, or a link that is safe to open. */
export type TextPart = { text: string; href?: undefined } | { text: string; href: string };

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
// As in CommonMark, the text inside starts and ends with a non-space: `2 ** 3 ** 4` stays as typed.
const BOLD_RE = /\*\*(\S(?:.*?\S)?)\*\*/g;

/**
 * The URL if it is an absolute `http:` or `https:` address, normalised; else null. Everything
 * else (`javascript:`, `data:`, relative paths, credentials in the URL) is refused.
 */
export function safeHref(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * Splits message text into text and links. `www.example.com` becomes `https://www.example.com`;
 * trailing punctuation stays text. Rendered as text nodes and `<a>` elements, never as HTML.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let raw = m[0];
    // Trailing punctuation ends the sentence, not the URL; a closing parenthesis stays when it
    // balances one inside the URL (`https://en.wikipedia.org/wiki/Foo_(bar)`).
    while (/[.,;:!?)\]]$/.test(raw)) {
      if (raw.endsWith(')') && raw.split('(').length >= raw.split(')').length) break;
      raw = raw.slice(0, -1);
    }
    const href = safeHref(/^www\./i.test(raw) ? 'https://' + raw : raw);
    if (!href) continue;
    const start = m.index!;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/**
 * A message body as runs to render in order: links (never bold), and the text between them cut at
 * `**bold**` pairs. Joining the runs' text gives the body without the bold markers. Line breaks stay
 * in the text (clients show them with `white-space: pre-wrap`).
 */
export function messageRuns(body: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const part of linkify(body)) {
    if (part.href) runs.push(part);
    else part.text.split(BOLD_RE).forEach((text, i) => text && runs.push(i % 2 ? { text, bold: true } : { text }));
  }
  return runs;
}
