import { useEffect, useRef, useState } from 'preact/hooks';
import type { WidgetConfig } from '../core/host';
import { fill, type Texts } from '../locales/en';
import type { ChatClient } from './chat-client';
import { Composer } from './composer';
import { lazyView } from './lazy-view';
import { MessageList } from './message-list';
import { availability } from '../core/business-hours';

/** Up to two initials of a name, for the avatar of the agent answering (whole characters, emoji too). */
const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0])
    .join('')
    .toUpperCase();

// Rarely needed: their own chunks, fetched on first use.
const RatingForm = lazyView(() => import('./rating-form').then((m) => m.RatingForm));
const ConversationList = lazyView(() => import('./conversation-list').then((m) => m.ConversationList));
const AwayNotice = lazyView(() => import('./away-notice').then((m) => m.AwayNotice));

export interface PanelProps {
  client: ChatClient;
  t: Texts;
  locale: string;
  config: WidgetConfig;
  open: boolean;
  /** Changes when the shopper opened the panel: the composer takes the focus then (not when the
   * page opened it, e.g. on the next page load, which must not steal the focus). */
  focusRequest: number;
  /** Text of the live region (the newest incoming message). */
  announcement: string;
  onClose(): void;
  /** Where the widget was loaded from, ending in `/`. */
  base: string;
}

/** The chat panel: header, conversation or past conversations, composer. (Escape is handled by the loader.) */
export function PanelView({ client, t, locale, config, open, focusRequest, announcement, onClose, base }: PanelProps) {
  const [showList, setShowList] = useState(false);
  const [broken, setBroken] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const current = client.current;

  useEffect(() => {
    if (focusRequest) input.current?.focus();
  }, [focusRequest]);

  const pick = (id: string | null) => {
    setShowList(false);
    client.select(id);
    setTimeout(() => input.current?.focus());
  };
  const status = current ? t[`status_${current.status}`] : '';
  // The person answering: the author of the newest agent message of this chat.
  const agent = [...client.currentMessages].reverse().find((m) => m.author.type === 'agent')?.author;
  // The picture the config names; the initials when it did not load (removed since the config was cached).
  const picture = agent && config.avatars[agent.id!];
  const src = picture && `${base}api/v1/widget/avatars/${agent.id}/${picture}`;
  // Before a person has answered, while one can: how soon, as measured (never a fixed text).
  const minutes = config.replyMinutes;
  const hours = availability(config.businessHours, config.timeZone, new Date());
  const humans = hours.open && (client.agentsOnline ?? config.agentsOnline) > 0;
  const replies = !agent && humans && minutes ? (minutes < 60 ? fill(t.repliesMinutes, { n: minutes }) : fill(t.repliesHours, { n: Math.round(minutes / 60) })) : '';
  const rate =
    // Until the server has the rating: its thank-you is then a message of the history.
    current && current.status === 'resolved' && !current.csat ? (
      <RatingForm key={current.id} client={client} t={t} conversationId={current.id} />
    ) : null;

  return (
    <div
      class="panel"
      role="dialog"
      aria-label={fill(t.dialog, { site: config.name })}
      hidden={!open}
      data-testid="sportello-panel"
    >
      <header>
        {agent &&
          (src && src !== broken ? (
            <img class="av" src={src} alt="" width={36} height={36} onError={() => setBroken(src)} data-testid="sportello-agent-avatar" />
          ) : (
            <span class="av" aria-hidden="true" data-testid="sportello-agent-avatar">
              {initials(agent.name || t.agent)}
            </span>
          ))}
        <div class="title">
          <h2 data-testid="sportello-title">{agent ? agent.name || t.agent : config.name}</h2>
          {agent && <p>{config.name}</p>}
          {status && <p data-testid="sportello-status">{status}</p>}
          {replies && <p data-testid="sportello-replies">{replies}</p>}
        </div>
        <button
          type="button"
          class="icon"
          aria-label={showList ? t.back : t.history}
          aria-pressed={showList}
          data-testid="sportello-history-button"
          onClick={() => {
            if (!showList) void client.refreshList().catch(() => undefined);
            setShowList(!showList);
          }}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M13 3a9 9 0 1 0 9 9h-2a7 7 0 1 1-2.05-4.95L15 10h7V3l-2.64 2.64A8.96 8.96 0 0 0 13 3zm-1 5v5l4.25 2.52.77-1.28-3.52-2.09V8z" />
          </svg>
        </button>
        <button type="button" class="icon" aria-label={t.close} data-testid="sportello-close" onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z" />
          </svg>
        </button>
      </header>
      {client.connection === 'offline' && (
        <p class="banner" role="status" data-testid="sportello-offline">
          {t.reconnecting}
        </p>
      )}
      {client.connection === 'refused' && (
        <p class="banner" role="alert">
          {t.unavailable}
        </p>
      )}
      {showList ? (
        <ConversationList conversations={client.conversations} t={t} locale={locale} onPick={pick} />
      ) : (
        <>
          <MessageList client={client} t={t} locale={locale} greeting={config.greeting[locale] || t.greeting} open={open}>
            {/* Nobody can answer now, and no agent has this chat (answering, or waiting for the shopper). */}
            {!humans && current?.status !== 'open' && current?.status !== 'pending' && <AwayNotice client={client} t={t} config={config} locale={locale} nextOpening={hours.nextOpening} />}
            {rate}
          </MessageList>
          {current?.status === 'closed' ? (
            <div class="closed">
              <p>{t.closedNotice}</p>
              <button type="button" class="btn" onClick={() => pick(null)} data-testid="sportello-new-conversation">
                {t.newConversation}
              </button>
            </div>
          ) : (
            <Composer client={client} t={t} inputRef={input} files={config.files} />
          )}
        </>
      )}
      <p class="sr" aria-live="polite" data-testid="sportello-live">
        {announcement}
      </p>
    </div>
  );
}
