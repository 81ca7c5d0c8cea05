import { messageRuns } from '@sportello/protocol/message-text';

/**
 * Message text as every client shows it (`messageRuns`): `**bold**` as `<strong>`, safe links as
 * `<a>` opened in a new tab without opener or referrer, the rest as text nodes (never HTML from the
 * message).
 */
export function RichText({ text, newTab }: { text: string; newTab: string }) {
  return (
    <>
      {messageRuns(text).map((run, i) =>
        run.href ? (
          <a key={i} href={run.href} target="_blank" rel="noopener noreferrer" title={newTab}>
            {run.text}
          </a>
        ) : run.bold ? (
          <strong key={i}>{run.text}</strong>
        ) : (
          run.text
        ),
      )}
    </>
  );
}
