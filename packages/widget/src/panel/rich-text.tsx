import { linkify } from '../core/link';

/** `**bold**` (as the bot writes article headings) becomes `<strong>`; the rest stays text. */
function Bold({ text }: { text: string }) {
  return <>{text.split(/\*\*(.+?)\*\*/g).map((piece, i) => (i % 2 ? <strong key={i}>{piece}</strong> : piece))}</>;
}

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
          <Bold key={i} text={part.text} />
        ),
      )}
    </>
  );
}
