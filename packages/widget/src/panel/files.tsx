import { useRef } from 'preact/hooks';
import type { Attachment } from '@sportello/protocol';
import { fill, type Texts } from '../locales/en';
import { EN_CARDS, type CardTexts } from '../locales/en-cards';
import type { ChatClient, Upload } from './chat-client';
import css from './files.css?inline';
import { useShadowStyle } from './shadow-style';

/**
 * Photos and files in the chat: shown in messages, and sent from the shopper's device with their
 * progress. Its own chunk, fetched the first time a message has a file or the shopper attaches one.
 */

const text = (t: Texts, key: keyof CardTexts): string => (t as Partial<CardTexts>)[key] ?? EN_CARDS[key];

const size = (bytes: number) => (bytes < 1e6 ? Math.max(1, Math.round(bytes / 1e3)) + ' KB' : (bytes / 1e6).toFixed(1) + ' MB');

/** A message's files: photos as pictures (opened full size in a new tab), documents as downloads. */
export function Files({ files, t }: { files: Attachment[]; t: Texts }) {
  const ref = useRef<HTMLDivElement>(null);
  useShadowStyle(ref, css);
  return (
    <div ref={ref} class="files">
      {files.map((f) =>
        f.width && f.height ? (
          <a key={f.id} href={f.url} target="_blank" rel="noopener noreferrer" class="photo" data-testid="sportello-photo">
            <img src={f.url} alt={fill(text(t, 'photo'), { name: f.name })} width={f.width} height={f.height} loading="lazy" decoding="async" />
          </a>
        ) : (
          <a key={f.id} href={f.url} target="_blank" rel="noopener noreferrer" class="doc" data-testid="sportello-file" download={f.name}>
            {f.name} · {size(f.size)}
          </a>
        ),
      )}
    </div>
  );
}

/** Files on their way: a progress bar each, or why one was not sent (with a way to dismiss it). */
export function Uploads({ client, t }: { client: ChatClient; t: Texts }) {
  const ref = useRef<HTMLDivElement>(null);
  useShadowStyle(ref, css);
  return (
    <div ref={ref} class="ups" aria-live="polite">
      {client.uploads.map((u, i) => (
        <p key={i} class="up" data-testid="sportello-upload" data-state={u.error ? 'failed' : 'sending'}>
          {u.error ? (
            <>
              <span class="err" role="alert">
                {problem(u, t)}
              </span>{' '}
              <button
                type="button"
                class="link"
                onClick={() => {
                  client.uploads = client.uploads.filter((x) => x !== u);
                  client.changed();
                }}
              >
                {t.discard}
              </button>
            </>
          ) : (
            <>
              {fill(text(t, 'uploading'), { name: u.name })}
              <progress max={1} value={u.done} aria-label={u.name} />
            </>
          )}
        </p>
      ))}
    </div>
  );
}

function problem(u: Upload, t: Texts): string {
  const [code, message] = u.error!;
  const name = u.name;
  if (code === 'FILE_TOO_LARGE') return fill(text(t, 'fileTooLarge'), { name, n: message ?? '' });
  if (code === 'FILE_TYPE_NOT_ALLOWED') {
    const kinds = (message ?? '').split(',').filter(Boolean);
    const names = kinds.map((k) => text(t, k === 'pdf' ? 'pdfs' : 'photos'));
    return fill(text(t, 'fileType'), { name, kinds: names.length ? names.join(' ' + text(t, 'and') + ' ') : text(t, 'filesNone') });
  }
  // The server says precisely what is wrong, in English; other languages get the general reason.
  if (code === 'FILE_REJECTED') return t.send === 'Send' && message ? message : fill(text(t, 'fileRejected'), { name, why: text(t, 'fileWhy') });
  return fill(text(t, 'fileFailed'), { name });
}
