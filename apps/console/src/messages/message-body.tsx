import { useMemo } from 'preact/hooks';
import { messageRuns } from '@sportello/protocol/message-text';
import type { Attachment, MessageSource } from '@sportello/protocol';
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

const fileSize = (bytes: number) => (bytes < 1e6 ? `${Math.max(1, Math.round(bytes / 1e3))} KB` : `${(bytes / 1e6).toFixed(1)} MB`);

/**
 * A message's files (or a return's photos): photos as thumbnails opening full size in a new tab,
 * documents as downloads. Their links are signed and short-lived: a re-opened conversation has fresh ones.
 */
export function MessageFiles({ files, testId = 'message-file' }: { files: Attachment[] | undefined; testId?: string }) {
  if (!files?.length) return null;
  return (
    <div class="msg-files">
      {files.map((f) =>
        f.width && f.height ? (
          <a key={f.id} href={f.url} target="_blank" rel="noopener noreferrer" class="msg-photo" data-testid={testId} title={`${f.name} · ${f.width} × ${f.height} · ${fileSize(f.size)}`}>
            <img src={f.url} alt={f.name} width={f.width} height={f.height} loading="lazy" />
          </a>
        ) : (
          <a key={f.id} href={f.url} target="_blank" rel="noopener noreferrer" class="msg-doc" data-testid={testId} download={f.name}>
            📄 {f.name} · {fileSize(f.size)}
          </a>
        ),
      )}
    </div>
  );
}
