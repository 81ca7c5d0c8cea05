import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Message } from '@sportello/protocol';
import type { OutboxItem } from '../core/outbox';
import { fill, type Texts } from '../locales/en';
import type { ChatClient } from './chat-client';
import { lazyView } from './lazy-view';
import { RichText } from './rich-text';
import { dayKey, dayLabel, formatTime } from './time-format';

interface Props {
  client: ChatClient;
  t: Texts;
  locale: string;
  greeting: string;
  /** Whether the panel is shown: it scrolls to the newest message when it opens. */
  open: boolean;
  /** Shown after the messages (the rating form, the away notice). */
  children?: ComponentChildren;
}

// Order and return cards come with some bot replies only: their own chunk.
const CardView = lazyView(() => import('./card-view').then((m) => m.CardView));
// Photos and files, and uploads on their way: their own chunk too.
const Files = lazyView(() => import('./files').then((m) => m.Files));
const Uploads = lazyView(() => import('./files').then((m) => m.Uploads));

type Row = { m: Message; item?: undefined } | { item: OutboxItem; m?: undefined };

/** The conversation: greeting, day separators, bubbles with names and times, states, extras. */
export function MessageList({ client, t, locale, greeting, open, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const rows: Row[] = [...client.currentMessages.map((m) => ({ m })), ...client.pending.map((item) => ({ item }))];
  const last = client.currentMessages[client.currentMessages.length - 1];
  const typing = client.agentTyping;

  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [rows.length, typing, open]);

  let day = '';
  const name = (m: Message) => (m.author.type === 'visitor' ? t.you : m.author.name || (m.author.type === 'bot' ? t.bot : t.agent));
  return (
    <div class="list" ref={ref} data-testid="sportello-messages" role="region" aria-label={t.messages}>
      <div class="m b" data-testid="sportello-greeting">
        <p class="txt">{greeting}</p>
      </div>
      {rows.map((row) => {
        const createdAt = row.m ? row.m.createdAt : row.item.createdAt;
        const sep =
          dayKey(createdAt) !== day ? (
            <p class="day" key={'d' + createdAt}>
              {dayLabel(createdAt, locale, t.today, t.yesterday)}
            </p>
          ) : null;
        day = dayKey(createdAt);
        if (row.item) {
          const state = client.pendingState(row.item);
          return [
            sep,
            <div key={row.item.clientId} class="m v" data-testid="sportello-message" data-author="visitor" data-state={state}>
              {row.item.body && (
                <p class="txt">
                  <RichText text={row.item.body} newTab={t.opensInNewTab} />
                </p>
              )}
              {row.item.files && <Files files={row.item.files} t={t} />}
              <p class="meta">
                {state === 'failed' ? (
                  <>
                    <span class="err">{t.failed}</span>{' '}
                    <button type="button" class="link" onClick={() => client.retry(row.item.clientId)} data-testid="sportello-retry">
                      {t.retry}
                    </button>{' '}
                    <button type="button" class="link" onClick={() => client.discard(row.item.clientId)}>
                      {t.discard}
                    </button>
                  </>
                ) : (
                  t.sending
                )}
              </p>
            </div>,
          ];
        }
        const m = row.m;
        const own = m.author.type === 'visitor';
        const state = own ? client.sentState(m) : undefined;
        return [
          sep,
          <div
            key={m.id}
            class={'m ' + (own ? 'v' : m.author.type === 'bot' ? 'b' : m.author.type === 'system' ? 's' : 'a')}
            data-testid="sportello-message"
            data-author={m.author.type}
            data-seq={m.seq}
            data-state={state}
          >
            {!own && m.author.type !== 'system' && <p class="who">{name(m)}</p>}
            {m.body && (
              <p class="txt">
                <RichText text={m.body} newTab={t.opensInNewTab} />
              </p>
            )}
            {m.payload?.attachments && <Files files={m.payload.attachments} t={t} />}
            {m.payload?.card && <CardView card={m.payload.card} t={t} locale={locale} />}
            <p class="meta">
              <time dateTime={m.createdAt}>{formatTime(m.createdAt, locale)}</time>
              {state && ' · ' + (state === 'seen' ? t.seen : t.sent)}
            </p>
            {m === last && !own && m.payload?.quickReplies?.length ? (
              <div class="qr" role="group" aria-label={t.suggestions}>
                {m.payload.quickReplies.map((q, i) => (
                  <button key={i} type="button" data-testid="sportello-quick-reply" onClick={() => client.send(q.value)}>
                    {q.label}
                  </button>
                ))}
              </div>
            ) : null}
          </div>,
        ];
      })}
      {client.uploads.length > 0 && <Uploads client={client} t={t} />}
      {typing && (
        <p class="typing" data-testid="sportello-typing">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {fill(t.typing, { name: typing.name || (typing.type === 'bot' ? t.bot : t.agent) })}
        </p>
      )}
      {children}
    </div>
  );
}
