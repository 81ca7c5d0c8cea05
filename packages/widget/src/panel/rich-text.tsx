import { linkify } from '../core/link';

/**
 * Message text with safe links: text nodes and `<a>` elements built by Preact (never HTML from the
 * message), only http/https targets, opened in a new tab without opener or referrer.
 */
export function RichText({ text, newTab }: { text: string; newTab: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" title={newTab}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
