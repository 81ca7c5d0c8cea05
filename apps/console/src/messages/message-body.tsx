import { useMemo } from 'preact/hooks';
import { messageRuns } from '@sportello/protocol/message-text';
import type { MessageSource } from '@sportello/protocol';
import './messages.css';

/**
 * A message body as the shopper's widget shows it (the same `messageRuns`): `**bold**` bold, safe
 * http(s) links opened in a new tab without opener or referrer, line breaks kept, everything else
 * text (never HTML from the message).
 */
export function MessageBody({ body }: { body: string }) {
  // Parsed once per body, not on every re-render of the conversation (each keystroke in the composer).
  const runs = useMemo(() => messageRuns(body), [body]);
  return (
    <div class="body msg-body">
      {runs.map((run, i) =>
        run.href ? (
          <a key={i} href={run.href} target="_blank" rel="noopener noreferrer nofollow">
            {run.text}
          </a>
        ) : run.bold ? (
          <strong key={i}>{run.text}</strong>
        ) : (
          run.text
        ),
      )}
    </div>
  );
}

/**
 * Under a bot answer, for agents: the knowledge-base article and section it came from, each a link
 * to the article in the knowledge base (`onOpen` runs first, e.g. to pick the article's site).
 */
export function MessageSources({ sources, onOpen }: { sources: MessageSource[] | undefined; onOpen?: () => void }) {
  if (!sources?.length) return null;
  return (
    <p class="sources small muted" data-testid="message-sources">
      From{' '}
      {sources.map((s, i) => (
        <span key={`${s.articleId}:${s.section ?? ''}`}>
          {i > 0 && ', '}
          <a href={`#/kb/${encodeURIComponent(s.articleId)}`} onClick={onOpen} data-testid="message-source">
            {s.title}
            {s.section && ` › ${s.section}`}
          </a>
        </span>
      ))}
    </p>
  );
}
